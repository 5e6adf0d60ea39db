import { compareLocalDates, type LocalDate } from '../dates/local-date'
import { money, type Money } from '../money/money'
import { invariant } from '../shared/invariant'

/** An invoice that money could settle, as much as the suggestion needs to know about it. */
export type OpenInvoiceForAllocation = {
  id: string
  number: string
  issueDate: LocalDate
  dueDate: LocalDate
  currency: string
  remainingMinor: number
}

export type SuggestedAllocation = { invoiceId: string; amount: Money }

export type AllocationSuggestion = { allocations: SuggestedAllocation[]; unallocated: Money }

/** Oldest debt first: earliest due date, then earliest issue date, then invoice number, then id (a total order). */
export function compareOldestFirst(a: OpenInvoiceForAllocation, b: OpenInvoiceForAllocation): number {
  return (
    compareLocalDates(a.dueDate, b.dueDate) ||
    compareLocalDates(a.issueDate, b.issueDate) ||
    compareText(a.number, b.number) ||
    compareText(a.id, b.id)
  )
}

/**
 * How a credit controller would letter an amount by hand: settle the oldest invoice in full, then the next, and
 * leave what is left over unallocated (it becomes the customer's credit). Invoices already settled are skipped.
 * Only a suggestion: staff may change every amount before anything is recorded.
 */
export function suggestAllocation(
  available: Money,
  invoices: readonly OpenInvoiceForAllocation[],
): AllocationSuggestion {
  money(available.amountMinor, available.currency)
  invariant(available.amountMinor >= 0, `cannot allocate a negative amount (${available.amountMinor})`)
  for (const invoice of invoices) {
    invariant(
      invoice.currency === available.currency,
      `invoice ${invoice.number} is in ${invoice.currency}, not ${available.currency}`,
    )
    invariant(
      Number.isSafeInteger(invoice.remainingMinor) && invoice.remainingMinor >= 0,
      `invoice ${invoice.number} has an invalid remaining amount ${invoice.remainingMinor}`,
    )
  }

  let left = available.amountMinor
  const allocations: SuggestedAllocation[] = []
  for (const invoice of [...invoices].sort(compareOldestFirst)) {
    if (left === 0) break
    if (invoice.remainingMinor === 0) continue
    const amountMinor = Math.min(left, invoice.remainingMinor)
    allocations.push({ invoiceId: invoice.id, amount: money(amountMinor, available.currency) })
    left -= amountMinor
  }
  return { allocations, unallocated: money(left, available.currency) }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
