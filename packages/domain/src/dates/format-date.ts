import { isLocalDate } from './local-date'
import type { LocalDate } from './local-date'
import { invariant } from '../shared/invariant'
import { memoizeFormatter } from '../shared/memoize-formatter'

const dateFormatter = memoizeFormatter(
  (locale, style) => new Intl.DateTimeFormat(locale, { dateStyle: style as 'short' | 'medium' | 'long', timeZone: 'UTC' }),
)

// A LocalDate is a calendar date: it is placed at UTC midnight and formatted in UTC, so no zone can shift it.
export function formatLocalDate(
  d: LocalDate,
  locale: string,
  style: 'short' | 'medium' | 'long' = 'medium',
): string {
  invariant(isLocalDate(d), `not a LocalDate: "${d}"`)
  const instant = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  instant.setUTCFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)))
  return dateFormatter(locale, style).format(instant)
}
