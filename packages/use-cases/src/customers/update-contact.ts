import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { lockCustomerForUpdate } from '@quittance/db/repositories/backoffice-customers'
import { clearOtherPrimaryContacts, lockContactForUpdate, updateContact as saveContact } from '@quittance/db/repositories/contacts'
import { auditCustomerChange } from './audit-customer-change'
import { mayChangeCustomers, normalizeContact, type ContactFailure, type ContactInput, type StaffActor } from './customer-rules'

export type UpdateContactFailure = 'forbidden' | 'customer-not-found' | 'contact-not-found' | ContactFailure

export async function updateContact(
  db: Db,
  input: { customerId: string; contactId: string; contact: ContactInput; actor: StaffActor },
): Promise<Result<{ changed: boolean }, UpdateContactFailure>> {
  if (!mayChangeCustomers(input.actor)) return err('forbidden')
  const contact = normalizeContact(input.contact)
  if (!contact.ok) return contact
  return db.transaction(async (tx) => {
    const customer = await lockCustomerForUpdate(tx, input.customerId)
    if (!customer) return err('customer-not-found' as const)
    const current = await lockContactForUpdate(tx, { customerId: customer.id, contactId: input.contactId })
    if (!current) return err('contact-not-found' as const)
    const before = {
      name: current.name,
      email: current.email,
      phone: current.phone,
      language: current.language,
      role: current.role,
      isPrimary: current.isPrimary,
    }
    const changedKeys = (Object.keys(before) as (keyof typeof before)[]).filter((key) => before[key] !== contact.value[key])
    if (changedKeys.length === 0) return ok({ changed: false })
    await saveContact(tx, current.id, contact.value)
    if (contact.value.isPrimary) await clearOtherPrimaryContacts(tx, { customerId: customer.id, keepContactId: current.id })
    await auditCustomerChange(tx, {
      actor: input.actor,
      action: 'contact.updated',
      customer,
      subjectType: 'contact',
      subjectId: current.id,
      before: Object.fromEntries(changedKeys.map((key) => [key, before[key]])),
      after: Object.fromEntries(changedKeys.map((key) => [key, contact.value[key]])),
    })
    return ok({ changed: true })
  })
}
