import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { findEnabledStaffMember, lockCustomerForUpdate, updateCustomerColumns } from '@quittance/db/repositories/backoffice-customers'
import { auditCustomerChange } from './audit-customer-change'
import { mayChangeCustomers, type StaffActor } from './customer-rules'

export type AssignSalesOwnerFailure = 'forbidden' | 'customer-not-found' | 'owner-not-found' | 'owner-not-sales'

/** Gives the customer to a sales user (who then sees it), or to nobody with `ownerId: null`. */
export async function assignSalesOwner(
  db: Db,
  input: { customerId: string; ownerId: string | null; actor: StaffActor },
): Promise<Result<{ changed: boolean }, AssignSalesOwnerFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    if (input.ownerId !== null) {
      const owner = await findEnabledStaffMember(tx, input.ownerId)
      if (!owner) return err('owner-not-found' as const)
      if (owner.role !== 'sales') return err('owner-not-sales' as const)
    }
    if (customer.salesOwnerId === input.ownerId) return ok({ changed: false })
    await updateCustomerColumns(tx, customer.id, { salesOwnerId: input.ownerId })
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'customer.sales_owner_assigned',
      customer,
      subjectType: 'customer',
      subjectId: customer.id,
      before: { salesOwnerId: customer.salesOwnerId },
      after: { salesOwnerId: input.ownerId },
    })
    return ok({ changed: true })
  })
}
