import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate } from '@quittance/db/repositories/backoffice-customers'
import { lockContactForUpdate, softDeleteContact } from '@quittance/db/repositories/contacts'
import { auditCustomerChange } from './audit-customer-change'
import { mayChangeCustomers, type StaffActor } from './customer-rules'

export type RemoveContactFailure = 'forbidden' | 'customer-not-found' | 'contact-not-found'

/** A soft delete: the contact stops receiving anything but stays in the history (links and visits name it). */
export async function removeContact(
  db: Db,
  input: { customerId: string; contactId: string; actor: StaffActor; now: Date },
): Promise<Result<null, RemoveContactFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    const contact = await lockContactForUpdate(tx, { customerId: customer.id, contactId: input.contactId })
    if (!contact) return err('contact-not-found' as const)
    await softDeleteContact(tx, { contactId: contact.id, now: input.now })
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'contact.removed',
      customer,
      subjectType: 'contact',
      subjectId: contact.id,
      before: { name: contact.name, email: contact.email, phone: contact.phone, role: contact.role, isPrimary: contact.isPrimary },
      after: { deletedAt: input.now.toISOString() },
    })
    return ok(null)
  })
}
