import { describe, expect, test } from 'vitest'
import { isLockedOut, lockedUntilAfterFailure } from './sign-in-lockout'

const NOW = new Date('2026-11-23T10:00:00Z')
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000)

describe('sign-in lock-out', () => {
  test.each([
    { failures: 1, until: null },
    { failures: 4, until: null },
    { failures: 5, until: minutes(1) },
    { failures: 6, until: minutes(2) },
    { failures: 7, until: minutes(4) },
    { failures: 11, until: minutes(60) },
    { failures: 500, until: minutes(60) },
  ])('after $failures failures the account is locked until $until', ({ failures, until }) => {
    expect(lockedUntilAfterFailure(failures, NOW)).toEqual(until)
  })

  test.each([
    { lockedUntil: null, expected: false },
    { lockedUntil: minutes(1), expected: true },
    { lockedUntil: NOW, expected: false },
    { lockedUntil: minutes(-1), expected: false },
  ])('locked until $lockedUntil is locked now: $expected', ({ lockedUntil, expected }) => {
    expect(isLockedOut(lockedUntil, NOW)).toBe(expected)
  })
})
