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

/** Formats on the server so the page reads the same with or without JavaScript, and the bundle stays small. */
export function presentInvoiceRow(invoice: InvoiceRow, today: LocalDate, intlTag: string): InvoiceRowView {
  const m = (minor: number) => formatMoney(money(minor, invoice.currency), intlTag)
  return {
    id: invoice.id,
    number: invoice.number,
    issueDate: formatLocalDate(invoice.issueDate, intlTag),
    dueDate: formatLocalDate(invoice.dueDate, intlTag),
    total: m(invoice.totalMinor),
    paid: m(invoice.paidMinor + invoice.creditedMinor + invoice.writtenOffMinor),
    remaining: m(remainingMinor(invoice)),
    daysLate: remainingMinor(invoice) > 0 ? daysLate(invoice.dueDate, today) : 0,
    status: invoiceStatus(invoice, today),
  }
}
