import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { createdAt, currency, id, minor } from './columns'
import { customers } from './customers'
import { creditorEntities } from './entities'
import { staffUsers } from './staff'

export const customerNotes = pgTable(
  'customer_notes',
  {
    id: id(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => staffUsers.id),
    body: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('customer_notes_customer_idx').on(t.customerId, t.createdAt),
    check('customer_notes_body_length', sql`char_length(${t.body}) between 1 and 5000`),
  ],
)

/**
 * What each customer owes, per currency: a read model kept exact by statement-level triggers on invoices
 * (see the migration), so lists of 100,000 customers sort and filter on indexed columns.
 */
export const customerBalances = pgTable(
  'customer_balances',
  {
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    currency: currency().notNull(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    openInvoiceCount: integer().notNull(),
    outstandingMinor: minor().notNull(),
    oldestOpenDueDate: date({ mode: 'string' }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.currency] }),
    index('customer_balances_outstanding_idx').on(t.entityId, t.currency, t.outstandingMinor.desc()),
    index('customer_balances_oldest_due_idx').on(t.entityId, t.oldestOpenDueDate),
  ],
)

/** A remainder the creditor gives up on, with its reason; the invoice's written-off sum moves with it. */
export const writeOffs = pgTable(
  'write_offs',
  {
    id: id(),
    invoiceId: uuid().notNull(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    amountMinor: minor().notNull(),
    reason: text().notNull(),
    staffUserId: uuid().references(() => staffUsers.id),
    createdAt: createdAt(),
  },
  (t) => [index('write_offs_invoice_idx').on(t.invoiceId), check('write_offs_amount_positive', sql`${t.amountMinor} > 0`)],
)
