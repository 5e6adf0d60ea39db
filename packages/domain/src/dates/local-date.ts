import { invariant } from '../shared/invariant'
import { err, ok } from '../shared/result'
import type { Result } from '../shared/result'

// A calendar date, 'YYYY-MM-DD', with no time and no zone: due dates do not move when the server's zone does.
export type LocalDate = string

type Parts = { year: number; month: number; day: number }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_FIRST_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/
const MIN_YEAR = 1
const MAX_YEAR = 9999

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function isValidParts({ year, month, day }: Parts): boolean {
  return (
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  )
}

function toParts(d: LocalDate): Parts {
  const match = ISO_DATE.exec(d)
  const parts = match && { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  invariant(parts && isValidParts(parts), `not a LocalDate: "${d}"`)
  return parts
}

function fromParts({ year, month, day }: Parts): LocalDate {
  invariant(year >= MIN_YEAR && year <= MAX_YEAR, `year ${year} is outside 0001-9999`)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil): integer arithmetic
// only, so neither the host zone nor DST can shift a day.
function toEpochDay({ year, month, day }: Parts): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

function fromEpochDay(epochDay: number): Parts {
  const z = epochDay + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

export function isLocalDate(s: string): boolean {
  const match = ISO_DATE.exec(s)
  return (
    match !== null && isValidParts({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) })
  )
}

export function parseLocalDate(s: string): Result<LocalDate, 'invalid-date'> {
  const trimmed = s.trim()
  return isLocalDate(trimmed) ? ok(trimmed) : err('invalid-date')
}

// French, German and Spanish users write the day first: 23/11/2026, 3/1/2026, 23.11.2026.
export function parseDayFirstDate(s: string): Result<LocalDate, 'invalid-date'> {
  const match = DAY_FIRST_DATE.exec(s.trim())
  if (match === null) return err('invalid-date')
  const parts = { year: Number(match[4]), month: Number(match[3]), day: Number(match[1]) }
  return isValidParts(parts) ? ok(fromParts(parts)) : err('invalid-date')
}

// The planner compares and shifts the same few hundred dates millions of times: their day numbers and strings are
// remembered (a bounded cache; an invalid date is never cached, so it still fails every time).
const CACHE_SIZE = 10_000
const epochDays = new Map<LocalDate, number>()
const datesOfEpochDay = new Map<number, LocalDate>()

function epochDayOf(d: LocalDate): number {
  let epochDay = epochDays.get(d)
  if (epochDay === undefined) {
    epochDay = toEpochDay(toParts(d))
    if (epochDays.size >= CACHE_SIZE) epochDays.clear()
    epochDays.set(d, epochDay)
  }
  return epochDay
}

function dateOfEpochDay(epochDay: number): LocalDate {
  let d = datesOfEpochDay.get(epochDay)
  if (d === undefined) {
    d = fromParts(fromEpochDay(epochDay))
    if (datesOfEpochDay.size >= CACHE_SIZE) datesOfEpochDay.clear()
    datesOfEpochDay.set(epochDay, d)
  }
  return d
}

export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) invariant(false, `days must be an integer, got ${n}`)
  return dateOfEpochDay(epochDayOf(d) + n)
}

// Clamps to the end of the target month (01-31 + 1 month = 02-28), as contracts and instalment schedules expect.
export function addMonths(d: LocalDate, n: number): LocalDate {
  invariant(Number.isSafeInteger(n), `months must be an integer, got ${n}`)
  const { year, month, day } = toParts(d)
  const monthIndex = year * 12 + (month - 1) + n
  const targetYear = Math.floor(monthIndex / 12)
  const targetMonth = monthIndex - targetYear * 12 + 1
  invariant(targetYear >= MIN_YEAR && targetYear <= MAX_YEAR, `year ${targetYear} is outside 0001-9999`)
  return fromParts({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  })
}

// to − from in whole days: positive when `to` is later.
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return epochDayOf(to) - epochDayOf(from)
}

export function compareLocalDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const days = daysBetween(b, a)
  return days < 0 ? -1 : days > 0 ? 1 : 0
}

export function isBefore(a: LocalDate, b: LocalDate): boolean {
  return compareLocalDates(a, b) < 0
}

export function isAfter(a: LocalDate, b: LocalDate): boolean {
  return compareLocalDates(a, b) > 0
}

export function minDate(first: LocalDate, ...rest: readonly LocalDate[]): LocalDate {
  return rest.reduce((min, d) => (isBefore(d, min) ? d : min), toValid(first))
}

export function maxDate(first: LocalDate, ...rest: readonly LocalDate[]): LocalDate {
  return rest.reduce((max, d) => (isAfter(d, max) ? d : max), toValid(first))
}

export function endOfMonth(d: LocalDate): LocalDate {
  const { year, month } = toParts(d)
  return fromParts({ year, month, day: daysInMonth(year, month) })
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>()

// "Today" for a customer is the calendar date on their wall clock, not in UTC: 23:30Z on 22 November is already
// the 23rd in Paris.
export function localDateInTimeZone(now: Date, timeZone: string): LocalDate {
  invariant(!Number.isNaN(now.getTime()), 'now is an invalid Date')
  let formatter = dayFormatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
    dayFormatters.set(timeZone, formatter)
  }
  const parts = formatter.formatToParts(now)
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value)
  const date = { year: part('year'), month: part('month'), day: part('day') }
  invariant(isValidParts(date), `cannot read a calendar date for ${now.toISOString()} in ${timeZone}`)
  return fromParts(date)
}

function toValid(d: LocalDate): LocalDate {
  toParts(d)
  return d
}
