import { describe, expect, test } from 'vitest'
import {
  addMoney,
  allocateLargestRemainder,
  compareMoney,
  isZero,
  money,
  splitEvenly,
  subtractMoney,
  sumMoney,
} from './money'

const eur = (amountMinor: number) => money(amountMinor, 'EUR')
const amounts = (parts: readonly { amountMinor: number }[]) => parts.map((p) => p.amountMinor)

describe('money', () => {
  test('builds an amount in minor units', () => {
    expect(money(1234, 'EUR')).toEqual({ amountMinor: 1234, currency: 'EUR' })
  })

  test('normalises minus zero to zero', () => {
    expect(Object.is(money(-0, 'EUR').amountMinor, 0)).toBe(true)
  })

  test('accepts the largest safe integer', () => {
    expect(money(Number.MAX_SAFE_INTEGER, 'JPY').amountMinor).toBe(Number.MAX_SAFE_INTEGER)
  })

  test.each([
    { amountMinor: 12.5, currency: 'EUR', message: /safe integer/ },
    { amountMinor: Number.MAX_SAFE_INTEGER + 1, currency: 'EUR', message: /safe integer/ },
    { amountMinor: Number.NaN, currency: 'EUR', message: /safe integer/ },
    { amountMinor: Number.POSITIVE_INFINITY, currency: 'EUR', message: /safe integer/ },
    { amountMinor: 100, currency: 'eur', message: /currency/ },
    { amountMinor: 100, currency: 'EURO', message: /currency/ },
    { amountMinor: 100, currency: 'ABC', message: /currency/ },
  ])('refuses $amountMinor $currency as a programmer error', ({ amountMinor, currency, message }) => {
    expect(() => money(amountMinor, currency)).toThrow(message)
  })
})

describe('arithmetic', () => {
  test('adds two amounts of the same currency', () => {
    expect(addMoney(eur(1050), eur(-50))).toEqual(eur(1000))
  })

  test('subtracts into a negative amount', () => {
    expect(subtractMoney(eur(100), eur(250))).toEqual(eur(-150))
  })

  test.each([
    { name: 'adding', run: () => addMoney(eur(1), money(1, 'USD')) },
    { name: 'subtracting', run: () => subtractMoney(eur(1), money(1, 'USD')) },
    { name: 'comparing', run: () => compareMoney(eur(1), money(1, 'USD')) },
  ])('refuses $name amounts in different currencies', ({ run }) => {
    expect(run).toThrow(/EUR with USD/)
  })

  test.each([
    { name: 'an addition', run: () => addMoney(eur(Number.MAX_SAFE_INTEGER), eur(1)) },
    { name: 'a subtraction', run: () => subtractMoney(eur(-Number.MAX_SAFE_INTEGER), eur(1)) },
  ])('refuses $name that leaves the safe-integer range', ({ run }) => {
    expect(run).toThrow(/safe integer/)
  })

  test('sums a list in one currency', () => {
    expect(sumMoney([eur(100), eur(250), eur(-50)], 'EUR')).toEqual(eur(300))
  })

  test('sums an empty list to zero in the requested currency', () => {
    expect(sumMoney([], 'JPY')).toEqual(money(0, 'JPY'))
  })

  test('refuses to sum an item in another currency', () => {
    expect(() => sumMoney([eur(100), money(100, 'GBP')], 'EUR')).toThrow(/GBP/)
  })

  test.each([
    { amountMinor: 0, expected: true },
    { amountMinor: 1, expected: false },
    { amountMinor: -1, expected: false },
  ])('tells whether $amountMinor is zero: $expected', ({ amountMinor, expected }) => {
    expect(isZero(eur(amountMinor))).toBe(expected)
  })

  test.each([
    { a: 100, b: 200, expected: -1 },
    { a: 200, b: 100, expected: 1 },
    { a: 150, b: 150, expected: 0 },
    { a: -5, b: 0, expected: -1 },
  ])('compares $a with $b as $expected', ({ a, b, expected }) => {
    expect(compareMoney(eur(a), eur(b))).toBe(expected)
  })
})

describe('allocateLargestRemainder', () => {
  test.each([
    { total: 10_000, weights: [1, 1, 1], expected: [3_334, 3_333, 3_333] },
    { total: 100, weights: [1, 1, 1], expected: [34, 33, 33] },
    { total: 101, weights: [1, 1, 1], expected: [34, 34, 33] },
    { total: 5, weights: [3, 7], expected: [2, 3] },
    { total: 1000, weights: [1, 0, 3], expected: [250, 0, 750] },
    { total: 1, weights: [0, 5, 5], expected: [0, 1, 0] },
    { total: 0, weights: [2, 3], expected: [0, 0] },
    { total: 7, weights: [10], expected: [7] },
    // 10 × 2/6 = 3.33, 10 × 1/6 = 1.67, 10 × 3/6 = 5: the larger remainder wins, not the earlier index.
    { total: 10, weights: [2, 1, 3], expected: [3, 2, 5] },
    { total: -10_000, weights: [1, 1, 1], expected: [-3_334, -3_333, -3_333] },
    { total: -10, weights: [2, 1, 3], expected: [-3, -2, -5] },
  ])(
    'splits $total by weights $weights into $expected without losing a cent',
    ({ total, weights, expected }) => {
      const parts = allocateLargestRemainder(eur(total), weights)
      expect(amounts(parts)).toEqual(expected)
      expect(parts.every((p) => p.currency === 'EUR')).toBe(true)
    },
  )

  test('stays exact when total × weight exceeds 2^53', () => {
    const total = money(Number.MAX_SAFE_INTEGER, 'JPY')
    const parts = allocateLargestRemainder(total, [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1])
    expect(amounts(parts)).toEqual([4_503_599_627_370_496, 4_503_599_627_370_495])
  })

  test.each([
    { total: 9_999_999, weights: [3, 5, 7, 11, 13] },
    { total: -123_457, weights: [1, 2, 3, 4, 5, 6, 7] },
    { total: 1, weights: [1_000_000, 1_000_000, 1] },
  ])('parts of $total by $weights always sum to the total', ({ total, weights }) => {
    const parts = allocateLargestRemainder(eur(total), weights)
    expect(sumMoney(parts, 'EUR')).toEqual(eur(total))
  })

  test('never returns minus zero for a negative total', () => {
    const parts = allocateLargestRemainder(eur(-1), [1, 1])
    expect(parts.map((p) => Object.is(p.amountMinor, 0))).toEqual([false, true])
  })

  test.each([
    { name: 'no weights', weights: [] },
    { name: 'only zero weights', weights: [0, 0] },
    { name: 'a negative weight', weights: [2, -1] },
    { name: 'a fractional weight', weights: [0.5, 1] },
  ])('refuses $name', ({ weights }) => {
    expect(() => allocateLargestRemainder(eur(100), weights)).toThrow(/weight/)
  })
})

describe('splitEvenly', () => {
  test.each([
    { total: 10_000, parts: 3, expected: [3_334, 3_333, 3_333] },
    { total: 100, parts: 4, expected: [25, 25, 25, 25] },
    { total: 2, parts: 3, expected: [1, 1, 0] },
    { total: -5, parts: 2, expected: [-3, -2] },
    { total: 999, parts: 1, expected: [999] },
  ])('splits $total cents into $parts parts without losing a cent', ({ total, parts, expected }) => {
    expect(amounts(splitEvenly(eur(total), parts))).toEqual(expected)
  })

  test('splits yen without inventing fractions', () => {
    expect(splitEvenly(money(1000, 'JPY'), 3)).toEqual([
      money(334, 'JPY'),
      money(333, 'JPY'),
      money(333, 'JPY'),
    ])
  })

  test.each([0, -1, 1.5])('refuses %s parts', (parts) => {
    expect(() => splitEvenly(eur(100), parts)).toThrow(/parts/)
  })
})
