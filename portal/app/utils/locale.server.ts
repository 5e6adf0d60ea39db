import { isLocale, type Locale } from '@quittance/i18n/locales'

/** An unknown locale in the URL is a 404, like any other unknown path. */
export function requireLocale(params: { locale?: string }): Locale {
  if (!isLocale(params.locale)) throw new Response('Not found', { status: 404 })
  return params.locale
}
