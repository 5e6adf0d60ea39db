import { sql } from 'drizzle-orm'
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, currency, id, minor, updatedAt } from './columns'
import { contacts, customers } from './customers'
import { creditorEntities } from './entities'
import { invoices } from './invoices'
import { payments } from './payments'

/** Who collects an online payment. `bank_transfer` is an attempt the debtor settles by transfer with our reference. */
export const onlinePaymentProvider = pgEnum('online_payment_provider', ['stripe', 'mollie', 'sandbox', 'bank_transfer'])

/**
 * The life of an attempt. It only moves forward (see packages/domain/src/payments/attempt-status.ts): created (row
 * written, provider not yet called) → pending (hosted checkout opened) → processing (e.g. SEPA debit under way) →
 * failed | expired | canceled → succeeded. Money received is a fact: "succeeded" is the last word.
 */
export const paymentAttemptStatus = pgEnum('payment_attempt_status', [
  'created',
  'pending',
  'processing',
  'failed',
  'expired',
  'canceled',
  'succeeded',
])

/**
 * One try to pay some invoices online, in one currency. Written before the provider is called; its id gives the
 * provider's idempotency key, so a retried call can never open a second checkout for the same attempt.
 */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    /** Who receives the receipt. */
    contactId: uuid().references(() => contacts.id),
    provider: onlinePaymentProvider().notNull(),
    status: paymentAttemptStatus().notNull().default('created'),
    currency: currency().notNull(),
    amountMinor: minor().notNull(),
    idempotencyKey: text().notNull(),
    /** Checkout Session id (Stripe), payment id (Mollie, sandbox). */
    providerRef: text(),
    /** The provider's payment object when it differs from the checkout (Stripe's PaymentIntent). */
    providerPaymentRef: text(),
    checkoutUrl: text(),
    /** ISO 11649 structured creditor reference ("RF…") quoted on a bank transfer. */
    bankReference: text(),
    locale: text().notNull(),
    paymentId: uuid().references(() => payments.id),
    failureReason: text(),
    expiresAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('payment_attempts_idempotency_key').on(t.idempotencyKey),
    uniqueIndex('payment_attempts_provider_ref_key').on(t.provider, t.providerRef),
    uniqueIndex('payment_attempts_provider_payment_ref_key').on(t.provider, t.providerPaymentRef),
    uniqueIndex('payment_attempts_payment_key').on(t.paymentId),
    uniqueIndex('payment_attempts_bank_reference_key').on(t.entityId, t.bankReference),
    index('payment_attempts_customer_idx').on(t.customerId, t.createdAt),
    // The attempts the reconciliation run asks the provider about (migration 0008).
    index('payment_attempts_unsettled_idx')
      .on(t.updatedAt, t.id)
      .where(sql`${t.status} in ('pending', 'processing')`),
    check('payment_attempts_amount_positive', sql`${t.amountMinor} > 0`),
    check('payment_attempts_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
)

/** What of an attempt goes to each invoice, computed on the server when the attempt is made. */
export const paymentAttemptItems = pgTable(
  'payment_attempt_items',
  {
    id: id(),
    attemptId: uuid()
      .notNull()
      .references(() => paymentAttempts.id, { onDelete: 'cascade' }),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id),
    amountMinor: minor().notNull(),
  },
  (t) => [
    uniqueIndex('payment_attempt_items_attempt_invoice_key').on(t.attemptId, t.invoiceId),
    index('payment_attempt_items_invoice_idx').on(t.invoiceId),
    check('payment_attempt_items_amount_positive', sql`${t.amountMinor} > 0`),
  ],
)

/**
 * Every verified notification from a provider, stored raw once: the unique (provider, event id) makes a repeated
 * delivery a no-op, in the same transaction as its effects. Mollie sends no event id: ours is the payment id and
 * the state we fetched, so the same state seen twice is one event.
 */
export const providerEvents = pgTable(
  'provider_events',
  {
    id: id(),
    provider: onlinePaymentProvider().notNull(),
    eventId: text().notNull(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    eventType: text().notNull(),
    rawBody: text().notNull(),
    /** applied, stale (a state older than the one we hold), ignored (nothing of ours), rejected (other entity). */
    outcome: text().notNull(),
    attemptId: uuid().references(() => paymentAttempts.id),
    note: text(),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('provider_events_provider_event_key').on(t.provider, t.eventId),
    index('provider_events_attempt_idx').on(t.attemptId),
  ],
)

export const paymentReversalKind = pgEnum('payment_reversal_kind', ['refund', 'chargeback'])
/**
 * requested (our row, provider not yet answered) → pending → succeeded | failed | canceled; a succeeded chargeback
 * the creditor wins becomes `reversed` (the money comes back).
 */
export const paymentReversalStatus = pgEnum('payment_reversal_status', [
  'requested',
  'pending',
  'succeeded',
  'failed',
  'canceled',
  'reversed',
])

/** Money that goes back: a refund or a chargeback, each its own row, unique per provider reference. */
export const paymentReversals = pgTable(
  'payment_reversals',
  {
    id: id(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    kind: paymentReversalKind().notNull(),
    status: paymentReversalStatus().notNull(),
    provider: onlinePaymentProvider().notNull(),
    providerRef: text(),
    /** Refunds we ask for carry our key, so a retried request is one refund at the provider. */
    idempotencyKey: text(),
    currency: currency().notNull(),
    amountMinor: minor().notNull(),
    /** What was actually taken out of the payment while the reversal stood (it cannot exceed what was left). */
    appliedMinor: minor().notNull().default(0),
    reason: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('payment_reversals_provider_ref_key').on(t.provider, t.providerRef),
    uniqueIndex('payment_reversals_idempotency_key').on(t.idempotencyKey),
    index('payment_reversals_payment_idx').on(t.paymentId),
    check('payment_reversals_amount_positive', sql`${t.amountMinor} > 0`),
    check('payment_reversals_applied_valid', sql`${t.appliedMinor} between 0 and ${t.amountMinor}`),
  ],
)

/** What a reversal took back from each invoice: the invoice's paid sum moves down by the same amount. */
export const paymentReversalAllocations = pgTable(
  'payment_reversal_allocations',
  {
    id: id(),
    reversalId: uuid()
      .notNull()
      .references(() => paymentReversals.id),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id),
    amountMinor: minor().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('payment_reversal_allocations_reversal_idx').on(t.reversalId),
    index('payment_reversal_allocations_invoice_idx').on(t.invoiceId),
    check('payment_reversal_allocations_positive', sql`${t.amountMinor} > 0`),
  ],
)
