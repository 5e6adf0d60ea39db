import { formatLocalDate } from '@quittance/domain/dates/format-date'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { daysLate } from '@quittance/domain/invoices/days-late'
import { remainingMinor, type InvoiceAmounts } from '@quittance/domain/invoices/invoice-balance'
import { invoiceStatus, type InvoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'

export type InvoiceRowView = {
  id: string
  number: string
  issueDate: string
  dueDate: string
  total: string
  paid: string
  remaining: string
  daysLate: number
  status: InvoiceStatus
}

type InvoiceRow = InvoiceAmounts & { id: string; number: string; issueDate: LocalDate; dueDate: LocalDate; currency: string }

// An invoice list formats two dates per row, and the same few hundred calendar days over and over: keep the
// formatted text (a small, bounded map; it starts over when full rather than tracking what is recent).
const MAX_CACHED_DATES = 5_000
const formattedDates = new Map<string, string>()

function formatDateCached(date: LocalDate, intlTag: string): string {
  const key = `${intlTag} ${date}`
  let text = formattedDates.get(key)
  if (text === undefined) {
    text = formatLocalDate(date, intlTag)
    if (formattedDates.size >= MAX_CACHED_DATES) formattedDates.clear()
    formattedDates.set(key, text)
  }
  return text
}

/** Formats on the server so the page reads the same with or without JavaScript, and the bundle stays small. */
export function presentInvoiceRow(invoice: InvoiceRow, today: LocalDate, intlTag: string): InvoiceRowView {
  const m = (minor: number) => formatMoney(money(minor, invoice.currency), intlTag)
  return {
    id: invoice.id,
    number: invoice.number,
    issueDate: formatDateCached(invoice.issueDate, intlTag),
    dueDate: formatDateCached(invoice.dueDate, intlTag),
    total: m(invoice.totalMinor),
    paid: m(invoice.paidMinor + invoice.creditedMinor + invoice.writtenOffMinor),
    remaining: m(remainingMinor(invoice)),
    daysLate: remainingMinor(invoice) > 0 ? daysLate(invoice.dueDate, today) : 0,
    status: invoiceStatus(invoice, today),
  }
}
