import { describe, expect, test } from 'vitest'
import { money } from '../money/money'
import { compareOldestFirst, suggestAllocation, type OpenInvoiceForAllocation } from './suggest-allocation'

const invoice = (
  id: string,
  dueDate: string,
  remainingMinor: number,
  extra: Partial<OpenInvoiceForAllocation> = {},
): OpenInvoiceForAllocation => ({
  id,
  number: `F-${id}`,
  issueDate: '2026-01-01',
  dueDate,
  currency: 'EUR',
  remainingMinor,
  ...extra,
})

const A = invoice('a', '2026-03-01', 10_000)
const B = invoice('b', '2026-02-01', 5_000)
const C = invoice('c', '2026-04-01', 2_500)
const PAID = invoice('p', '2026-01-15', 0)

describe('suggestAllocation', () => {
  test.each([
    { name: 'nothing to allocate', amount: 0, invoices: [A, B], expected: [], unallocated: 0 },
    { name: 'no open invoice: all unallocated', amount: 7_000, invoices: [], expected: [], unallocated: 7_000 },
    { name: 'part of the oldest invoice', amount: 3_000, invoices: [A, B], expected: [['b', 3_000]], unallocated: 0 },
    { name: 'exactly the oldest invoice', amount: 5_000, invoices: [A, B], expected: [['b', 5_000]], unallocated: 0 },
    {
      name: 'the oldest in full, then part of the next',
      amount: 8_000,
      invoices: [A, B, C],
      expected: [['b', 5_000], ['a', 3_000]],
      unallocated: 0,
    },
    {
      name: 'everything, in due-date order',
      amount: 17_500,
      invoices: [C, A, B],
      expected: [['b', 5_000], ['a', 10_000], ['c', 2_500]],
      unallocated: 0,
    },
    {
      name: 'more than owed: the surplus stays unallocated',
      amount: 20_000,
      invoices: [A, B, C],
      expected: [['b', 5_000], ['a', 10_000], ['c', 2_500]],
      unallocated: 2_500,
    },
    { name: 'skips invoices already settled', amount: 1_000, invoices: [PAID, B], expected: [['b', 1_000]], unallocated: 0 },
  ])('$name', ({ amount, invoices, expected, unallocated }) => {
    const suggestion = suggestAllocation(money(amount, 'EUR'), invoices)
    expect(suggestion.allocations.map((a) => [a.invoiceId, a.amount.amountMinor])).toEqual(expected)
    expect(suggestion.unallocated).toEqual(money(unallocated, 'EUR'))
  })

  test('never allocates more than the amount nor more than an invoice owes', () => {
    const invoices = Array.from({ length: 40 }, (_, i) =>
      invoice(`i${String(i).padStart(2, '0')}`, `2026-0${(i % 9) + 1}-1${i % 10}`, (i * 7919) % 50_000),
    )
    for (const amount of [0, 1, 999, 123_457, 10_000_000]) {
      const suggestion = suggestAllocation(money(amount, 'EUR'), invoices)
      const allocated = suggestion.allocations.reduce((sum, a) => sum + a.amount.amountMinor, 0)
      expect(allocated + suggestion.unallocated.amountMinor).toBe(amount)
      for (const allocation of suggestion.allocations) {
        const target = invoices.find((i) => i.id === allocation.invoiceId)!
        expect(allocation.amount.amountMinor).toBeGreaterThan(0)
        expect(allocation.amount.amountMinor).toBeLessThanOrEqual(target.remainingMinor)
      }
    }
  })

  test.each([
    { currency: 'JPY', amount: 150_000, remaining: [100_000, 80_000], expected: [100_000, 50_000] },
    { currency: 'KWD', amount: 1_500, remaining: [1_234, 5_000], expected: [1_234, 266] },
  ])('works in minor units whatever the exponent ($currency)', ({ currency, amount, remaining, expected }) => {
    const invoices = remaining.map((r, i) => invoice(`x${i}`, `2026-0${i + 1}-01`, r, { currency }))
    const suggestion = suggestAllocation(money(amount, currency), invoices)
    expect(suggestion.allocations.map((a) => a.amount)).toEqual(expected.map((e) => money(e, currency)))
  })

  test('breaks due-date ties by issue date, then number, then id', () => {
    const sameDue = [
      invoice('z', '2026-05-01', 100, { number: 'F-2', issueDate: '2026-04-01' }),
      invoice('y', '2026-05-01', 100, { number: 'F-1', issueDate: '2026-04-01' }),
      invoice('x', '2026-05-01', 100, { number: 'F-9', issueDate: '2026-03-01' }),
      invoice('w', '2026-05-01', 100, { number: 'F-1', issueDate: '2026-04-01' }),
    ]
    expect([...sameDue].sort(compareOldestFirst).map((i) => i.id)).toEqual(['x', 'w', 'y', 'z'])
    expect(suggestAllocation(money(250, 'EUR'), sameDue).allocations.map((a) => [a.invoiceId, a.amount.amountMinor])).toEqual([
      ['x', 100],
      ['w', 100],
      ['y', 50],
    ])
  })

  test('does not reorder the caller’s array', () => {
    const invoices = [A, B, C]
    suggestAllocation(money(100, 'EUR'), invoices)
    expect(invoices).toEqual([A, B, C])
  })

  test.each([
    { name: 'an invoice in another currency', run: () => suggestAllocation(money(100, 'EUR'), [invoice('g', '2026-01-01', 100, { currency: 'GBP' })]), message: /GBP/ },
    { name: 'a negative amount', run: () => suggestAllocation(money(-1, 'EUR'), [A]), message: /negative/ },
    { name: 'a negative remaining', run: () => suggestAllocation(money(1, 'EUR'), [invoice('n', '2026-01-01', -5)]), message: /remaining/ },
  ])('refuses $name as a programmer error', ({ run, message }) => {
    expect(run).toThrow(message)
  })
})
