import { describe, expect, test } from 'vitest'
import { daysLate } from './days-late'

const today = '2026-11-23'

describe('daysLate', () => {
  test.each([
    { dueDate: '2026-12-01', expected: 0 },
    { dueDate: '2026-11-24', expected: 0 },
    { dueDate: today, expected: 0 },
    { dueDate: '2026-11-22', expected: 1 },
    { dueDate: '2026-10-24', expected: 30 },
    { dueDate: '2025-11-23', expected: 365 },
  ])('counts an invoice due $dueDate as $expected days late on 2026-11-23', ({ dueDate, expected }) => {
    expect(daysLate(dueDate, today)).toBe(expected)
  })

  test.each([
    { dueDate: '2028-02-28', today: '2028-03-01', expected: 2 },
    { dueDate: '2026-02-28', today: '2026-03-01', expected: 1 },
    { dueDate: '2026-03-28', today: '2026-03-30', expected: 2 },
  ])(
    'counts $expected days late from $dueDate to $today across February and DST',
    ({ dueDate, today, expected }) => {
      expect(daysLate(dueDate, today)).toBe(expected)
    },
  )
})
