import { memoizeFormatter } from '@quittance/domain/shared/memoize-formatter'
import { chooseLocale, intlLocale, type Locale } from '@quittance/i18n/locales'

// Formatting for the imports screens, on the server, in the staff member's language.

export function importsLocale(staff: { locale: string }, request: Request): Locale {
  return chooseLocale({ contactLanguage: staff.locale, acceptLanguage: request.headers.get('Accept-Language') })
}

const instant = memoizeFormatter((intlTag) => new Intl.DateTimeFormat(intlTag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }))
const integer = memoizeFormatter((intlTag) => new Intl.NumberFormat(intlTag, { maximumFractionDigits: 0 }))
const megabytes = memoizeFormatter((intlTag) => new Intl.NumberFormat(intlTag, { maximumFractionDigits: 1 }))

export function importFormatters(locale: Locale) {
  const tag = intlLocale(locale)
  return {
    instant: (at: Date | string | null) => (at ? instant(tag).format(typeof at === 'string' ? new Date(at) : at) : ''),
    count: (n: number) => integer(tag).format(n),
    size: (bytes: number) =>
      bytes < 1024 * 1024 ? `${integer(tag).format(Math.ceil(bytes / 1024))} KB` : `${megabytes(tag).format(bytes / (1024 * 1024))} MB`,
  }
}

/** Separator and encoding as people name them. */
export function describeFormat(job: { encoding: string | null; delimiter: string | null }) {
  const delimiter = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[job.delimiter ?? ''] ?? 'comma'
  const encoding = { 'utf-8': 'UTF-8', 'utf-8-bom': 'UTF-8 (BOM)', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', 'windows-1252': 'Latin-1 (Windows-1252)' }[job.encoding ?? ''] ?? '?'
  return { delimiter, encoding }
}
