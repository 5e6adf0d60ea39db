import { describe, expect, test } from 'vitest'
import {
  isWithinWindow,
  isoWeekday,
  nextSendMoment,
  sendWindowProblems,
  windowDate,
  zonedInstant,
} from './send-window'
import type { SendWindow } from './send-window'

const paris: SendWindow = {
  weekdays: [1, 2, 3, 4, 5],
  startHour: 9,
  endHour: 18,
  timeZone: 'Europe/Paris',
  holidays: 'fr',
}
const at = (iso: string) => new Date(iso)

describe('isoWeekday', () => {
  test.each([
    { date: '2026-03-02', expected: 1 },
    { date: '2026-03-07', expected: 6 },
    { date: '2026-03-08', expected: 7 },
    { date: '1970-01-01', expected: 4 },
    { date: '1969-12-29', expected: 1 },
  ])('gives $date weekday $expected', ({ date, expected }) => {
    expect(isoWeekday(date)).toBe(expected)
  })
})

describe('zonedInstant', () => {
  test.each([
    {
      name: 'a winter morning in Paris',
      date: '2026-01-15',
      hour: 9,
      zone: 'Europe/Paris',
      expected: '2026-01-15T08:00:00.000Z',
    },
    {
      name: 'a summer morning in Paris',
      date: '2026-07-15',
      hour: 9,
      zone: 'Europe/Paris',
      expected: '2026-07-15T07:00:00.000Z',
    },
    {
      name: 'the morning after the spring jump',
      date: '2026-03-29',
      hour: 9,
      zone: 'Europe/Paris',
      expected: '2026-03-29T07:00:00.000Z',
    },
    {
      name: 'an hour skipped by the spring jump, moved past it',
      date: '2026-03-29',
      hour: 2,
      zone: 'Europe/Paris',
      expected: '2026-03-29T01:00:00.000Z',
    },
    {
      name: 'an hour repeated in autumn, its first occurrence',
      date: '2026-10-25',
      hour: 2,
      zone: 'Europe/Paris',
      expected: '2026-10-25T00:00:00.000Z',
    },
    {
      name: 'a morning in New York',
      date: '2026-03-09',
      hour: 9,
      zone: 'America/New_York',
      expected: '2026-03-09T13:00:00.000Z',
    },
    {
      name: 'a morning in Kolkata (half-hour offset)',
      date: '2026-03-09',
      hour: 9,
      zone: 'Asia/Kolkata',
      expected: '2026-03-09T03:30:00.000Z',
    },
    {
      name: 'midnight as hour 24',
      date: '2026-03-09',
      hour: 24,
      zone: 'UTC',
      expected: '2026-03-10T00:00:00.000Z',
    },
  ])('finds $name', ({ date, hour, zone, expected }) => {
    expect(zonedInstant(date, hour, zone).toISOString()).toBe(expected)
  })
})

describe('isWithinWindow', () => {
  test.each([
    { name: 'a Monday at 10:00 Paris', now: '2026-03-02T09:00:00Z', expected: true },
    { name: 'a Monday at 09:00 sharp', now: '2026-03-02T08:00:00Z', expected: true },
    { name: 'a Monday at 08:59', now: '2026-03-02T07:59:00Z', expected: false },
    { name: 'a Monday at 18:00 sharp (the end is exclusive)', now: '2026-03-02T17:00:00Z', expected: false },
    { name: 'a Saturday at 10:00', now: '2026-03-07T09:00:00Z', expected: false },
    { name: 'Easter Monday at 10:00', now: '2026-04-06T08:00:00Z', expected: false },
    {
      name: '23:30 UTC on a Sunday, already Monday 00:30 in Paris, too early',
      now: '2026-03-01T23:30:00Z',
      expected: false,
    },
  ])('says $name is inside: $expected', ({ now, expected }) => {
    expect(isWithinWindow(at(now), paris)).toBe(expected)
  })

  test('ignores holidays when the window has no holiday calendar', () => {
    expect(isWithinWindow(at('2026-04-06T08:00:00Z'), { ...paris, holidays: 'none' })).toBe(true)
  })
})

describe('nextSendMoment', () => {
  test.each([
    {
      name: 'keeps an instant already inside the window',
      now: '2026-03-03T10:17:00Z',
      expected: '2026-03-03T10:17:00.000Z',
    },
    {
      name: 'waits for the window to open the same morning',
      now: '2026-03-03T05:00:00Z',
      expected: '2026-03-03T08:00:00.000Z',
    },
    {
      name: 'moves an evening to the next morning',
      now: '2026-03-03T19:00:00Z',
      expected: '2026-03-04T08:00:00.000Z',
    },
    {
      name: 'moves a Friday evening to Monday',
      now: '2026-03-06T17:30:00Z',
      expected: '2026-03-09T08:00:00.000Z',
    },
    { name: 'moves a Saturday to Monday', now: '2026-03-07T09:00:00Z', expected: '2026-03-09T08:00:00.000Z' },
    {
      name: 'skips Easter Monday to Tuesday',
      now: '2026-04-04T09:00:00Z',
      expected: '2026-04-07T07:00:00.000Z',
    },
    {
      name: 'opens at 09:00 summer time on the Monday after the spring jump',
      now: '2026-03-28T12:00:00Z',
      expected: '2026-03-30T07:00:00.000Z',
    },
    {
      name: 'opens at 09:00 winter time on the Monday after the autumn jump',
      now: '2026-10-24T12:00:00Z',
      expected: '2026-10-26T08:00:00.000Z',
    },
    {
      name: 'skips the bridge of Ascension Thursday',
      now: '2026-05-13T17:00:00Z',
      expected: '2026-05-15T07:00:00.000Z',
    },
    {
      name: 'uses the Paris date, not the UTC date, near midnight',
      now: '2026-03-06T23:30:00Z',
      expected: '2026-03-09T08:00:00.000Z',
    },
  ])('$name', ({ now, expected }) => {
    expect(nextSendMoment(at(now), paris).toISOString()).toBe(expected)
  })

  test('follows a window in another zone', () => {
    const newYork: SendWindow = {
      weekdays: [1, 2, 3, 4, 5, 6],
      startHour: 8,
      endHour: 20,
      timeZone: 'America/New_York',
      holidays: 'none',
    }
    expect(nextSendMoment(at('2026-03-08T02:00:00Z'), newYork).toISOString()).toBe('2026-03-09T12:00:00.000Z')
  })

  test('refuses an invalid window as a programmer error', () => {
    expect(() => nextSendMoment(at('2026-03-02T09:00:00Z'), { ...paris, weekdays: [] })).toThrow(
      /no-weekdays/,
    )
  })
})

describe('windowDate', () => {
  test('reads the date on the window’s wall clock', () => {
    expect(windowDate(at('2026-03-01T23:30:00Z'), paris)).toBe('2026-03-02')
  })
})

describe('sendWindowProblems', () => {
  test.each([
    { name: 'a valid window', change: {}, expected: [] },
    { name: 'no weekdays', change: { weekdays: [] }, expected: ['no-weekdays'] },
    { name: 'a weekday 0', change: { weekdays: [0] }, expected: ['invalid-weekday'] },
    { name: 'hours in the wrong order', change: { startHour: 18, endHour: 9 }, expected: ['invalid-hours'] },
    { name: 'an empty range', change: { startHour: 9, endHour: 9 }, expected: ['invalid-hours'] },
    { name: 'an hour past midnight', change: { endHour: 25 }, expected: ['invalid-hours'] },
    { name: 'a fractional hour', change: { startHour: 8.5 }, expected: ['invalid-hours'] },
    { name: 'the whole day', change: { startHour: 0, endHour: 24 }, expected: [] },
    { name: 'an unknown zone', change: { timeZone: 'Mars/Olympus' }, expected: ['unknown-time-zone'] },
  ])('reports $expected for $name', ({ change, expected }) => {
    expect(sendWindowProblems({ ...paris, ...change } as SendWindow)).toEqual(expected)
  })
})
