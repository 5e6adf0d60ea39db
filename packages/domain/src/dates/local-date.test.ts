import { describe, expect, test } from 'vitest'
import {
  addDays,
  addMonths,
  compareLocalDates,
  daysBetween,
  endOfMonth,
  isAfter,
  isBefore,
  isLocalDate,
  localDateInTimeZone,
  maxDate,
  minDate,
  parseDayFirstDate,
  parseLocalDate,
} from './local-date'

const today = '2026-11-23'

describe('isLocalDate', () => {
  test.each([
    { s: today, expected: true },
    { s: '2026-02-28', expected: true },
    { s: '2028-02-29', expected: true },
    { s: '2000-02-29', expected: true },
    { s: '0001-01-01', expected: true },
    { s: '9999-12-31', expected: true },
    { s: '2026-02-29', expected: false },
    { s: '2100-02-29', expected: false },
    { s: '2026-02-30', expected: false },
    { s: '2026-04-31', expected: false },
    { s: '2026-13-01', expected: false },
    { s: '2026-00-10', expected: false },
    { s: '2026-01-00', expected: false },
    { s: '0000-01-01', expected: false },
    { s: '2026-1-5', expected: false },
    { s: '26-01-05', expected: false },
    { s: '2026-01-05T00:00:00Z', expected: false },
    { s: ' 2026-01-05', expected: false },
    { s: '2026/01/05', expected: false },
    { s: '', expected: false },
  ])('says $s is a calendar date: $expected', ({ s, expected }) => {
    expect(isLocalDate(s)).toBe(expected)
  })
})

describe('parsing', () => {
  test.each([
    { s: '2026-11-23', expected: { ok: true, value: '2026-11-23' } },
    { s: ' 2028-02-29 ', expected: { ok: true, value: '2028-02-29' } },
    { s: '2026-02-30', expected: { ok: false, error: 'invalid-date' } },
    { s: '23/11/2026', expected: { ok: false, error: 'invalid-date' } },
    { s: '2026-11-23T10:00', expected: { ok: false, error: 'invalid-date' } },
  ])('parses the ISO date $s as $expected', ({ s, expected }) => {
    expect(parseLocalDate(s)).toEqual(expected)
  })

  test.each([
    { s: '23/11/2026', expected: { ok: true, value: '2026-11-23' } },
    { s: '3/1/2026', expected: { ok: true, value: '2026-01-03' } },
    { s: '03/01/2026', expected: { ok: true, value: '2026-01-03' } },
    { s: '23.11.2026', expected: { ok: true, value: '2026-11-23' } },
    { s: '29/02/2028', expected: { ok: true, value: '2028-02-29' } },
    { s: ' 1.2.2026 ', expected: { ok: true, value: '2026-02-01' } },
    { s: '29/02/2026', expected: { ok: false, error: 'invalid-date' } },
    { s: '31/04/2026', expected: { ok: false, error: 'invalid-date' } },
    { s: '11/23/2026', expected: { ok: false, error: 'invalid-date' } },
    { s: '23/11.2026', expected: { ok: false, error: 'invalid-date' } },
    { s: '23/11/26', expected: { ok: false, error: 'invalid-date' } },
    { s: '2026-11-23', expected: { ok: false, error: 'invalid-date' } },
    { s: '123/11/2026', expected: { ok: false, error: 'invalid-date' } },
    { s: '', expected: { ok: false, error: 'invalid-date' } },
  ])('parses the day-first date $s as $expected', ({ s, expected }) => {
    expect(parseDayFirstDate(s)).toEqual(expected)
  })
})

describe('arithmetic', () => {
  test.each([
    { d: today, n: 1, expected: '2026-11-24' },
    { d: today, n: 0, expected: today },
    { d: today, n: -23, expected: '2026-10-31' },
    { d: '2026-12-31', n: 1, expected: '2027-01-01' },
    { d: '2028-02-28', n: 1, expected: '2028-02-29' },
    { d: '2026-02-28', n: 1, expected: '2026-03-01' },
    { d: '2028-03-01', n: -1, expected: '2028-02-29' },
    // The Paris DST switches (29 March and 25 October 2026) do not shorten or lengthen a day.
    { d: '2026-03-28', n: 1, expected: '2026-03-29' },
    { d: '2026-03-29', n: 1, expected: '2026-03-30' },
    { d: '2026-10-25', n: 1, expected: '2026-10-26' },
    { d: '2026-01-31', n: 45, expected: '2026-03-17' },
    { d: '2026-01-01', n: 365, expected: '2027-01-01' },
    { d: '2028-01-01', n: 366, expected: '2029-01-01' },
    { d: '1970-01-01', n: -1, expected: '1969-12-31' },
  ])('adds $n days to $d: $expected', ({ d, n, expected }) => {
    expect(addDays(d, n)).toBe(expected)
  })

  test.each([
    { d: '2026-01-31', n: 1, expected: '2026-02-28' },
    { d: '2028-01-31', n: 1, expected: '2028-02-29' },
    { d: '2026-03-31', n: 1, expected: '2026-04-30' },
    { d: '2026-03-31', n: -1, expected: '2026-02-28' },
    { d: '2028-02-29', n: 12, expected: '2029-02-28' },
    { d: '2028-02-29', n: 48, expected: '2032-02-29' },
    { d: '2026-11-23', n: 2, expected: '2027-01-23' },
    { d: '2026-01-15', n: -1, expected: '2025-12-15' },
    { d: '2026-01-15', n: -13, expected: '2024-12-15' },
    { d: '2026-08-31', n: 6, expected: '2027-02-28' },
    { d: '2026-05-10', n: 0, expected: '2026-05-10' },
  ])('adds $n months to $d, clamped to the month end: $expected', ({ d, n, expected }) => {
    expect(addMonths(d, n)).toBe(expected)
  })

  test('chains monthly due dates from the month end without drifting to the 28th', () => {
    const dueDates = [0, 1, 2, 3].map((n) => addMonths('2026-01-31', n))
    expect(dueDates).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'])
  })

  test.each([
    { from: '2026-11-22', to: today, expected: 1 },
    { from: today, to: '2026-11-22', expected: -1 },
    { from: today, to: today, expected: 0 },
    { from: '2028-02-01', to: '2028-03-01', expected: 29 },
    { from: '2026-02-01', to: '2026-03-01', expected: 28 },
    { from: '2026-03-28', to: '2026-03-30', expected: 2 },
    { from: '2026-10-24', to: '2026-10-26', expected: 2 },
    { from: '2025-12-31', to: '2026-12-31', expected: 365 },
    { from: '1999-12-31', to: '2100-01-01', expected: 36_526 },
  ])('counts $expected days from $from to $to', ({ from, to, expected }) => {
    expect(daysBetween(from, to)).toBe(expected)
  })

  test('agrees with the UTC calendar of Date on every day from 1899 to 2101', () => {
    const start = Date.UTC(1899, 0, 1)
    const mismatches: string[] = []
    for (let n = 0; n < 202 * 366; n += 1) {
      const expected = new Date(start + n * 86_400_000).toISOString().slice(0, 10)
      const actual = addDays('1899-01-01', n)
      if (actual !== expected || daysBetween('1899-01-01', expected) !== n) mismatches.push(`${n}: ${actual}`)
    }
    expect(mismatches).toEqual([])
  })

  test.each([
    { name: 'a non-date', run: () => addDays('2026-02-30', 1) },
    { name: 'a fractional day count', run: () => addDays(today, 0.5) },
    { name: 'a fractional month count', run: () => addMonths(today, 1.5) },
    { name: 'a date past year 9999', run: () => addDays('9999-12-31', 1) },
    { name: 'a month past year 9999', run: () => addMonths('9999-12-31', 1) },
    { name: 'comparing a non-date', run: () => compareLocalDates(today, '23/11/2026') },
  ])('refuses $name as a programmer error', ({ run }) => {
    expect(run).toThrow(/LocalDate|integer|year/)
  })
})

describe('comparisons', () => {
  test.each([
    { a: '2026-11-22', b: today, expected: -1 },
    { a: today, b: '2026-11-22', expected: 1 },
    { a: today, b: today, expected: 0 },
    { a: '2025-12-31', b: '2026-01-01', expected: -1 },
  ])('compares $a with $b as $expected', ({ a, b, expected }) => {
    expect(compareLocalDates(a, b)).toBe(expected)
    expect(isBefore(a, b)).toBe(expected < 0)
    expect(isAfter(a, b)).toBe(expected > 0)
  })

  test.each([
    { dates: ['2026-03-01', '2026-01-15', '2026-02-10'], min: '2026-01-15', max: '2026-03-01' },
    { dates: [today], min: today, max: today },
    { dates: [today, today], min: today, max: today },
  ])('finds the earliest $min and the latest $max of $dates', ({ dates, min, max }) => {
    const [first = '', ...rest] = dates
    expect(minDate(first, ...rest)).toBe(min)
    expect(maxDate(first, ...rest)).toBe(max)
  })

  test('refuses a non-date as the only argument of minDate', () => {
    expect(() => minDate('not a date')).toThrow(/LocalDate/)
  })

  test.each([
    { d: '2026-01-15', expected: '2026-01-31' },
    { d: '2026-02-01', expected: '2026-02-28' },
    { d: '2028-02-10', expected: '2028-02-29' },
    { d: '2026-04-30', expected: '2026-04-30' },
    { d: '2026-12-01', expected: '2026-12-31' },
  ])('gives $expected as the end of the month of $d', ({ d, expected }) => {
    expect(endOfMonth(d)).toBe(expected)
  })
})

describe('localDateInTimeZone', () => {
  test.each([
    { now: '2026-11-22T23:30:00Z', timeZone: 'Europe/Paris', expected: '2026-11-23' },
    { now: '2026-11-22T22:59:59Z', timeZone: 'Europe/Paris', expected: '2026-11-22' },
    { now: '2026-11-22T23:30:00Z', timeZone: 'UTC', expected: '2026-11-22' },
    { now: '2026-11-23T04:30:00Z', timeZone: 'America/New_York', expected: '2026-11-22' },
    { now: '2026-11-22T10:30:00Z', timeZone: 'Pacific/Kiritimati', expected: '2026-11-23' },
    // Summer time: Paris is UTC+2, so 22:30Z is already the next day.
    { now: '2026-07-14T22:30:00Z', timeZone: 'Europe/Paris', expected: '2026-07-15' },
    // Around the spring-forward and fall-back nights in Paris.
    { now: '2026-03-28T23:30:00Z', timeZone: 'Europe/Paris', expected: '2026-03-29' },
    { now: '2026-03-29T21:59:59Z', timeZone: 'Europe/Paris', expected: '2026-03-29' },
    { now: '2026-03-29T22:00:00Z', timeZone: 'Europe/Paris', expected: '2026-03-30' },
    { now: '2026-10-24T21:59:59Z', timeZone: 'Europe/Paris', expected: '2026-10-24' },
    { now: '2026-10-24T22:00:00Z', timeZone: 'Europe/Paris', expected: '2026-10-25' },
    { now: '2026-10-25T22:59:59Z', timeZone: 'Europe/Paris', expected: '2026-10-25' },
    { now: '2026-10-25T23:00:00Z', timeZone: 'Europe/Paris', expected: '2026-10-26' },
  ])('reads $now as $expected in $timeZone', ({ now, timeZone, expected }) => {
    expect(localDateInTimeZone(new Date(now), timeZone)).toBe(expected)
  })

  test.each([
    { name: 'an invalid Date', now: new Date(Number.NaN), timeZone: 'Europe/Paris' },
    { name: 'an unknown time zone', now: new Date('2026-11-23T00:00:00Z'), timeZone: 'Mars/Olympus' },
  ])('refuses $name as a programmer error', ({ now, timeZone }) => {
    expect(() => localDateInTimeZone(now, timeZone)).toThrow()
  })
})
