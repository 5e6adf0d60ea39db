import { sql } from 'drizzle-orm'
import { boolean, char, check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, currency, id, minor, updatedAt } from './columns'
import { creditorEntities } from './entities'
import { customerKind } from './enums'
import { staffUsers } from './staff'

/** A debtor account: one customer of one creditor entity. */
export const customers = pgTable(
  'customers',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    externalRef: text().notNull(),
    name: text().notNull(),
    kind: customerKind().notNull(),
    country: char({ length: 2 }).notNull(),
    language: text().notNull().default('fr'),
    currency: currency().notNull(),
    segment: text(),
    salesOwnerId: uuid().references(() => staffUsers.id),
    creditLimitMinor: minor(),
    vatNumber: text(),
    siren: text(),
    addressLines: text().array().notNull().default(sql`'{}'::text[]`),
    postalCode: text(),
    city: text(),
    /** Over all currencies, kept by the customer_balances triggers: drives the "overdue bucket" filter. */
    oldestOpenDueDate: date({ mode: 'string' }),
    remindersPausedUntil: date({ mode: 'string' }),
    remindersPauseReason: text(),
    /** Lowered name and reference for the list's "contains" search (migration 0006). */
    searchText: text().generatedAlwaysAs(sql`lower(name) || chr(31) || lower(external_ref)`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('customers_entity_external_ref_key').on(t.entityId, t.externalRef),
    index('customers_sales_owner_entity_name_idx').on(t.salesOwnerId, t.entityId, t.name),
    index('customers_entity_oldest_due_idx').on(t.entityId, t.oldestOpenDueDate),
    index('customers_entity_name_idx').on(t.entityId, t.name),
    index('customers_entity_segment_idx').on(t.entityId, t.segment),
    index('customers_entity_country_idx').on(t.entityId, t.country),
    check('customers_credit_limit_non_negative', sql`${t.creditLimitMinor} is null or ${t.creditLimitMinor} >= 0`),
  ],
)

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    email: text(),
    phone: text(),
    language: text(),
    role: text().notNull().default('billing'),
    isPrimary: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('contacts_customer_idx').on(t.customerId),
    index('contacts_email_idx').on(sql`lower(${t.email})`),
  ],
)
