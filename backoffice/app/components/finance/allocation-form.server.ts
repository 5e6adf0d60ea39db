import type { AppLoadContext } from '@remix-run/node'
import { z } from 'zod'
import { listOpenInvoicesOfCustomer } from '@quittance/db/repositories/backoffice-invoices'
import { daysBetween, type LocalDate } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import { parseAmount } from '@quittance/domain/money/parse-amount'
import { suggestAllocation } from '@quittance/domain/payments/suggest-allocation'
import type { AllocationRow } from './allocation-fields'
import { amountMessage } from './errors.server'
import type { Formatters } from './format.server'
import type { Msg } from './messages'

/** How many open invoices a lettering form lists (oldest due first). */
export const MAX_OPEN_INVOICES = 200

/** The lettering table's fields as posted: `allocations[i].invoiceId` and `allocations[i].amount`. */
export const AllocationsField = z
  .array(z.object({ invoiceId: z.uuid(), amount: z.string().max(40).optional() }))
  .max(MAX_OPEN_INVOICES)
  .optional()
  .transform((rows) => (rows ?? []).map((row) => ({ invoiceId: row.invoiceId, amount: row.amount ?? '' })))

export type TypedAmounts = Record<string, string>

export const typedAmounts = (rows: readonly { invoiceId: string; amount: string }[]): TypedAmounts =>
  Object.fromEntries(rows.map((row) => [row.invoiceId, row.amount]))

export async function openInvoicesFor(context: AppLoadContext, customerId: string, currency: string) {
  return listOpenInvoicesOfCustomer(context.db, { customerId, currency, limit: MAX_OPEN_INVOICES })
}

type OpenInvoice = Awaited<ReturnType<typeof openInvoicesFor>>[number]

/** The table's rows, each with what its field shows first. */
export function allocationRows(invoices: readonly OpenInvoice[], amounts: TypedAmounts, today: LocalDate, f: Formatters): AllocationRow[] {
  return invoices.map((invoice) => ({
    id: invoice.id,
    number: invoice.number,
    issueDate: f.date(invoice.issueDate),
    dueDate: f.date(invoice.dueDate),
    daysLate: Math.max(0, daysBetween(invoice.dueDate, today)),
    total: f.money(invoice.totalMinor, invoice.currency),
    remaining: f.money(invoice.remainingMinor, invoice.currency),
    amount: amounts[invoice.id] ?? '',
  }))
}

/**
 * The oldest-first suggestion for a typed amount, as field values; or the reason the amount cannot be read.
 * Nothing is written: staff review the amounts, then record.
 */
export function suggestedAmounts(
  typed: string,
  currency: string,
  invoices: readonly OpenInvoice[],
  f: Formatters,
): { ok: true; amounts: TypedAmounts; unallocated: string } | { ok: false; error: Msg } {
  const parsed = parseAmount(typed, currency)
  if (!parsed.ok) return { ok: false, error: amountMessage(parsed.error, currency) }
  const suggestion = suggestAllocation(money(parsed.value.amountMinor, currency), invoices)
  return {
    ok: true,
    amounts: Object.fromEntries(suggestion.allocations.map((a) => [a.invoiceId, f.input(a.amount.amountMinor, currency)])),
    unallocated: f.money(suggestion.unallocated.amountMinor, currency),
  }
}
