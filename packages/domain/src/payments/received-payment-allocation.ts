import { money, type Money } from '../money/money'
import { invariant } from '../shared/invariant'

export type ReceivedItem = { invoiceId: string; amountMinor: number }
export type LockedInvoice = { id: string; currency: string; remainingMinor: number }

/**
 * Puts money a provider confirmed against the invoices the attempt was for, as they are now (locked). A payment is
 * a fact and is never refused: each invoice gets at most what the attempt meant for it and what it still owes; the
 * rest (another payment got there first, or the provider captured more) stays unallocated as the customer's credit.
 */
export function allocateReceivedPayment(
  received: Money,
  items: readonly ReceivedItem[],
  invoices: readonly LockedInvoice[],
): { allocations: ReceivedItem[]; surplus: Money } {
  money(received.amountMinor, received.currency)
  invariant(received.amountMinor > 0, 'a received payment is positive')
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]))
  let left = received.amountMinor
  const allocations: ReceivedItem[] = []
  for (const item of items) {
    const invoice = byId.get(item.invoiceId)
    if (!invoice || invoice.currency !== received.currency) continue
    const amountMinor = Math.min(item.amountMinor, invoice.remainingMinor, left)
    if (amountMinor <= 0) continue
    allocations.push({ invoiceId: item.invoiceId, amountMinor })
    left -= amountMinor
  }
  return { allocations, surplus: money(left, received.currency) }
}

export type NetAllocation = { invoiceId: string; amountMinor: number }

/**
 * How a refund or a chargeback comes out of a payment: first from its unallocated credit, then from the invoices
 * it settled, the last one first. Those invoices re-open by the amounts returned.
 */
export function planReversal(input: {
  amount: Money
  creditMinor: number
  /** What the payment still settles on each invoice, in allocation order. */
  allocations: readonly NetAllocation[]
}): { fromCreditMinor: number; fromInvoices: NetAllocation[]; uncoveredMinor: number } {
  invariant(input.amount.amountMinor > 0, 'a reversal is positive')
  invariant(input.creditMinor >= 0, 'credit cannot be negative')
  let left = input.amount.amountMinor
  const fromCreditMinor = Math.min(left, input.creditMinor)
  left -= fromCreditMinor
  const fromInvoices: NetAllocation[] = []
  for (const allocation of [...input.allocations].reverse()) {
    if (left === 0) break
    const amountMinor = Math.min(left, allocation.amountMinor)
    if (amountMinor <= 0) continue
    fromInvoices.push({ invoiceId: allocation.invoiceId, amountMinor })
    left -= amountMinor
  }
  return { fromCreditMinor, fromInvoices, uncoveredMinor: left }
}
