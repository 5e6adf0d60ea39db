import { describe, expect, test } from 'vitest'
import { money } from '../money/money'
import { allocateReceivedPayment, planReversal } from './received-payment-allocation'

describe('allocating money a provider confirmed', () => {
  const items = [
    { invoiceId: 'a', amountMinor: 10_000 },
    { invoiceId: 'b', amountMinor: 5_000 },
  ]

  test('settles each invoice by what the attempt meant for it', () => {
    const result = allocateReceivedPayment(money(15_000, 'EUR'), items, [
      { id: 'a', currency: 'EUR', remainingMinor: 10_000 },
      { id: 'b', currency: 'EUR', remainingMinor: 5_000 },
    ])
    expect(result).toEqual({ allocations: items, surplus: money(0, 'EUR') })
  })

  test('an invoice another payment settled meanwhile leaves a credit, never a negative balance', () => {
    const result = allocateReceivedPayment(money(15_000, 'EUR'), items, [
      { id: 'a', currency: 'EUR', remainingMinor: 2_000 },
      { id: 'b', currency: 'EUR', remainingMinor: 0 },
    ])
    expect(result).toEqual({ allocations: [{ invoiceId: 'a', amountMinor: 2_000 }], surplus: money(13_000, 'EUR') })
  })

  test('a provider that captured less settles the first invoices first', () => {
    const result = allocateReceivedPayment(money(12_000, 'EUR'), items, [
      { id: 'a', currency: 'EUR', remainingMinor: 10_000 },
      { id: 'b', currency: 'EUR', remainingMinor: 5_000 },
    ])
    expect(result.allocations).toEqual([
      { invoiceId: 'a', amountMinor: 10_000 },
      { invoiceId: 'b', amountMinor: 2_000 },
    ])
  })

  test('never puts money on an invoice in another currency', () => {
    const result = allocateReceivedPayment(money(10_000, 'GBP'), items, [{ id: 'a', currency: 'EUR', remainingMinor: 10_000 }])
    expect(result).toEqual({ allocations: [], surplus: money(10_000, 'GBP') })
  })
})

describe('taking a refund or chargeback out of a payment', () => {
  test('uses the credit first, then re-opens the last invoice first', () => {
    expect(
      planReversal({
        amount: money(7_000, 'EUR'),
        creditMinor: 1_000,
        allocations: [
          { invoiceId: 'a', amountMinor: 10_000 },
          { invoiceId: 'b', amountMinor: 5_000 },
        ],
      }),
    ).toEqual({ fromCreditMinor: 1_000, fromInvoices: [{ invoiceId: 'b', amountMinor: 5_000 }, { invoiceId: 'a', amountMinor: 1_000 }], uncoveredMinor: 0 })
  })

  test('says what it could not cover', () => {
    expect(planReversal({ amount: money(500, 'EUR'), creditMinor: 0, allocations: [{ invoiceId: 'a', amountMinor: 200 }] })).toEqual({
      fromCreditMinor: 0,
      fromInvoices: [{ invoiceId: 'a', amountMinor: 200 }],
      uncoveredMinor: 300,
    })
  })
})
