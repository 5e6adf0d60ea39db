import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { contacts, creditorEntities, customers, entityBankAccounts } from '../schema/index'

export async function findCustomerByExternalRef(db: Db, input: { externalRef: string; entityId?: string }) {
  const rows = await db
    .select({ id: customers.id, entityId: customers.entityId, name: customers.name, language: customers.language })
    .from(customers)
    .where(
      input.entityId
        ? and(eq(customers.externalRef, input.externalRef), eq(customers.entityId, input.entityId))
        : eq(customers.externalRef, input.externalRef),
    )
    .limit(2)
  return rows
}

/** The customer as the debtor sees it, with its creditor's identity for headers and documents. */
export async function findCustomerForPortal(db: Db, customerId: string) {
  const [row] = await db
    .select({
      id: customers.id,
      externalRef: customers.externalRef,
      name: customers.name,
      kind: customers.kind,
      country: customers.country,
      language: customers.language,
      currency: customers.currency,
      vatNumber: customers.vatNumber,
      addressLines: customers.addressLines,
      postalCode: customers.postalCode,
      city: customers.city,
      entityId: customers.entityId,
    })
    .from(customers)
    .where(eq(customers.id, customerId))
  return row ?? null
}

export async function findEntityWithBankAccounts(db: Db, entityId: string) {
  const [entity] = await db.select().from(creditorEntities).where(eq(creditorEntities.id, entityId))
  if (!entity) return null
  const bankAccounts = await db
    .select({
      currency: entityBankAccounts.currency,
      iban: entityBankAccounts.iban,
      bic: entityBankAccounts.bic,
      bankName: entityBankAccounts.bankName,
    })
    .from(entityBankAccounts)
    .where(eq(entityBankAccounts.entityId, entityId))
    .orderBy(asc(entityBankAccounts.createdAt))
  return { ...entity, bankAccounts }
}

/** Contacts on file with this e-mail address, across customers; deleted contacts never receive links. */
export async function findContactsByEmail(db: Db, email: string) {
  return db
    .select({
      id: contacts.id,
      customerId: contacts.customerId,
      name: contacts.name,
      email: contacts.email,
      language: contacts.language,
      customerLanguage: customers.language,
      entityId: customers.entityId,
    })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(sql`lower(${contacts.email}) = lower(${email})`, isNull(contacts.deletedAt)))
    .orderBy(desc(contacts.isPrimary))
    .limit(20)
}

export async function findPrimaryContact(db: Db, customerId: string) {
  const [row] = await db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, language: contacts.language })
    .from(contacts)
    .where(and(eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt))
    .limit(1)
  return row ?? null
}
