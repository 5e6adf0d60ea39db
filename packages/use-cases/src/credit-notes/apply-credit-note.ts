import { remainingMinor } from '@quittance/domain/invoices/invoice-balance'
import { money } from '@quittance/domain/money/money'
import {
  checkAllocations,
  parseAllocationAmounts,
  settledSnapshot,
  type AllocationParseError,
  type AllocationRefusal,
  type TypedAllocation,
} from '@quittance/domain/payments/allocations'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  insertCreditNoteAllocations,
  lockCreditNoteForApplication,
} from '@quittance/db/repositories/backoffice-credit-notes'
import {
  addToInvoiceSettlement,
  findCustomerForFinance,
  lockInvoicesForSettlement,
} from '@quittance/db/repositories/backoffice-invoices'

export type ApplyCreditNoteInput = {
  creditNoteId: string
  /** Amounts typed against open invoices of the credit note's customer, in its currency. */
  applications: readonly TypedAllocation[]
  visibility: CustomerVisibility
  actor: { id: string }
  ipAddress?: string | null
}

export type ApplyCreditNoteError =
  | { code: 'credit-note-not-found' }
  | { code: 'nothing-to-apply' }
  | AllocationParseError
  | AllocationRefusal

type Applied = { appliedMinor: number; unappliedMinor: number }

/**
 * Applies what is left of a credit note to open invoices of the same customer and currency. The credit note is
 * locked first, then the invoices in id order; the remainders are read and checked only once everything is held.
 */
export async function applyCreditNote(db: Db, input: ApplyCreditNoteInput): Promise<Result<Applied, ApplyCreditNoteError>> {
  return db.transaction(async (tx): Promise<Result<Applied, ApplyCreditNoteError>> => {
    const creditNote = await lockCreditNoteForApplication(tx, input.creditNoteId)
    if (!creditNote) return err({ code: 'credit-note-not-found' })
    const customer = await findCustomerForFinance(tx, { customerId: creditNote.customerId, visibility: input.visibility })
    if (!customer) return err({ code: 'credit-note-not-found' })

    const requests = parseAllocationAmounts(input.applications, creditNote.currency)
    if (!requests.ok) return err(requests.error)
    if (requests.value.length === 0) return err({ code: 'nothing-to-apply' })

    const locked = await lockInvoicesForSettlement(
      tx,
      requests.value.map((r) => r.invoiceId),
    )
    const unappliedBefore = creditNote.totalMinor - creditNote.appliedMinor
    const checked = checkAllocations({
      available: money(unappliedBefore, creditNote.currency),
      customerId: creditNote.customerId,
      requests: requests.value,
      invoices: locked.map((invoice) => ({ ...invoice, remainingMinor: remainingMinor(invoice) })),
    })
    if (!checked.ok) return err(checked.error)

    const allocations = await insertCreditNoteAllocations(tx, { creditNoteId: creditNote.id, allocations: requests.value })
    const after = await addToInvoiceSettlement(tx, { kind: 'credited', amounts: requests.value })
    const unappliedMinor = unappliedBefore - checked.value.allocatedMinor
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'credit_note.applied',
      subjectType: 'credit_note',
      subjectId: creditNote.id,
      entityId: creditNote.entityId,
      customerId: creditNote.customerId,
      ipAddress: input.ipAddress ?? null,
      before: { unappliedMinor: unappliedBefore, invoices: locked.map(settledSnapshot) },
      after: {
        unappliedMinor,
        allocations: allocations.map((a) => ({ id: a.id, invoiceId: a.invoiceId, amountMinor: a.amountMinor })),
        invoices: after,
      },
    })
    return ok({ appliedMinor: checked.value.allocatedMinor, unappliedMinor })
  })
}
