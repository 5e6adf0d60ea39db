import { describe, expect, test } from 'vitest'
import { money } from '../money/money'
import { checkAllocations, parseAllocationAmounts, type AllocationTarget } from './allocations'

const target = (id: string, remainingMinor: number, extra: Partial<AllocationTarget> = {}): AllocationTarget => ({
  id,
  number: `F-${id}`,
  customerId: 'cust-1',
  currency: 'EUR',
  remainingMinor,
  ...extra,
})

const INVOICES = [
  target('a', 10_000),
  target('b', 5_000),
  target('other', 3_000, { customerId: 'cust-2' }),
  target('gbp', 3_000, { currency: 'GBP' }),
  target('paid', 0),
]

describe('checkAllocations', () => {
  test.each([
    { name: 'nothing allocated', available: 1_000, requests: [], allocated: 0 },
    { name: 'one invoice in part', available: 1_000, requests: [['a', 400]], allocated: 400 },
    { name: 'several invoices up to the amount', available: 15_000, requests: [['a', 10_000], ['b', 5_000]], allocated: 15_000 },
    { name: 'less than the amount: the rest stays unallocated', available: 20_000, requests: [['b', 5_000]], allocated: 5_000 },
  ] as const)('accepts $name', ({ available, requests, allocated }) => {
    const result = checkAllocations({
      available: money(available, 'EUR'),
      customerId: 'cust-1',
      requests: requests.map(([invoiceId, amountMinor]) => ({ invoiceId, amountMinor })),
      invoices: INVOICES,
    })
    expect(result).toEqual({ ok: true, value: { allocatedMinor: allocated } })
  })

  test.each([
    { name: 'more than the invoice still owes', available: 20_000, requests: [['b', 5_001]], error: { code: 'exceeds-remaining', invoiceId: 'b', invoiceNumber: 'F-b', remainingMinor: 5_000, requestedMinor: 5_001 } },
    { name: 'anything on a settled invoice', available: 20_000, requests: [['paid', 1]], error: { code: 'exceeds-remaining', invoiceId: 'paid', invoiceNumber: 'F-paid', remainingMinor: 0, requestedMinor: 1 } },
    { name: 'more than the money available', available: 12_000, requests: [['a', 10_000], ['b', 2_001]], error: { code: 'exceeds-available', availableMinor: 12_000, requestedMinor: 12_001 } },
    { name: 'another customer’s invoice', available: 5_000, requests: [['other', 100]], error: { code: 'invoice-of-another-customer', invoiceId: 'other', invoiceNumber: 'F-other' } },
    { name: 'an invoice in another currency', available: 5_000, requests: [['gbp', 100]], error: { code: 'invoice-in-another-currency', invoiceId: 'gbp', invoiceNumber: 'F-gbp', invoiceCurrency: 'GBP' } },
    { name: 'an unknown invoice', available: 5_000, requests: [['ghost', 100]], error: { code: 'invoice-not-found', invoiceId: 'ghost' } },
    { name: 'the same invoice twice', available: 5_000, requests: [['a', 100], ['a', 100]], error: { code: 'duplicate-invoice', invoiceId: 'a' } },
    { name: 'a zero amount', available: 5_000, requests: [['a', 0]], error: { code: 'allocation-not-positive', invoiceId: 'a' } },
    { name: 'a negative amount', available: 5_000, requests: [['a', -100]], error: { code: 'allocation-not-positive', invoiceId: 'a' } },
    { name: 'a fractional amount', available: 5_000, requests: [['a', 1.5]], error: { code: 'allocation-not-positive', invoiceId: 'a' } },
  ] as const)('refuses $name', ({ available, requests, error }) => {
    const result = checkAllocations({
      available: money(available, 'EUR'),
      customerId: 'cust-1',
      requests: requests.map(([invoiceId, amountMinor]) => ({ invoiceId, amountMinor })),
      invoices: INVOICES,
    })
    expect(result).toEqual({ ok: false, error })
  })

  test('refuses a negative available amount as a programmer error', () => {
    expect(() => checkAllocations({ available: money(-1, 'EUR'), customerId: 'cust-1', requests: [], invoices: [] })).toThrow(
      /negative/,
    )
  })
})

describe('parseAllocationAmounts', () => {
  test.each([
    { currency: 'EUR', typed: ['12,50'], expected: [1_250] },
    { currency: 'EUR', typed: ['1 234.5'], expected: [123_450] },
    { currency: 'EUR', typed: ['', '0', '0,00', '7'], expected: [700] },
    { currency: 'JPY', typed: ['1500'], expected: [1_500] },
    { currency: 'KWD', typed: ['1.234'], expected: [1_234] },
    { currency: 'KWD', typed: ['0,5'], expected: [500] },
  ])('reads $typed in $currency', ({ currency, typed, expected }) => {
    const result = parseAllocationAmounts(
      typed.map((amount, i) => ({ invoiceId: `i${i}`, amount })),
      currency,
    )
    expect(result.ok && result.value.map((r) => r.amountMinor)).toEqual(expected)
  })

  test.each([
    { currency: 'JPY', amount: '1500.5', reason: 'too-many-decimals' },
    { currency: 'EUR', amount: '12,3456', reason: 'too-many-decimals' },
    { currency: 'KWD', amount: '1.2345', reason: 'too-many-decimals' },
    { currency: 'EUR', amount: '-5', reason: 'negative' },
    { currency: 'EUR', amount: 'douze', reason: 'not-a-number' },
  ])('refuses $amount in $currency ($reason)', ({ currency, amount, reason }) => {
    expect(parseAllocationAmounts([{ invoiceId: 'x', amount }], currency)).toEqual({
      ok: false,
      error: { code: 'invalid-allocation-amount', invoiceId: 'x', reason },
    })
  })
})
