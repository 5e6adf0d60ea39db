import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, currency, id, minor, updatedAt } from './columns'
import { documents } from './documents'
import { creditorEntities } from './entities'
import { customers } from './customers'

/**
 * An invoice with its settled amounts kept beside the total. The allocation rows are the truth; the sums are
 * maintained in the same transaction, and the CHECK makes over-settling impossible whatever the code does.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    number: text().notNull(),
    issueDate: date({ mode: 'string' }).notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    currency: currency().notNull(),
    subtotalMinor: minor().notNull(),
    taxMinor: minor().notNull().default(0),
    totalMinor: minor().notNull(),
    paidMinor: minor().notNull().default(0),
    creditedMinor: minor().notNull().default(0),
    writtenOffMinor: minor().notNull().default(0),
    purchaseOrder: text(),
    originalDocumentId: uuid().references(() => documents.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('invoices_entity_number_key').on(t.entityId, t.number),
    index('invoices_customer_due_idx').on(t.customerId, t.dueDate),
    check(
      'invoices_amounts_valid',
      sql`${t.totalMinor} >= 0 and ${t.subtotalMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.paidMinor} >= 0
        and ${t.creditedMinor} >= 0 and ${t.writtenOffMinor} >= 0
        and ${t.paidMinor} + ${t.creditedMinor} + ${t.writtenOffMinor} <= ${t.totalMinor}`,
    ),
    check('invoices_due_after_issue', sql`${t.dueDate} >= ${t.issueDate}`),
    check('invoices_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
)

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: id(),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    description: text().notNull(),
    quantityMilli: integer().notNull(),
    unitPriceMinor: minor().notNull(),
    taxRateBasisPoints: integer().notNull().default(0),
    netMinor: minor().notNull(),
  },
  (t) => [
    uniqueIndex('invoice_lines_invoice_position_key').on(t.invoiceId, t.position),
    check('invoice_lines_tax_rate_valid', sql`${t.taxRateBasisPoints} between 0 and 10000`),
  ],
)

export const creditNotes = pgTable(
  'credit_notes',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    number: text().notNull(),
    issueDate: date({ mode: 'string' }).notNull(),
    currency: currency().notNull(),
    totalMinor: minor().notNull(),
    reason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('credit_notes_entity_number_key').on(t.entityId, t.number),
    index('credit_notes_customer_idx').on(t.customerId),
    check('credit_notes_total_positive', sql`${t.totalMinor} > 0`),
  ],
)

export const creditNoteAllocations = pgTable(
  'credit_note_allocations',
  {
    id: id(),
    creditNoteId: uuid()
      .notNull()
      .references(() => creditNotes.id),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id),
    amountMinor: minor().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('credit_note_allocations_invoice_idx').on(t.invoiceId),
    check('credit_note_allocations_positive', sql`${t.amountMinor} > 0`),
  ],
)
