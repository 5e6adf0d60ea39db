import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import { contacts, customers } from '../schema/index'
import { visibleCustomers } from './backoffice-customers'

const contactColumns = {
  id: contacts.id,
  customerId: contacts.customerId,
  name: contacts.name,
  email: contacts.email,
  phone: contacts.phone,
  language: contacts.language,
  role: contacts.role,
  isPrimary: contacts.isPrimary,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
}

export type ContactFields = {
  name: string
  email: string | null
  phone: string | null
  language: string | null
  role: string
  isPrimary: boolean
}

/** The contacts on file for a visible customer (removed ones left out), primary first. */
export async function listContactsOfCustomer(db: Db, input: { customerId: string; visibility: CustomerVisibility }) {
  return db
    .select(contactColumns)
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(contacts.customerId, input.customerId), isNull(contacts.deletedAt), visibleCustomers(input.visibility)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.name), asc(contacts.createdAt))
}

/** Locks a live contact of this customer for the rest of the transaction. */
export async function lockContactForUpdate(db: Db, input: { customerId: string; contactId: string }) {
  const [row] = await db
    .select(contactColumns)
    .from(contacts)
    .where(and(eq(contacts.id, input.contactId), eq(contacts.customerId, input.customerId), isNull(contacts.deletedAt)))
    .for('update')
  return row ?? null
}

export async function insertContact(db: Db, input: { customerId: string } & ContactFields) {
  const [row] = await db.insert(contacts).values(input).returning(contactColumns)
  return row!
}

export async function updateContact(db: Db, contactId: string, changes: ContactFields) {
  const [row] = await db
    .update(contacts)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(contacts.id, contactId))
    .returning(contactColumns)
  return row!
}

/** Only one primary contact per customer: the others lose the flag. */
export async function clearOtherPrimaryContacts(db: Db, input: { customerId: string; keepContactId: string }) {
  await db
    .update(contacts)
    .set({ isPrimary: false, updatedAt: sql`now()` })
    .where(
      and(
        eq(contacts.customerId, input.customerId),
        ne(contacts.id, input.keepContactId),
        eq(contacts.isPrimary, true),
        isNull(contacts.deletedAt),
      ),
    )
}

/** Soft delete: the row stays for history (links and sessions that name it), but it is no longer used. */
export async function softDeleteContact(db: Db, input: { contactId: string; now: Date }) {
  await db
    .update(contacts)
    .set({ deletedAt: input.now, isPrimary: false, updatedAt: sql`now()` })
    .where(eq(contacts.id, input.contactId))
}
