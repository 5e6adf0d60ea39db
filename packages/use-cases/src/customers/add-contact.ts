import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate } from '@quittance/db/repositories/backoffice-customers'
import { clearOtherPrimaryContacts, insertContact } from '@quittance/db/repositories/contacts'
import { auditCustomerChange } from './audit-customer-change'
import { mayChangeCustomers, normalizeContact, type ContactFailure, type ContactInput, type StaffActor } from './customer-rules'

export type AddContactFailure = 'forbidden' | 'customer-not-found' | ContactFailure

export async function addContact(
  db: Db,
  input: { customerId: string; contact: ContactInput; actor: StaffActor },
): Promise<Result<{ contactId: string }, AddContactFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  const contact = normalizeContact(input.contact)
  if (!contact.ok) return contact
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    const created = await insertContact(tx, { customerId: customer.id, ...contact.value })
    if (created.isPrimary) await clearOtherPrimaryContacts(tx, { customerId: customer.id, keepContactId: created.id })
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'contact.added',
      customer,
      subjectType: 'contact',
      subjectId: created.id,
      before: null,
      after: contact.value,
    })
    return ok({ contactId: created.id })
  })
}
