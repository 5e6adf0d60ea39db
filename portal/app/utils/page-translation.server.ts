import { messagesFor } from '@quittance/i18n/catalog'
import { intlLocale, isLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import { localeFromPath, type PageTranslation } from './i18n'

const translations = new Map<Locale, PageTranslation>()

/** The portal's translator for a language, made once per process. */
export function pageTranslation(locale: Locale): PageTranslation {
  let translation = translations.get(locale)
  if (!translation) {
    translation = { locale, t: createTranslator(intlLocale(locale), messagesFor(locale, 'portal')) }
    translations.set(locale, translation)
  }
  return translation
}

/** The page's language: the root loader's choice, or (when the root loader failed) the URL's first segment. */
export function pageLocale(rootData: unknown, url: string): Locale {
  const chosen = (rootData as { locale?: unknown } | undefined)?.locale
  if (isLocale(chosen)) return chosen
  return localeFromPath(new URL(url).pathname)
}
