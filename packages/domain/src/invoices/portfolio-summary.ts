import { daysLate } from './days-late'
import { remainingMinor } from './invoice-balance'
import type { InvoiceAmounts } from './invoice-balance'
import type { LocalDate } from '../dates/local-date'
import { invariant } from '../shared/invariant'

export type PortfolioCurrencySummary = {
  currency: string
  invoiceCount: number
  notDueMinor: number
  overdueMinor: number
  remainingMinor: number
}

export function summarizeOpenInvoices(
  invoices: readonly (InvoiceAmounts & { currency: string; dueDate: LocalDate })[],
  today: LocalDate,
): PortfolioCurrencySummary[] {
  const byCurrency = new Map<string, PortfolioCurrencySummary>()
  for (const invoice of invoices) {
    const remaining = remainingMinor(invoice)
    if (remaining === 0) continue
    const summary = byCurrency.get(invoice.currency) ?? {
      currency: invoice.currency,
      invoiceCount: 0,
      notDueMinor: 0,
      overdueMinor: 0,
      remainingMinor: 0,
    }
    summary.invoiceCount += 1
    if (daysLate(invoice.dueDate, today) > 0) summary.overdueMinor += remaining
    else summary.notDueMinor += remaining
    summary.remainingMinor += remaining
    invariant(
      Number.isSafeInteger(summary.remainingMinor),
      `${invoice.currency} total is beyond the safe range`,
    )
    byCurrency.set(invoice.currency, summary)
  }
  return [...byCurrency.values()].sort((a, b) =>
    a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
  )
}
