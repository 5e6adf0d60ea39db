import { describe, expect, test } from 'vitest'
import { AGING_BUCKETS, agingBucket } from './aging'
import { addDays } from '../dates/local-date'

const today = '2026-11-23'

describe('agingBucket', () => {
  test.each([
    { late: -10, expected: 'not_due' },
    { late: 0, expected: 'not_due' },
    { late: 1, expected: '1_30' },
    { late: 30, expected: '1_30' },
    { late: 31, expected: '31_60' },
    { late: 60, expected: '31_60' },
    { late: 61, expected: '61_90' },
    { late: 90, expected: '61_90' },
    { late: 91, expected: '90_plus' },
    { late: 1_000, expected: '90_plus' },
  ])('puts an invoice $late days late in $expected', ({ late, expected }) => {
    expect(agingBucket(addDays(today, -late), today)).toBe(expected)
  })

  test('lists the buckets from the least to the most overdue', () => {
    expect(AGING_BUCKETS).toEqual(['not_due', '1_30', '31_60', '61_90', '90_plus'])
  })
})
