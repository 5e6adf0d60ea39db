import { describe, expect, test } from 'vitest'
import { money } from '../money/money'
import { computeCheckout, type PayableInvoice } from './checkout-selection'

const invoices: PayableInvoice[] = [
  { id: 'a', number: 'F-1', currency: 'EUR', remainingMinor: 10_000 },
  { id: 'b', number: 'F-2', currency: 'EUR', remainingMinor: 2_550 },
  { id: 'c', number: 'F-3', currency: 'GBP', remainingMinor: 7_000 },
  { id: 'd', number: 'F-4', currency: 'EUR', remainingMinor: 0 },
]
const base = { currency: 'EUR', invoices, partialAmountMinor: null, allowPartialPayments: false }

describe('what a checkout charges', () => {
  test('the full remaining amount of every selected invoice, computed from the database rows', () => {
    expect(computeCheckout({ ...base, requestedInvoiceIds: ['a', 'b', 'a'] })).toEqual({
      ok: true,
      value: {
        amount: money(12_550, 'EUR'),
        items: [
          { invoiceId: 'a', amountMinor: 10_000 },
          { invoiceId: 'b', amountMinor: 2_550 },
        ],
      },
    })
  })

  test('a part of one invoice when the entity allows it', () => {
    const result = computeCheckout({ ...base, requestedInvoiceIds: ['a'], partialAmountMinor: 4_000, allowPartialPayments: true })
    expect(result).toEqual({ ok: true, value: { amount: money(4_000, 'EUR'), items: [{ invoiceId: 'a', amountMinor: 4_000 }] } })
  })

  test.each([
    { name: 'nothing selected', input: { requestedInvoiceIds: [] }, code: 'no-invoices' },
    { name: 'an invoice of another customer', input: { requestedInvoiceIds: ['a', 'zz'] }, code: 'invoice-not-found' },
    { name: 'two currencies', input: { requestedInvoiceIds: ['a', 'c'] }, code: 'mixed-currencies' },
    { name: 'a paid invoice', input: { requestedInvoiceIds: ['d'] }, code: 'invoice-already-paid' },
    { name: 'a part when not allowed', input: { requestedInvoiceIds: ['a'], partialAmountMinor: 10 }, code: 'partial-not-allowed' },
    {
      name: 'a part of two invoices',
      input: { requestedInvoiceIds: ['a', 'b'], partialAmountMinor: 10, allowPartialPayments: true },
      code: 'partial-needs-one-invoice',
    },
    {
      name: 'more than is due',
      input: { requestedInvoiceIds: ['b'], partialAmountMinor: 2_551, allowPartialPayments: true },
      code: 'amount-above-remaining',
    },
    { name: 'zero', input: { requestedInvoiceIds: ['b'], partialAmountMinor: 0, allowPartialPayments: true }, code: 'amount-not-positive' },
    {
      name: 'too many invoices',
      input: { requestedInvoiceIds: Array.from({ length: 101 }, (_, i) => `x${i}`) },
      code: 'too-many-invoices',
    },
  ])('refuses $name', ({ input, code }) => {
    const result = computeCheckout({ ...base, ...input })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe(code)
  })
})
