import { sql } from 'drizzle-orm'
import { char, check, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, currency, id, updatedAt } from './columns'

/** A creditor: the legal entity that issues invoices and is owed the money. */
export const creditorEntities = pgTable(
  'creditor_entities',
  {
    id: id(),
    code: text().notNull(),
    legalName: text().notNull(),
    tradeName: text(),
    legalForm: text(),
    shareCapital: text(),
    addressLines: text().array().notNull().default(sql`'{}'::text[]`),
    postalCode: text().notNull(),
    city: text().notNull(),
    country: char({ length: 2 }).notNull(),
    siren: text(),
    vatNumber: text(),
    registration: text(),
    email: text(),
    phone: text(),
    baseCurrency: currency().notNull(),
    timeZone: text().notNull().default('Europe/Paris'),
    legalMentions: text(),
    /** Contractual late-payment rate in basis points; null means the statutory default. */
    penaltyRateBasisPoints: integer(),
    portalLinkTtlDays: integer().notNull().default(90),
    portalPolicy: jsonb().$type<PortalPolicy>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('creditor_entities_code_key').on(t.code),
    check('creditor_entities_ttl_positive', sql`${t.portalLinkTtlDays} between 1 and 365`),
  ],
)

export type PortalPolicy = {
  allowPartialPayments?: boolean
  allowPaymentPlans?: boolean
  allowPromises?: boolean
  allowDisputes?: boolean
}

export const entityBankAccounts = pgTable('entity_bank_accounts', {
  id: id(),
  entityId: uuid()
    .notNull()
    .references(() => creditorEntities.id, { onDelete: 'cascade' }),
  currency: currency().notNull(),
  iban: text().notNull(),
  bic: text().notNull(),
  bankName: text(),
  createdAt: createdAt(),
})

