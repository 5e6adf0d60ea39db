import { describe, expect, test } from 'vitest'
import { summarizeOpenInvoices } from './portfolio-summary'

const today = '2026-11-23'

const invoice = (currency: string, totalMinor: number, dueDate: string, paidMinor = 0) => ({
  currency,
  dueDate,
  totalMinor,
  paidMinor,
  creditedMinor: 0,
  writtenOffMinor: 0,
})

describe('summarizeOpenInvoices', () => {
  test('returns nothing for an empty portfolio', () => {
    expect(summarizeOpenInvoices([], today)).toEqual([])
  })

  test('splits what remains into not due and overdue, per currency, sorted by code', () => {
    const invoices = [
      invoice('USD', 5_000, '2026-11-22'),
      invoice('EUR', 10_000, today),
      invoice('EUR', 20_000, '2026-11-22', 5_000),
      invoice('EUR', 7_000, '2026-08-01', 7_000),
      invoice('JPY', 3_000, '2026-12-01'),
    ]
    expect(summarizeOpenInvoices(invoices, today)).toEqual([
      { currency: 'EUR', invoiceCount: 2, notDueMinor: 10_000, overdueMinor: 15_000, remainingMinor: 25_000 },
      { currency: 'JPY', invoiceCount: 1, notDueMinor: 3_000, overdueMinor: 0, remainingMinor: 3_000 },
      { currency: 'USD', invoiceCount: 1, notDueMinor: 0, overdueMinor: 5_000, remainingMinor: 5_000 },
    ])
  })

  test('leaves out a currency whose invoices are all settled', () => {
    const invoices = [invoice('GBP', 1_000, '2026-01-01', 1_000), invoice('EUR', 100, today)]
    expect(summarizeOpenInvoices(invoices, today).map((s) => s.currency)).toEqual(['EUR'])
  })

  test.each([
    { today: '2026-11-22', notDueMinor: 300, overdueMinor: 0 },
    { today: '2026-11-23', notDueMinor: 200, overdueMinor: 100 },
    { today: '2026-11-24', notDueMinor: 0, overdueMinor: 300 },
  ])('on $today counts $overdueMinor as overdue', ({ today, notDueMinor, overdueMinor }) => {
    const invoices = [invoice('EUR', 100, '2026-11-22'), invoice('EUR', 200, '2026-11-23')]
    const [summary] = summarizeOpenInvoices(invoices, today)
    expect(summary).toEqual({
      currency: 'EUR',
      invoiceCount: 2,
      notDueMinor,
      overdueMinor,
      remainingMinor: 300,
    })
  })
})
