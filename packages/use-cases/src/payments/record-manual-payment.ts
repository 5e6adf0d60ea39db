import { isAfter, isLocalDate, localDateInTimeZone, type LocalDate } from '@quittance/domain/dates/local-date'
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
import { isManualPaymentMethod, type ManualPaymentMethod } from '@quittance/domain/payments/payment-methods'
import { remainingMinor } from '@quittance/domain/invoices/invoice-balance'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { sqlStateOf, type Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  addToInvoiceSettlement,
  findCustomerForFinance,
  lockInvoicesForSettlement,
} from '@quittance/db/repositories/backoffice-invoices'
import { insertPayment, insertPaymentAllocations, paymentReferenceTaken } from '@quittance/db/repositories/backoffice-payments'

export const PAYMENT_REFERENCE_MAX_LENGTH = 100

export type RecordManualPaymentInput = {
  customerId: string
  /** The day the money was received, YYYY-MM-DD; not after the creditor's today. */
  receivedOn: string
  currency: string
  /** As typed: decimal comma or point, in the payment's currency. */
  amount: string
  method: string
  /** The bank's or cheque's reference; unique per creditor entity when given. */
  reference?: string | null
  /** Amounts typed against open invoices of the customer in that currency; empty or zero means none. */
  allocations: readonly TypedAllocation[]
  visibility: CustomerVisibility
  actor: { id: string }
  ipAddress?: string | null
  now: Date
}

export type RecordManualPaymentError =
  | { code: 'customer-not-found' }
  | { code: 'invalid-date' }
  | { code: 'date-in-future'; today: LocalDate }
  | { code: 'invalid-currency' }
  | { code: 'invalid-amount'; reason: ParseAmountError }
  | { code: 'amount-not-positive' }
  | { code: 'invalid-method' }
  | { code: 'reference-too-long' }
  | { code: 'duplicate-reference' }
  | AllocationParseError
  | AllocationRefusal

export type RecordedPayment = { paymentId: string; allocatedMinor: number; unallocatedMinor: number }

/**
 * Records money received outside the portal and letters it against the customer's open invoices, all in one
 * transaction. The invoices are locked before their remaining amounts are checked, so two payments racing on one
 * invoice can never settle more than it owes: the second one sees the first and is refused with the amount still
 * due. What is not allocated stays on the payment as the customer's credit.
 */
export async function recordManualPayment(
  db: Db,
  input: RecordManualPaymentInput,
): Promise<Result<RecordedPayment, RecordManualPaymentError>> {
  const receivedOn = input.receivedOn.trim()
  if (!isLocalDate(receivedOn)) return err({ code: 'invalid-date' })
  if (!isCurrencyCode(input.currency)) return err({ code: 'invalid-currency' })
  const amount = parseAmount(input.amount, input.currency)
  if (!amount.ok) return err({ code: 'invalid-amount', reason: amount.error })
  if (amount.value.amountMinor <= 0) return err({ code: 'amount-not-positive' })
  if (!isManualPaymentMethod(input.method)) return err({ code: 'invalid-method' })
  const method: ManualPaymentMethod = input.method
  const reference = input.reference?.trim() || null
  if (reference !== null && reference.length > PAYMENT_REFERENCE_MAX_LENGTH) return err({ code: 'reference-too-long' })
  const requests = parseAllocationAmounts(input.allocations, input.currency)
  if (!requests.ok) return err(requests.error)

  try {
    return await db.transaction(async (tx): Promise<Result<RecordedPayment, RecordManualPaymentError>> => {
      const customer = await findCustomerForFinance(tx, { customerId: input.customerId, visibility: input.visibility })
      if (!customer) return err({ code: 'customer-not-found' })
      const today = localDateInTimeZone(input.now, customer.timeZone)
      if (isAfter(receivedOn, today)) return err({ code: 'date-in-future', today })
      if (reference !== null && (await paymentReferenceTaken(tx, { entityId: customer.entityId, reference }))) {
        return err({ code: 'duplicate-reference' })
      }

      // Lock first, then decide: another transaction allocating to the same invoices waits here.
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

      const payment = await insertPayment(tx, {
        entityId: customer.entityId,
        customerId: customer.id,
        receivedOn,
        currency: input.currency,
        amountMinor: amount.value.amountMinor,
        method,
        reference,
      })
      const allocations = await insertPaymentAllocations(tx, { paymentId: payment.id, allocations: requests.value })
      const after = await addToInvoiceSettlement(tx, { kind: 'paid', amounts: requests.value })
      const unallocatedMinor = amount.value.amountMinor - checked.value.allocatedMinor
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: input.actor.id,
        action: 'payment.recorded',
        subjectType: 'payment',
        subjectId: payment.id,
        entityId: customer.entityId,
        customerId: customer.id,
        ipAddress: input.ipAddress ?? null,
        before: { invoices: locked.map(settledSnapshot) },
        after: {
          payment: {
            receivedOn,
            currency: input.currency,
            amountMinor: amount.value.amountMinor,
            method,
            reference,
          },
          allocations: allocations.map((a) => ({ id: a.id, invoiceId: a.invoiceId, amountMinor: a.amountMinor })),
          unallocatedMinor,
          invoices: after,
        },
      })
      return ok({ paymentId: payment.id, allocatedMinor: checked.value.allocatedMinor, unallocatedMinor })
    })
  } catch (error) {
    // Two payments with one new reference at the same instant: the unique index decides, the loser is told.
    if (sqlStateOf(error) === '23505') return err({ code: 'duplicate-reference' })
    throw error
  }
}
