import { describe, expect, test } from 'vitest'
import { canonicalTimeZone, isTimeZone, startOfDayInTimeZone, timeZoneNames } from './time-zone'

describe('time zones', () => {
  test.each([
    { input: 'Europe/Paris', expected: 'Europe/Paris' },
    { input: 'europe/paris', expected: 'Europe/Paris' },
    { input: ' Europe/Berlin ', expected: 'Europe/Berlin' },
    { input: 'America/Argentina/Buenos_Aires', expected: 'America/Argentina/Buenos_Aires' },
    { input: 'Asia/Kolkata', expected: 'Asia/Kolkata' },
    { input: 'utc', expected: 'UTC' },
    { input: 'UTC', expected: 'UTC' },
    { input: 'Europe/Lyon', expected: null },
    { input: 'Mars/Olympus', expected: null },
    { input: '+01:00', expected: null },
    { input: '', expected: null },
    { input: 'Europe/Paris; drop table', expected: null },
  ])('$input → $expected', ({ input, expected }) => {
    expect(canonicalTimeZone(input)).toBe(expected)
  })

  test('only the canonical spelling is a stored time zone', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true)
    expect(isTimeZone('europe/paris')).toBe(false)
  })

  test('lists the zones for a picker', () => {
    expect(timeZoneNames()).toContain('Europe/Paris')
  })
})

describe('start of a day in a time zone', () => {
  test.each([
    { date: '2026-01-15', zone: 'Europe/Paris', expected: '2026-01-14T23:00:00.000Z' },
    { date: '2026-07-15', zone: 'Europe/Paris', expected: '2026-07-14T22:00:00.000Z' },
    { date: '2026-03-29', zone: 'Europe/Paris', expected: '2026-03-28T23:00:00.000Z' },
    { date: '2026-03-30', zone: 'Europe/Paris', expected: '2026-03-29T22:00:00.000Z' },
    { date: '2026-10-25', zone: 'Europe/Paris', expected: '2026-10-24T22:00:00.000Z' },
    { date: '2026-10-26', zone: 'Europe/Paris', expected: '2026-10-25T23:00:00.000Z' },
    { date: '2026-03-01', zone: 'UTC', expected: '2026-03-01T00:00:00.000Z' },
    { date: '2026-03-01', zone: 'America/New_York', expected: '2026-03-01T05:00:00.000Z' },
    { date: '2026-03-01', zone: 'Asia/Tokyo', expected: '2026-02-28T15:00:00.000Z' },
    { date: '2026-03-01', zone: 'Asia/Kolkata', expected: '2026-02-28T18:30:00.000Z' },
  ])('$date in $zone starts at $expected', ({ date, zone, expected }) => {
    expect(startOfDayInTimeZone(date, zone).toISOString()).toBe(expected)
  })

  test('refuses what is not a date', () => {
    expect(() => startOfDayInTimeZone('1/3/2026', 'UTC')).toThrow()
  })
})
