import { daysLate } from './days-late'
import { remainingMinor, settledMinor } from './invoice-balance'
import type { InvoiceAmounts } from './invoice-balance'
import type { LocalDate } from '../dates/local-date'

export const INVOICE_STATUSES = [
  'open',
  'partially_paid',
  'overdue',
  'promised',
  'in_payment_plan',
  'disputed',
  'paid',
] as const
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number]

export type InvoiceStatusInput = InvoiceAmounts & {
  dueDate: LocalDate
  isDisputed?: boolean
  isPromised?: boolean
  isInPaymentPlan?: boolean
}

// Derived, never stored: it depends on today. The order says what a credit manager must act on first.
export function invoiceStatus(input: InvoiceStatusInput, today: LocalDate): InvoiceStatus {
  if (remainingMinor(input) === 0) return 'paid'
  if (input.isDisputed === true) return 'disputed'
  if (input.isInPaymentPlan === true) return 'in_payment_plan'
  if (input.isPromised === true) return 'promised'
  if (daysLate(input.dueDate, today) > 0) return 'overdue'
  if (settledMinor(input) > 0) return 'partially_paid'
  return 'open'
}

export function isOverdue(input: InvoiceAmounts & { dueDate: LocalDate }, today: LocalDate): boolean {
  return remainingMinor(input) > 0 && daysLate(input.dueDate, today) > 0
}
