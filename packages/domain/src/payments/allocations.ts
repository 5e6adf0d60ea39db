import { money, type Money } from '../money/money'
import { parseAmount, type ParseAmountError } from '../money/parse-amount'
import { invariant } from '../shared/invariant'
import { err, ok, type Result } from '../shared/result'

/** One amount of a payment or credit note to put against one invoice (lettrage). */
export type AllocationRequest = { invoiceId: string; amountMinor: number }

/** An invoice as read (and locked) right before money is allocated to it. */
export type AllocationTarget = {
  id: string
  number: string
  customerId: string
  currency: string
  remainingMinor: number
}

export type AllocationRefusal =
  | { code: 'duplicate-invoice'; invoiceId: string }
  | { code: 'allocation-not-positive'; invoiceId: string }
  | { code: 'invoice-not-found'; invoiceId: string }
  | { code: 'invoice-of-another-customer'; invoiceId: string; invoiceNumber: string }
  | { code: 'invoice-in-another-currency'; invoiceId: string; invoiceNumber: string; invoiceCurrency: string }
  | { code: 'exceeds-remaining'; invoiceId: string; invoiceNumber: string; remainingMinor: number; requestedMinor: number }
  | { code: 'exceeds-available'; availableMinor: number; requestedMinor: number }

/**
 * Checks a lettrage against the invoices as they are now: each amount positive and at most what the invoice still
 * owes, every invoice the customer's and in the money's currency, and the sum at most what is available. The
 * caller must have locked the invoices (and the payment or credit note) so that nothing moves between this check
 * and the write.
 */
export function checkAllocations(input: {
  available: Money
  customerId: string
  requests: readonly AllocationRequest[]
  invoices: readonly AllocationTarget[]
}): Result<{ allocatedMinor: number }, AllocationRefusal> {
  const { available } = input
  money(available.amountMinor, available.currency)
  invariant(available.amountMinor >= 0, 'the available amount cannot be negative')
  const byId = new Map(input.invoices.map((invoice) => [invoice.id, invoice]))
  const seen = new Set<string>()
  let allocatedMinor = 0

  for (const request of input.requests) {
    if (seen.has(request.invoiceId)) return err({ code: 'duplicate-invoice', invoiceId: request.invoiceId })
    seen.add(request.invoiceId)
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
      return err({ code: 'allocation-not-positive', invoiceId: request.invoiceId })
    }
    const invoice = byId.get(request.invoiceId)
    if (!invoice) return err({ code: 'invoice-not-found', invoiceId: request.invoiceId })
    if (invoice.customerId !== input.customerId) {
      return err({ code: 'invoice-of-another-customer', invoiceId: invoice.id, invoiceNumber: invoice.number })
    }
    if (invoice.currency !== available.currency) {
      return err({
        code: 'invoice-in-another-currency',
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        invoiceCurrency: invoice.currency,
      })
    }
    if (request.amountMinor > invoice.remainingMinor) {
      return err({
        code: 'exceeds-remaining',
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        remainingMinor: invoice.remainingMinor,
        requestedMinor: request.amountMinor,
      })
    }
    allocatedMinor += request.amountMinor
    invariant(Number.isSafeInteger(allocatedMinor), 'allocated sum overflows')
  }

  if (allocatedMinor > available.amountMinor) {
    return err({ code: 'exceeds-available', availableMinor: available.amountMinor, requestedMinor: allocatedMinor })
  }
  return ok({ allocatedMinor })
}

export type TypedAllocation = { invoiceId: string; amount: string }
export type AllocationParseError = { code: 'invalid-allocation-amount'; invoiceId: string; reason: ParseAmountError }

/**
 * Reads the amounts staff typed against each invoice, in the money's currency (decimal comma or point). An empty
 * field or a zero means "nothing on this invoice" and is dropped; anything else must be a valid amount.
 */
export function parseAllocationAmounts(
  typed: readonly TypedAllocation[],
  currency: string,
): Result<AllocationRequest[], AllocationParseError> {
  const requests: AllocationRequest[] = []
  for (const allocation of typed) {
    if (allocation.amount.trim() === '') continue
    const parsed = parseAmount(allocation.amount, currency)
    if (!parsed.ok) return err({ code: 'invalid-allocation-amount', invoiceId: allocation.invoiceId, reason: parsed.error })
    if (parsed.value.amountMinor === 0) continue
    requests.push({ invoiceId: allocation.invoiceId, amountMinor: parsed.value.amountMinor })
  }
  return ok(requests)
}

/** What an audit event keeps of an invoice's settled sums, before or after a change. */
export function settledSnapshot(invoice: {
  id: string
  number: string
  paidMinor: number
  creditedMinor: number
  writtenOffMinor: number
}) {
  return {
    id: invoice.id,
    number: invoice.number,
    paidMinor: invoice.paidMinor,
    creditedMinor: invoice.creditedMinor,
    writtenOffMinor: invoice.writtenOffMinor,
  }
}
