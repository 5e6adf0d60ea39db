import { describe, expect, test } from 'vitest'
import { remainingMinor, settledMinor } from './invoice-balance'

const amounts = (paidMinor: number, creditedMinor = 0, writtenOffMinor = 0, totalMinor = 10_000) => ({
  totalMinor,
  paidMinor,
  creditedMinor,
  writtenOffMinor,
})

describe('invoice balance', () => {
  test.each([
    { name: 'an untouched invoice', input: amounts(0), remaining: 10_000, settled: 0 },
    { name: 'a partly paid invoice', input: amounts(2_500), remaining: 7_500, settled: 2_500 },
    {
      name: 'a paid, credited and written-off invoice',
      input: amounts(5_000, 3_000, 1_999),
      remaining: 1,
      settled: 9_999,
    },
    { name: 'a fully settled invoice', input: amounts(9_000, 1_000), remaining: 0, settled: 10_000 },
    { name: 'a written-off invoice', input: amounts(0, 0, 10_000), remaining: 0, settled: 10_000 },
    { name: 'a zero invoice', input: amounts(0, 0, 0, 0), remaining: 0, settled: 0 },
  ])('gives $remaining remaining and $settled settled for $name', ({ input, remaining, settled }) => {
    expect(remainingMinor(input)).toBe(remaining)
    expect(settledMinor(input)).toBe(settled)
  })

  test('refuses an over-settled invoice as a programmer error', () => {
    expect(() => remainingMinor(amounts(9_000, 1_001))).toThrow(/over-settled/)
  })

  test.each([
    { name: 'a fractional payment', input: amounts(0.5) },
    { name: 'an unsafe total', input: amounts(0, 0, 0, Number.MAX_SAFE_INTEGER + 1) },
    { name: 'a settled sum beyond the safe range', input: amounts(Number.MAX_SAFE_INTEGER, 1) },
  ])('refuses $name as a programmer error', ({ input }) => {
    expect(() => remainingMinor(input)).toThrow(/safe integer/)
  })
})
