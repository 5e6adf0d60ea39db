import { useLocation } from '@remix-run/react'
import { LOCALE_NAMES, SUPPORTED_LOCALES } from '@quittance/i18n/locales'
import { useTranslation } from '~/utils/i18n'

/** Plain links to the same page in another language: works without JavaScript. */
export function LanguageSwitcher() {
  const { t, locale } = useTranslation()
  const { pathname, search } = useLocation()
  const rest = pathname.replace(/^\/[a-z]{2}(?=\/|$)/, '')
  return (
    <nav aria-label={t('nav.language')} className="languages">
      <ul>
        {SUPPORTED_LOCALES.map((code) => (
          <li key={code}>
            {code === locale ? (
              <span aria-current="true" lang={code}>
                {LOCALE_NAMES[code]}
              </span>
            ) : (
              <a href={`/${code}${rest}${search}`} lang={code} hrefLang={code}>
                {LOCALE_NAMES[code]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}
