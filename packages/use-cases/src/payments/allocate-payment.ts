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
  addToInvoiceSettlement,
  findCustomerForFinance,
  lockInvoicesForSettlement,
} from '@quittance/db/repositories/backoffice-invoices'
import { insertPaymentAllocations, lockPaymentForAllocation } from '@quittance/db/repositories/backoffice-payments'

export type AllocatePaymentInput = {
  paymentId: string
  /** Amounts typed against open invoices of the payment's customer, in its currency. */
  allocations: readonly TypedAllocation[]
  visibility: CustomerVisibility
  actor: { id: string }
  ipAddress?: string | null
}

export type AllocatePaymentError =
  | { code: 'payment-not-found' }
  | { code: 'nothing-to-allocate' }
  | AllocationParseError
  | AllocationRefusal

/**
 * Letters what is still unallocated on a payment (the customer's credit) against open invoices of the same
 * customer and currency. The payment is locked first, then the invoices in id order, and only then are the
 * remainders read and checked: two people lettering the same credit at once cannot spend it twice.
 */
export async function allocatePayment(
  db: Db,
  input: AllocatePaymentInput,
): Promise<Result<{ allocatedMinor: number; unallocatedMinor: number }, AllocatePaymentError>> {
  return db.transaction(async (tx): Promise<Result<{ allocatedMinor: number; unallocatedMinor: number }, AllocatePaymentError>> => {
    const payment = await lockPaymentForAllocation(tx, input.paymentId)
    if (!payment) return err({ code: 'payment-not-found' })
    const customer = await findCustomerForFinance(tx, { customerId: payment.customerId, visibility: input.visibility })
    if (!customer) return err({ code: 'payment-not-found' })

    const requests = parseAllocationAmounts(input.allocations, payment.currency)
    if (!requests.ok) return err(requests.error)
    if (requests.value.length === 0) return err({ code: 'nothing-to-allocate' })

    const locked = await lockInvoicesForSettlement(
      tx,
      requests.value.map((r) => r.invoiceId),
    )
    // Net of refunds and chargebacks: money handed back cannot be lettered.
    const unallocatedBefore = payment.unallocatedMinor
    const checked = checkAllocations({
      available: money(unallocatedBefore, payment.currency),
      customerId: payment.customerId,
      requests: requests.value,
      invoices: locked.map((invoice) => ({ ...invoice, remainingMinor: remainingMinor(invoice) })),
    })
    if (!checked.ok) return err(checked.error)

    const allocations = await insertPaymentAllocations(tx, { paymentId: payment.id, allocations: requests.value })
    const after = await addToInvoiceSettlement(tx, { kind: 'paid', amounts: requests.value })
    const unallocatedMinor = unallocatedBefore - checked.value.allocatedMinor
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'payment.allocated',
      subjectType: 'payment',
      subjectId: payment.id,
      entityId: payment.entityId,
      customerId: payment.customerId,
      ipAddress: input.ipAddress ?? null,
      before: { unallocatedMinor: unallocatedBefore, invoices: locked.map(settledSnapshot) },
      after: {
        unallocatedMinor,
        allocations: allocations.map((a) => ({ id: a.id, invoiceId: a.invoiceId, amountMinor: a.amountMinor })),
        invoices: after,
      },
    })
    return ok({ allocatedMinor: checked.value.allocatedMinor, unallocatedMinor })
  })
}
