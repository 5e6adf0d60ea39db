import { sql } from 'drizzle-orm'
import { check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, currency, id, minor } from './columns'
import { customers } from './customers'
import { creditorEntities } from './entities'
import { paymentMethod } from './enums'
import { invoices } from './invoices'

/** Money received from a customer, in one currency. What is not allocated stays a customer credit. */
export const payments = pgTable(
  'payments',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    externalRef: text(),
    receivedOn: date({ mode: 'string' }).notNull(),
    currency: currency().notNull(),
    amountMinor: minor().notNull(),
    method: paymentMethod().notNull(),
    provider: text().notNull().default('manual'),
    providerRef: text(),
    /** Refunded or charged back (payment_reversals); what is left, less the allocations, is the customer's credit. */
    reversedMinor: minor().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payments_entity_external_ref_key').on(t.entityId, t.externalRef),
    // One payment per provider object, whatever retries or races happen (manual payments have no provider ref).
    uniqueIndex('payments_provider_ref_key').on(t.provider, t.providerRef),
    index('payments_customer_idx').on(t.customerId, t.receivedOn),
    check('payments_amount_positive', sql`${t.amountMinor} > 0`),
    check('payments_reversed_valid', sql`${t.reversedMinor} between 0 and ${t.amountMinor}`),
  ],
)

export const paymentAllocations = pgTable(
  'payment_allocations',
  {
    id: id(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id),
    amountMinor: minor().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('payment_allocations_payment_idx').on(t.paymentId),
    index('payment_allocations_invoice_idx').on(t.invoiceId),
    check('payment_allocations_positive', sql`${t.amountMinor} > 0`),
  ],
)
