import { describe, expect, test } from 'vitest'
import { money } from './money'
import type { Money } from './money'
import { totalsByCurrency } from './totals-by-currency'

type Line = { label: string; amount: Money }
const line = (amountMinor: number, currency: string): Line => ({
  label: `${amountMinor} ${currency}`,
  amount: money(amountMinor, currency),
})

describe('totalsByCurrency', () => {
  test.each([
    { name: 'nothing for no items', lines: [], expected: [] },
    {
      name: 'one total for one currency',
      lines: [line(100, 'EUR'), line(250, 'EUR')],
      expected: [money(350, 'EUR')],
    },
    {
      name: 'one total per currency, sorted by code',
      lines: [line(100, 'USD'), line(5, 'EUR'), line(1_000, 'JPY'), line(200, 'USD'), line(-1, 'EUR')],
      expected: [money(4, 'EUR'), money(1_000, 'JPY'), money(300, 'USD')],
    },
    {
      name: 'a zero total when amounts cancel out',
      lines: [line(100, 'GBP'), line(-100, 'GBP')],
      expected: [money(0, 'GBP')],
    },
  ])('returns $name', ({ lines, expected }) => {
    expect(totalsByCurrency(lines, (l) => l.amount)).toEqual(expected)
  })

  test('refuses a total that leaves the safe-integer range', () => {
    const lines = [line(Number.MAX_SAFE_INTEGER, 'EUR'), line(1, 'EUR')]
    expect(() => totalsByCurrency(lines, (l) => l.amount)).toThrow(/safe integer/)
  })
})
