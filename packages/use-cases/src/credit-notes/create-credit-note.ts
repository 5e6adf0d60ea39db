import { isAfter, isLocalDate, localDateInTimeZone, type LocalDate } from '@quittance/domain/dates/local-date'
import { remainingMinor } from '@quittance/domain/invoices/invoice-balance'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { parseAmount, type ParseAmountError } from '@quittance/domain/money/parse-amount'
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
import { sqlStateOf, type Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  creditNoteNumberTaken,
  insertCreditNote,
  insertCreditNoteAllocations,
} from '@quittance/db/repositories/backoffice-credit-notes'
import {
  addToInvoiceSettlement,
  findCustomerForFinance,
  lockInvoicesForSettlement,
} from '@quittance/db/repositories/backoffice-invoices'

export const CREDIT_NOTE_NUMBER_MAX_LENGTH = 50
export const CREDIT_NOTE_REASON_MAX_LENGTH = 1000

export type CreateCreditNoteInput = {
  customerId: string
  number: string
  issueDate: string
  currency: string
  /** As typed: decimal comma or point, in the credit note's currency. */
  amount: string
  reason: string
  /** Optional application to open invoices of the customer in that currency; empty or zero means none. */
  applications: readonly TypedAllocation[]
  visibility: CustomerVisibility
  actor: { id: string }
  ipAddress?: string | null
  now: Date
}

export type CreateCreditNoteError =
  | { code: 'customer-not-found' }
  | { code: 'number-required' }
  | { code: 'number-too-long' }
  | { code: 'duplicate-number' }
  | { code: 'invalid-date' }
  | { code: 'date-in-future'; today: LocalDate }
  | { code: 'invalid-currency' }
  | { code: 'invalid-amount'; reason: ParseAmountError }
  | { code: 'amount-not-positive' }
  | { code: 'reason-required' }
  | { code: 'reason-too-long' }
  | AllocationParseError
  | AllocationRefusal

/**
 * Issues a credit note (avoir) to a customer and, optionally, applies it to open invoices in the same transaction,
 * with the same locking as payments: invoices are locked in id order and re-checked before their credited sums
 * move. What is not applied stays on the credit note as the customer's credit.
 */
export async function createCreditNote(
  db: Db,
  input: CreateCreditNoteInput,
): Promise<Result<{ creditNoteId: string; appliedMinor: number; unappliedMinor: number }, CreateCreditNoteError>> {
  const number = input.number.trim()
  if (number === '') return err({ code: 'number-required' })
  if (number.length > CREDIT_NOTE_NUMBER_MAX_LENGTH) return err({ code: 'number-too-long' })
  const issueDate = input.issueDate.trim()
  if (!isLocalDate(issueDate)) return err({ code: 'invalid-date' })
  if (!isCurrencyCode(input.currency)) return err({ code: 'invalid-currency' })
  const amount = parseAmount(input.amount, input.currency)
  if (!amount.ok) return err({ code: 'invalid-amount', reason: amount.error })
  if (amount.value.amountMinor <= 0) return err({ code: 'amount-not-positive' })
  const reason = input.reason.trim()
  if (reason === '') return err({ code: 'reason-required' })
  if (reason.length > CREDIT_NOTE_REASON_MAX_LENGTH) return err({ code: 'reason-too-long' })
  const requests = parseAllocationAmounts(input.applications, input.currency)
  if (!requests.ok) return err(requests.error)

  type Outcome = Result<{ creditNoteId: string; appliedMinor: number; unappliedMinor: number }, CreateCreditNoteError>
  try {
    return await db.transaction(async (tx): Promise<Outcome> => {
      const customer = await findCustomerForFinance(tx, { customerId: input.customerId, visibility: input.visibility })
      if (!customer) return err({ code: 'customer-not-found' })
      const today = localDateInTimeZone(input.now, customer.timeZone)
      if (isAfter(issueDate, today)) return err({ code: 'date-in-future', today })
      if (await creditNoteNumberTaken(tx, { entityId: customer.entityId, number })) return err({ code: 'duplicate-number' })

      const locked = await lockInvoicesForSettlement(
        tx,
        requests.value.map((r) => r.invoiceId),
      )
      const checked = checkAllocations({
        available: amount.value,
        customerId: customer.id,
        requests: requests.value,
        invoices: locked.map((invoice) => ({ ...invoice, remainingMinor: remainingMinor(invoice) })),
      })
      if (!checked.ok) return err(checked.error)

      const creditNote = await insertCreditNote(tx, {
        entityId: customer.entityId,
        customerId: customer.id,
        number,
        issueDate,
        currency: input.currency,
        totalMinor: amount.value.amountMinor,
        reason,
      })
      const allocations = await insertCreditNoteAllocations(tx, { creditNoteId: creditNote.id, allocations: requests.value })
      const after = await addToInvoiceSettlement(tx, { kind: 'credited', amounts: requests.value })
      const unappliedMinor = amount.value.amountMinor - checked.value.allocatedMinor
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: input.actor.id,
        action: 'credit_note.created',
        subjectType: 'credit_note',
        subjectId: creditNote.id,
        entityId: customer.entityId,
        customerId: customer.id,
        ipAddress: input.ipAddress ?? null,
        before: { invoices: locked.map(settledSnapshot) },
        after: {
          creditNote: { number, issueDate, currency: input.currency, totalMinor: amount.value.amountMinor, reason },
          allocations: allocations.map((a) => ({ id: a.id, invoiceId: a.invoiceId, amountMinor: a.amountMinor })),
          unappliedMinor,
          invoices: after,
        },
      })
      return ok({ creditNoteId: creditNote.id, appliedMinor: checked.value.allocatedMinor, unappliedMinor })
    })
  } catch (error) {
    if (sqlStateOf(error) === '23505') return err({ code: 'duplicate-number' })
    throw error
  }
}
