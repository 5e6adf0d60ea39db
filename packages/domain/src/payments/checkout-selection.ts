import { money, type Money } from '../money/money'
import { invariant } from '../shared/invariant'
import { err, ok, type Result } from '../shared/result'

/** An open invoice of the debtor, as read from the database right before a checkout is made. */
export type PayableInvoice = { id: string; number: string; currency: string; remainingMinor: number }

export type CheckoutItem = { invoiceId: string; amountMinor: number }

export type CheckoutRefusal =
  | { code: 'no-invoices' }
  | { code: 'too-many-invoices'; max: number }
  | { code: 'invoice-not-found'; invoiceId: string }
  | { code: 'mixed-currencies' }
  | { code: 'invoice-already-paid'; invoiceNumber: string }
  | { code: 'partial-not-allowed' }
  | { code: 'partial-needs-one-invoice' }
  | { code: 'amount-not-positive' }
  | { code: 'amount-above-remaining'; remaining: Money }

export const MAX_INVOICES_PER_CHECKOUT = 100

/**
 * What the debtor pays, from the invoices as the database has them: the full remaining amount of each selected
 * invoice, or (when the entity allows it) a part of a single invoice. Amounts never come from the browser; a typed
 * partial amount is only ever compared with what is still due. One currency per checkout.
 */
export function computeCheckout(input: {
  currency: string
  requestedInvoiceIds: readonly string[]
  /** The debtor's invoices among the requested ids; ids of other customers are simply absent. */
  invoices: readonly PayableInvoice[]
  partialAmountMinor: number | null
  allowPartialPayments: boolean
}): Result<{ amount: Money; items: CheckoutItem[] }, CheckoutRefusal> {
  const ids = [...new Set(input.requestedInvoiceIds)]
  if (ids.length === 0) return err({ code: 'no-invoices' })
  if (ids.length > MAX_INVOICES_PER_CHECKOUT) return err({ code: 'too-many-invoices', max: MAX_INVOICES_PER_CHECKOUT })
  const byId = new Map(input.invoices.map((invoice) => [invoice.id, invoice]))
  const selected: PayableInvoice[] = []
  for (const id of ids) {
    const invoice = byId.get(id)
    if (!invoice) return err({ code: 'invoice-not-found', invoiceId: id })
    if (invoice.currency !== input.currency) return err({ code: 'mixed-currencies' })
    invariant(Number.isSafeInteger(invoice.remainingMinor) && invoice.remainingMinor >= 0, 'invalid remaining amount')
    if (invoice.remainingMinor === 0) return err({ code: 'invoice-already-paid', invoiceNumber: invoice.number })
    selected.push(invoice)
  }

  if (input.partialAmountMinor !== null) {
    if (!input.allowPartialPayments) return err({ code: 'partial-not-allowed' })
    if (selected.length !== 1) return err({ code: 'partial-needs-one-invoice' })
    const invoice = selected[0]!
    const requested = input.partialAmountMinor
    if (!Number.isSafeInteger(requested) || requested <= 0) return err({ code: 'amount-not-positive' })
    if (requested > invoice.remainingMinor) {
      return err({ code: 'amount-above-remaining', remaining: money(invoice.remainingMinor, input.currency) })
    }
    return ok({ amount: money(requested, input.currency), items: [{ invoiceId: invoice.id, amountMinor: requested }] })
  }

  const items = selected.map((invoice) => ({ invoiceId: invoice.id, amountMinor: invoice.remainingMinor }))
  const total = items.reduce((sum, item) => sum + item.amountMinor, 0)
  invariant(Number.isSafeInteger(total), 'checkout total overflows')
  return ok({ amount: money(total, input.currency), items })
}
