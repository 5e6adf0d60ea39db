import { describe, expect, test } from 'vitest'
import { easterSunday, frenchPublicHolidays, isPublicHoliday } from './french-public-holidays'

describe('easterSunday', () => {
  test.each([
    { year: 2024, expected: '2024-03-31' },
    { year: 2025, expected: '2025-04-20' },
    { year: 2026, expected: '2026-04-05' },
    { year: 2027, expected: '2027-03-28' },
    { year: 2028, expected: '2028-04-16' },
    { year: 2038, expected: '2038-04-25' },
    { year: 2285, expected: '2285-03-22' },
  ])('puts Easter $year on $expected', ({ year, expected }) => {
    expect(easterSunday(year)).toBe(expected)
  })

  test('refuses a year before the Gregorian calendar as a programmer error', () => {
    expect(() => easterSunday(1500)).toThrow(/Gregorian/)
  })
})

describe('frenchPublicHolidays', () => {
  test('lists the eleven national holidays of 2026 in date order', () => {
    expect(frenchPublicHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ])
  })

  test('adds Good Friday and St Stephen’s Day in Alsace-Moselle', () => {
    const dates = frenchPublicHolidays(2026, 'fr-alsace-moselle').map((h) => h.date)
    expect(dates).toHaveLength(13)
    expect(dates).toContain('2026-04-03')
    expect(dates).toContain('2026-12-26')
  })

  test('names each holiday in French', () => {
    expect(frenchPublicHolidays(2025).find((h) => h.date === '2025-05-29')?.name).toBe('Ascension')
  })
})

describe('isPublicHoliday', () => {
  test.each([
    { date: '2026-04-06', calendar: 'fr', expected: true },
    { date: '2026-04-03', calendar: 'fr', expected: false },
    { date: '2026-04-03', calendar: 'fr-alsace-moselle', expected: true },
    { date: '2026-07-14', calendar: 'none', expected: false },
    { date: '2026-07-15', calendar: 'fr', expected: false },
    { date: '2027-05-17', calendar: 'fr', expected: true },
  ] as const)('says $date is a holiday in calendar $calendar: $expected', ({ date, calendar, expected }) => {
    expect(isPublicHoliday(date, calendar)).toBe(expected)
  })
})
