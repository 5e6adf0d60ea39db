import { chooseLocale, intlLocale, type Locale } from '@quittance/i18n/locales'

/** The language this staff member reads the back office in: the same choice as the root loader's. */
export function staffLocale(staff: { locale: string }, request: Request): { locale: Locale; intl: string } {
  const locale = chooseLocale({ contactLanguage: staff.locale, acceptLanguage: request.headers.get('Accept-Language') })
  return { locale, intl: intlLocale(locale) }
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

/** "1 Mar 2026, 10:04:05 CET": date, time to the second, and the zone, so an audit time is unambiguous. */
export function formatInstant(instant: Date, intl: string, timeZone: string): string {
  const key = `${intl}|${timeZone}`
  let format = dateTimeFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: 'long', timeZone })
    dateTimeFormats.set(key, format)
  }
  return format.format(instant)
}
