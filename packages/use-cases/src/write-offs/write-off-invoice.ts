import { remainingMinor } from '@quittance/domain/invoices/invoice-balance'
import { parseAmount, type ParseAmountError } from '@quittance/domain/money/parse-amount'
import { settledSnapshot } from '@quittance/domain/payments/allocations'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  addToInvoiceSettlement,
  findCustomerForFinance,
  insertWriteOff,
  lockInvoicesForSettlement,
} from '@quittance/db/repositories/backoffice-invoices'

export const WRITE_OFF_REASON_MAX_LENGTH = 1000

export type WriteOffInvoiceInput = {
  invoiceId: string
  /** As typed, in the invoice's currency: all or part of what it still owes. */
  amount: string
  reason: string
  visibility: CustomerVisibility
  actor: { id: string }
  ipAddress?: string | null
}

export type WriteOffInvoiceError =
  | { code: 'invoice-not-found' }
  | { code: 'invalid-amount'; reason: ParseAmountError }
  | { code: 'amount-not-positive' }
  | { code: 'exceeds-remaining'; remainingMinor: number; requestedMinor: number }
  | { code: 'reason-required' }
  | { code: 'reason-too-long' }

/**
 * Gives up on all or part of what an invoice still owes, with a reason: a write_offs row and the invoice's
 * written-off sum move together, with the invoice locked so that a payment arriving at the same moment is
 * either counted first (and the write-off refused if it no longer fits) or after.
 */
export async function writeOffInvoice(
  db: Db,
  input: WriteOffInvoiceInput,
): Promise<Result<{ writeOffId: string; remainingMinor: number }, WriteOffInvoiceError>> {
  const reason = input.reason.trim()
  if (reason === '') return err({ code: 'reason-required' })
  if (reason.length > WRITE_OFF_REASON_MAX_LENGTH) return err({ code: 'reason-too-long' })

  type Outcome = Result<{ writeOffId: string; remainingMinor: number }, WriteOffInvoiceError>
  return db.transaction(async (tx): Promise<Outcome> => {
    const [invoice] = await lockInvoicesForSettlement(tx, [input.invoiceId])
    if (!invoice) return err({ code: 'invoice-not-found' })
    const customer = await findCustomerForFinance(tx, { customerId: invoice.customerId, visibility: input.visibility })
    if (!customer) return err({ code: 'invoice-not-found' })

    // Parsed in the invoice's own currency, as stored: 1000.5 on a yen invoice is refused.
    const amount = parseAmount(input.amount, invoice.currency)
    if (!amount.ok) return err({ code: 'invalid-amount', reason: amount.error })
    if (amount.value.amountMinor <= 0) return err({ code: 'amount-not-positive' })
    const remainingBefore = remainingMinor(invoice)
    if (amount.value.amountMinor > remainingBefore) {
      return err({ code: 'exceeds-remaining', remainingMinor: remainingBefore, requestedMinor: amount.value.amountMinor })
    }

    const writeOff = await insertWriteOff(tx, {
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      amountMinor: amount.value.amountMinor,
      reason,
      staffUserId: input.actor.id,
    })
    const [after] = await addToInvoiceSettlement(tx, {
      kind: 'written_off',
      amounts: [{ invoiceId: invoice.id, amountMinor: amount.value.amountMinor }],
    })
    const remainingAfter = remainingBefore - amount.value.amountMinor
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'invoice.written_off',
      subjectType: 'invoice',
      subjectId: invoice.id,
      entityId: invoice.entityId,
      customerId: invoice.customerId,
      ipAddress: input.ipAddress ?? null,
      before: { invoice: settledSnapshot(invoice), remainingMinor: remainingBefore },
      after: {
        writeOff: { id: writeOff.id, amountMinor: amount.value.amountMinor, currency: invoice.currency, reason },
        invoice: after ? { ...after, number: invoice.number } : null,
        remainingMinor: remainingAfter,
      },
    })
    return ok({ writeOffId: writeOff.id, remainingMinor: remainingAfter })
  })
}
