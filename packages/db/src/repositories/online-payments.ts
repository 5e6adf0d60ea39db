import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { PaymentMethod } from '@quittance/domain/payments/payment-methods'
import { queryRows, type Db } from '../client'
import {
  auditEvents,
  contacts,
  creditorEntities,
  customers,
  invoices,
  outboxMessages,
  paymentAllocations,
  paymentAttemptItems,
  paymentAttempts,
  paymentReversalAllocations,
  paymentReversals,
  payments,
  providerEvents,
} from '../schema/index'

// Online payments: attempts, provider events, the payments they become and their reversals. Everything a debtor
// can reach takes the customer id in the query itself.

export type OnlineProvider = (typeof paymentAttempts.provider.enumValues)[number]
export type AttemptStatus = (typeof paymentAttempts.status.enumValues)[number]
export type ReversalStatus = (typeof paymentReversals.status.enumValues)[number]

const remaining = sql<number>`(${invoices.totalMinor} - ${invoices.paidMinor} - ${invoices.creditedMinor} - ${invoices.writtenOffMinor})`

// ——— Reads for the portal ———

/** The customer's invoices among these ids, with what each still owes; ids of other customers are simply absent. */
export async function listPayableInvoices(db: Db, input: { customerId: string; invoiceIds: readonly string[] }) {
  if (input.invoiceIds.length === 0) return []
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      paidMinor: invoices.paidMinor,
      creditedMinor: invoices.creditedMinor,
      writtenOffMinor: invoices.writtenOffMinor,
      remainingMinor: remaining.mapWith(Number),
    })
    .from(invoices)
    .where(and(eq(invoices.customerId, input.customerId), inArray(invoices.id, [...input.invoiceIds])))
    .orderBy(asc(invoices.currency), asc(invoices.dueDate), asc(invoices.number))
}

/** "All overdue": open invoices due before today. */
export async function listOverdueInvoiceIds(db: Db, input: { customerId: string; today: LocalDate; limit: number }) {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.customerId, input.customerId), gt(remaining, 0), lt(invoices.dueDate, input.today)))
    .orderBy(asc(invoices.dueDate))
    .limit(input.limit)
  return rows.map((row) => row.id)
}

export async function findEntityByCode(db: Db, code: string) {
  const [row] = await db
    .select({
      id: creditorEntities.id,
      code: creditorEntities.code,
      timeZone: creditorEntities.timeZone,
      legalName: creditorEntities.legalName,
      tradeName: creditorEntities.tradeName,
      email: creditorEntities.email,
      country: creditorEntities.country,
    })
    .from(creditorEntities)
    .where(eq(creditorEntities.code, code))
  return row ?? null
}

const attemptColumns = {
  id: paymentAttempts.id,
  entityId: paymentAttempts.entityId,
  customerId: paymentAttempts.customerId,
  contactId: paymentAttempts.contactId,
  provider: paymentAttempts.provider,
  status: paymentAttempts.status,
  currency: paymentAttempts.currency,
  amountMinor: paymentAttempts.amountMinor,
  idempotencyKey: paymentAttempts.idempotencyKey,
  providerRef: paymentAttempts.providerRef,
  providerPaymentRef: paymentAttempts.providerPaymentRef,
  checkoutUrl: paymentAttempts.checkoutUrl,
  bankReference: paymentAttempts.bankReference,
  locale: paymentAttempts.locale,
  paymentId: paymentAttempts.paymentId,
  failureReason: paymentAttempts.failureReason,
  expiresAt: paymentAttempts.expiresAt,
  completedAt: paymentAttempts.completedAt,
  createdAt: paymentAttempts.createdAt,
}

async function attemptItems(db: Db, attemptId: string) {
  return db
    .select({
      invoiceId: paymentAttemptItems.invoiceId,
      amountMinor: paymentAttemptItems.amountMinor,
      number: invoices.number,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      paidMinor: invoices.paidMinor,
      creditedMinor: invoices.creditedMinor,
      writtenOffMinor: invoices.writtenOffMinor,
    })
    .from(paymentAttemptItems)
    .innerJoin(invoices, eq(invoices.id, paymentAttemptItems.invoiceId))
    .where(eq(paymentAttemptItems.attemptId, attemptId))
    .orderBy(asc(invoices.dueDate), asc(invoices.number))
}

/** An attempt of this customer with its invoices as they are now, or null (another customer's id is a 404). */
export async function findAttemptForCustomer(db: Db, input: { attemptId: string; customerId: string }) {
  const [attempt] = await db
    .select({
      ...attemptColumns,
      entityCode: creditorEntities.code,
      paymentReceivedOn: payments.receivedOn,
      paymentAmountMinor: payments.amountMinor,
      paymentCurrency: payments.currency,
      paymentMethod: payments.method,
    })
    .from(paymentAttempts)
    .innerJoin(creditorEntities, eq(creditorEntities.id, paymentAttempts.entityId))
    .leftJoin(payments, eq(payments.id, paymentAttempts.paymentId))
    .where(and(eq(paymentAttempts.id, input.attemptId), eq(paymentAttempts.customerId, input.customerId)))
  if (!attempt) return null
  const [items, allocations] = await Promise.all([
    attemptItems(db, attempt.id),
    attempt.paymentId
      ? db
          .select({ invoiceId: paymentAllocations.invoiceId, amountMinor: paymentAllocations.amountMinor })
          .from(paymentAllocations)
          .where(eq(paymentAllocations.paymentId, attempt.paymentId))
      : Promise.resolve([]),
  ])
  return { ...attempt, items, allocations }
}

/** Unallocated money per currency (payments less reversals less net allocations): the customer's credit. */
export async function listCustomerCredit(db: Db, customerId: string) {
  const rows = await queryRows<{ currency: string; credit: string | number }>(
    db,
    sql`select p.currency,
               sum(p.amount_minor - p.reversed_minor
                   - coalesce((select sum(a.amount_minor) from payment_allocations a where a.payment_id = p.id), 0)
                   + coalesce((select sum(ra.amount_minor) from payment_reversal_allocations ra
                                 join payment_reversals r on r.id = ra.reversal_id where r.payment_id = p.id), 0)) as credit
          from payments p
         where p.customer_id = ${customerId}
         group by p.currency
         order by p.currency`,
  )
  return rows.map((row) => ({ currency: row.currency, creditMinor: Number(row.credit) })).filter((row) => row.creditMinor > 0)
}

/** Recent online attempts of the customer still waiting for the provider, for the invoice list's notice. */
export async function listAwaitingAttempts(db: Db, input: { customerId: string; limit: number }) {
  return db
    .select({ id: paymentAttempts.id, status: paymentAttempts.status, provider: paymentAttempts.provider, currency: paymentAttempts.currency, amountMinor: paymentAttempts.amountMinor })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.customerId, input.customerId), inArray(paymentAttempts.status, ['pending', 'processing'])))
    .orderBy(desc(paymentAttempts.createdAt))
    .limit(input.limit)
}

export async function findContactForReceipt(db: Db, input: { customerId: string; contactId: string | null }) {
  const rows = await db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, language: contacts.language, isPrimary: contacts.isPrimary })
    .from(contacts)
    .where(and(eq(contacts.customerId, input.customerId), sql`${contacts.deletedAt} is null`, sql`${contacts.email} is not null`))
    .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt))
    .limit(20)
  return rows.find((row) => row.id === input.contactId) ?? rows[0] ?? null
}

// ——— Attempts ———

export async function insertPaymentAttempt(
  tx: Db,
  input: {
    id: string
    entityId: string
    customerId: string
    contactId: string | null
    provider: OnlineProvider
    status: AttemptStatus
    currency: string
    amountMinor: number
    idempotencyKey: string
    bankReference: string | null
    locale: string
    expiresAt: Date | null
    items: readonly { invoiceId: string; amountMinor: number }[]
  },
) {
  const { items, ...attempt } = input
  await tx.insert(paymentAttempts).values(attempt)
  await tx.insert(paymentAttemptItems).values(items.map((item) => ({ attemptId: input.id, ...item })))
}

/** Records the hosted checkout the provider opened; only an attempt still `created` moves to `pending`. */
export async function recordAttemptCheckout(
  tx: Db,
  input: { attemptId: string; providerRef: string; providerPaymentRef: string | null; checkoutUrl: string },
) {
  const rows = await tx
    .update(paymentAttempts)
    .set({
      providerRef: input.providerRef,
      providerPaymentRef: input.providerPaymentRef,
      checkoutUrl: input.checkoutUrl,
      status: 'pending',
      updatedAt: sql`now()`,
    })
    .where(and(eq(paymentAttempts.id, input.attemptId), eq(paymentAttempts.status, 'created')))
    .returning({ id: paymentAttempts.id })
  return rows.length > 0
}

export async function findAttemptById(db: Db, attemptId: string) {
  const [row] = await db.select(attemptColumns).from(paymentAttempts).where(eq(paymentAttempts.id, attemptId))
  return row ?? null
}

/** Locks the attempt a notification is about, found by our id or by the provider's references. */
export async function lockAttempt(
  tx: Db,
  input: { attemptId: string | null; provider: OnlineProvider; providerRef: string | null; providerPaymentRef: string | null },
) {
  const condition = input.attemptId
    ? eq(paymentAttempts.id, input.attemptId)
    : input.providerRef
      ? and(eq(paymentAttempts.provider, input.provider), eq(paymentAttempts.providerRef, input.providerRef))
      : input.providerPaymentRef
        ? and(eq(paymentAttempts.provider, input.provider), eq(paymentAttempts.providerPaymentRef, input.providerPaymentRef))
        : null
  if (!condition) return null
  const [row] = await tx.select(attemptColumns).from(paymentAttempts).where(condition).for('update')
  return row ?? null
}

export async function attemptItemsOf(tx: Db, attemptId: string) {
  return tx
    .select({ invoiceId: paymentAttemptItems.invoiceId, amountMinor: paymentAttemptItems.amountMinor })
    .from(paymentAttemptItems)
    .innerJoin(invoices, eq(invoices.id, paymentAttemptItems.invoiceId))
    .where(eq(paymentAttemptItems.attemptId, attemptId))
    .orderBy(asc(invoices.dueDate), asc(invoices.number), asc(invoices.id))
}

export async function updateAttempt(
  tx: Db,
  attemptId: string,
  changes: Partial<{
    status: AttemptStatus
    providerRef: string
    providerPaymentRef: string
    paymentId: string
    failureReason: string | null
    completedAt: Date
  }>,
) {
  await tx.update(paymentAttempts).set({ ...changes, updatedAt: sql`now()` }).where(eq(paymentAttempts.id, attemptId))
}

// ——— Provider events ———

/**
 * Stores a verified event once; null when (provider, event id) is already there: the delivery is a duplicate.
 * It is written as `applied` for the attempt it names (when that attempt exists): the transaction only commits
 * when that holds, and the outcome is corrected in the same transaction when it does not.
 */
export async function insertProviderEvent(
  tx: Db,
  input: { provider: OnlineProvider; eventId: string; entityId: string; eventType: string; rawBody: string; attemptIdHint: string | null },
) {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into provider_events (provider, event_id, entity_id, event_type, raw_body, outcome, attempt_id)
        values (${input.provider}, ${input.eventId}, ${input.entityId}, ${input.eventType}, ${input.rawBody}, 'applied',
                ${input.attemptIdHint ? sql`(select id from payment_attempts where id = ${input.attemptIdHint}::uuid)` : sql`null`})
        on conflict (provider, event_id) do nothing
        returning id`,
  )
  return row?.id ?? null
}

export async function setProviderEventOutcome(tx: Db, input: { id: string; outcome: string; attemptId: string | null; note: string | null }) {
  await tx
    .update(providerEvents)
    .set({ outcome: input.outcome, attemptId: input.attemptId, note: input.note })
    .where(eq(providerEvents.id, input.id))
}

// ——— Money in ———

/** The invoices to settle, locked in id order so that two payments never deadlock and the second sees the first. */
export async function lockInvoicesForOnlinePayment(tx: Db, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return []
  return tx
    .select({
      id: invoices.id,
      number: invoices.number,
      customerId: invoices.customerId,
      currency: invoices.currency,
      remainingMinor: remaining.mapWith(Number),
      paidMinor: invoices.paidMinor,
    })
    .from(invoices)
    .where(inArray(invoices.id, [...new Set(invoiceIds)].sort()))
    .orderBy(asc(invoices.id))
    .for('update')
}

export async function insertOnlinePayment(
  tx: Db,
  input: {
    entityId: string
    customerId: string
    receivedOn: LocalDate
    currency: string
    amountMinor: number
    method: PaymentMethod
    provider: OnlineProvider
    providerRef: string | null
    externalRef: string | null
  },
) {
  const [row] = await tx.insert(payments).values(input).returning({ id: payments.id })
  return row!.id
}

/** Allocation rows and the invoices' paid sums, moved together (one UPDATE, so the balance triggers run once). */
export async function allocateToInvoices(tx: Db, input: { paymentId: string; allocations: readonly { invoiceId: string; amountMinor: number }[] }) {
  if (input.allocations.length === 0) return
  await tx.insert(paymentAllocations).values(input.allocations.map((a) => ({ paymentId: input.paymentId, ...a })))
  await movePaidSums(tx, input.allocations)
}

async function movePaidSums(tx: Db, amounts: readonly { invoiceId: string; amountMinor: number }[]) {
  const values = sql.join(
    amounts.map((a) => sql`(${a.invoiceId}::uuid, ${a.amountMinor}::bigint)`),
    sql`, `,
  )
  await tx.execute(sql`update invoices as i set paid_minor = i.paid_minor + v.amount, updated_at = now()
                         from (values ${values}) as v(id, amount) where i.id = v.id`)
}

// ——— Money back ———

/** Locks a payment with what it still settles on each invoice (allocations less reversals) and its credit. */
export async function lockPaymentForReversal(tx: Db, input: { paymentId: string }) {
  const [payment] = await tx
    .select({
      id: payments.id,
      entityId: payments.entityId,
      customerId: payments.customerId,
      currency: payments.currency,
      amountMinor: payments.amountMinor,
      reversedMinor: payments.reversedMinor,
      provider: payments.provider,
      providerRef: payments.providerRef,
    })
    .from(payments)
    .where(eq(payments.id, input.paymentId))
    .for('update')
  if (!payment) return null
  const net = await queryRows<{ invoice_id: string; amount: string | number }>(
    tx,
    sql`select a.invoice_id, sum(a.amount_minor)
               - coalesce((select sum(ra.amount_minor) from payment_reversal_allocations ra
                             join payment_reversals r on r.id = ra.reversal_id
                            where r.payment_id = ${payment.id} and ra.invoice_id = a.invoice_id), 0) as amount
          from payment_allocations a
          join invoices i on i.id = a.invoice_id
         where a.payment_id = ${payment.id}
         group by a.invoice_id, i.due_date
         order by i.due_date, a.invoice_id`,
  )
  const allocations = net.map((row) => ({ invoiceId: row.invoice_id, amountMinor: Number(row.amount) })).filter((a) => a.amountMinor > 0)
  const allocatedMinor = allocations.reduce((sum, a) => sum + a.amountMinor, 0)
  return { ...payment, allocations, creditMinor: payment.amountMinor - payment.reversedMinor - allocatedMinor }
}

export async function findPaymentByProviderRef(tx: Db, input: { provider: OnlineProvider; providerRef: string }) {
  const [row] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.provider, input.provider), eq(payments.providerRef, input.providerRef)))
  return row?.id ?? null
}

const reversalColumns = {
  id: paymentReversals.id,
  paymentId: paymentReversals.paymentId,
  entityId: paymentReversals.entityId,
  customerId: paymentReversals.customerId,
  kind: paymentReversals.kind,
  status: paymentReversals.status,
  provider: paymentReversals.provider,
  providerRef: paymentReversals.providerRef,
  idempotencyKey: paymentReversals.idempotencyKey,
  currency: paymentReversals.currency,
  amountMinor: paymentReversals.amountMinor,
  appliedMinor: paymentReversals.appliedMinor,
}

export async function lockReversal(tx: Db, input: { reversalId: string | null; provider: OnlineProvider; providerRef: string | null }) {
  const condition = input.reversalId
    ? eq(paymentReversals.id, input.reversalId)
    : input.providerRef
      ? and(eq(paymentReversals.provider, input.provider), eq(paymentReversals.providerRef, input.providerRef))
      : null
  if (!condition) return null
  const [row] = await tx.select(reversalColumns).from(paymentReversals).where(condition).for('update')
  return row ?? null
}

export async function findReversal(db: Db, reversalId: string) {
  const [row] = await db.select(reversalColumns).from(paymentReversals).where(eq(paymentReversals.id, reversalId))
  return row ?? null
}

/** What is already gone or on its way back: reversals that stand or may still stand. */
export async function sumOpenReversals(tx: Db, paymentId: string) {
  const [row] = await tx
    .select({ sum: sql<number>`coalesce(sum(${paymentReversals.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(paymentReversals)
    .where(and(eq(paymentReversals.paymentId, paymentId), inArray(paymentReversals.status, ['requested', 'pending', 'succeeded'])))
  return row?.sum ?? 0
}

export async function insertReversal(
  tx: Db,
  input: {
    id?: string
    paymentId: string
    entityId: string
    customerId: string
    kind: 'refund' | 'chargeback'
    status: ReversalStatus
    provider: OnlineProvider
    providerRef: string | null
    idempotencyKey: string | null
    currency: string
    amountMinor: number
    reason: string | null
  },
) {
  const [row] = await tx.insert(paymentReversals).values(input).returning({ id: paymentReversals.id })
  return row!.id
}

export async function updateReversal(
  tx: Db,
  reversalId: string,
  changes: Partial<{ status: ReversalStatus; providerRef: string; appliedMinor: number }>,
) {
  await tx.update(paymentReversals).set({ ...changes, updatedAt: sql`now()` }).where(eq(paymentReversals.id, reversalId))
}

/** Takes money back off invoices (their paid sums go down: they re-open) and off the payment. */
export async function applyReversalAmounts(
  tx: Db,
  input: { reversalId: string; paymentId: string; reversedDelta: number; fromInvoices: readonly { invoiceId: string; amountMinor: number }[] },
) {
  if (input.fromInvoices.length > 0) {
    await tx.insert(paymentReversalAllocations).values(input.fromInvoices.map((a) => ({ reversalId: input.reversalId, ...a })))
    await movePaidSums(
      tx,
      input.fromInvoices.map((a) => ({ invoiceId: a.invoiceId, amountMinor: -a.amountMinor })),
    )
  }
  if (input.reversedDelta !== 0) {
    await tx
      .update(payments)
      .set({ reversedMinor: sql`${payments.reversedMinor} + ${input.reversedDelta}` })
      .where(eq(payments.id, input.paymentId))
  }
}

// ——— Checks for tests and the benchmark ———

export async function countAllocationsByPayment(db: Db, paymentIds: readonly string[]) {
  if (paymentIds.length === 0) return []
  return db
    .select({ paymentId: paymentAllocations.paymentId, count: sql<number>`count(*)::int` })
    .from(paymentAllocations)
    .where(inArray(paymentAllocations.paymentId, [...paymentIds]))
    .groupBy(paymentAllocations.paymentId)
}

export async function customerOfAttempt(db: Db, attemptId: string) {
  const [row] = await db
    .select({ customerId: paymentAttempts.customerId, name: customers.name })
    .from(paymentAttempts)
    .innerJoin(customers, eq(customers.id, paymentAttempts.customerId))
    .where(eq(paymentAttempts.id, attemptId))
  return row ?? null
}

export async function listProviderEventsOfEntity(db: Db, entityId: string) {
  return db
    .select({ eventId: providerEvents.eventId, eventType: providerEvents.eventType, outcome: providerEvents.outcome, note: providerEvents.note, rawBody: providerEvents.rawBody })
    .from(providerEvents)
    .where(eq(providerEvents.entityId, entityId))
    .orderBy(asc(providerEvents.receivedAt))
}

export async function listReversalsOfPayment(db: Db, paymentId: string) {
  return db.select(reversalColumns).from(paymentReversals).where(eq(paymentReversals.paymentId, paymentId)).orderBy(asc(paymentReversals.createdAt))
}

export async function findPaymentTotals(db: Db, paymentId: string) {
  const [row] = await db
    .select({ amountMinor: payments.amountMinor, reversedMinor: payments.reversedMinor, currency: payments.currency, providerRef: payments.providerRef })
    .from(payments)
    .where(eq(payments.id, paymentId))
  return row ?? null
}

// ——— The webhook's hot path: fewer round trips per event (see bench/payments) ———

/**
 * Locks the attempt a notification is about and reads, in the same statement, its items and the contact who gets
 * the receipt.
 */
/**
 * (Its invoices are locked too, so that a success can be allocated without another round trip.)
 */
export async function lockAttemptWithItems(
  tx: Db,
  input: { attemptId: string | null; provider: OnlineProvider; providerRef: string | null; providerPaymentRef: string | null },
) {
  const where = input.attemptId
    ? sql`a.id = ${input.attemptId}`
    : input.providerRef
      ? sql`a.provider = ${input.provider} and a.provider_ref = ${input.providerRef}`
      : input.providerPaymentRef
        ? sql`a.provider = ${input.provider} and a.provider_payment_ref = ${input.providerPaymentRef}`
        : null
  if (!where) return null
  const [row] = await queryRows<{
    invoices: { id: string; number: string; customerId: string; currency: string; remainingMinor: number }[]
    id: string
    entity_id: string
    customer_id: string
    contact_id: string | null
    provider: OnlineProvider
    status: AttemptStatus
    currency: string
    amount_minor: string | number
    provider_ref: string | null
    provider_payment_ref: string | null
    locale: string
    items: { invoiceId: string; amountMinor: number }[]
    contact: { id: string; name: string; email: string } | null
  }>(
    tx,
    // The attempt first, then its invoices in id order (the order every path that settles invoices uses), all
    // locked until commit: a concurrent payment on the same invoice waits here and then sees this one.
    sql`with a as (
          select * from payment_attempts a where ${where} for update of a),
        locked as (
          select i.id, i.number, i.customer_id, i.currency,
                 i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor as remaining
            from invoices i
           where i.id in (select it.invoice_id from payment_attempt_items it where it.attempt_id = (select id from a))
           order by i.id
             for update of i)
        select a.id, a.entity_id, a.customer_id, a.contact_id, a.provider, a.status, a.currency, a.amount_minor,
               a.provider_ref, a.provider_payment_ref, a.locale,
               (select coalesce(json_agg(json_build_object('id', l.id, 'number', l.number, 'customerId', l.customer_id,
                                                           'currency', l.currency, 'remainingMinor', l.remaining)
                                         order by l.id), '[]'::json) from locked l) as invoices,
               (select coalesce(json_agg(json_build_object('invoiceId', it.invoice_id, 'amountMinor', it.amount_minor)
                                         order by i.due_date, i.number, i.id), '[]'::json)
                  from payment_attempt_items it join invoices i on i.id = it.invoice_id
                 where it.attempt_id = a.id) as items,
               (select json_build_object('id', c.id, 'name', c.name, 'email', c.email)
                  from contacts c
                 where c.customer_id = a.customer_id and c.deleted_at is null and c.email is not null
                 order by (c.id = a.contact_id) desc, c.is_primary desc, c.created_at
                 limit 1) as contact
          from a`,
  )
  if (!row) return null
  return {
    id: row.id,
    entityId: row.entity_id,
    customerId: row.customer_id,
    contactId: row.contact_id,
    provider: row.provider,
    status: row.status,
    currency: row.currency,
    amountMinor: Number(row.amount_minor),
    providerRef: row.provider_ref,
    providerPaymentRef: row.provider_payment_ref,
    locale: row.locale,
    items: row.items.map((item) => ({ invoiceId: item.invoiceId, amountMinor: Number(item.amountMinor) })),
    contact: row.contact,
    lockedInvoices: row.invoices.map((invoice) => ({ ...invoice, remainingMinor: Number(invoice.remainingMinor) })),
  }
}

/**
 * Money received, in one statement: the payment row, its allocations, the invoices' paid sums (the balance
 * triggers run once) and the attempt marked succeeded with its payment.
 */
export async function recordReceivedPayment(
  tx: Db,
  input: {
    paymentId: string
    attemptId: string
    refs: { providerRef?: string; providerPaymentRef?: string }
    completedAt: Date
    /** Written in the same statement: the audit entries and the messages (receipt…) of this payment. */
    audits: readonly (typeof auditEvents.$inferInsert)[]
    messages: readonly (typeof outboxMessages.$inferInsert)[]
    payment: {
      entityId: string
      customerId: string
      receivedOn: LocalDate
      currency: string
      amountMinor: number
      method: PaymentMethod
      provider: OnlineProvider
      providerRef: string | null
    }
    allocations: readonly { invoiceId: string; amountMinor: number }[]
  },
): Promise<string> {
  const p = input.payment
  const values =
    input.allocations.length > 0
      ? sql.join(
          input.allocations.map((a) => sql`(${a.invoiceId}::uuid, ${a.amountMinor}::bigint)`),
          sql`, `,
        )
      : null
  const allocate = values
    ? sql`, allocated as (
            insert into payment_allocations (payment_id, invoice_id, amount_minor)
            select paid.id, v.invoice_id, v.amount from paid, (values ${values}) as v(invoice_id, amount)
            returning 1),
          settled as (
            update invoices as i set paid_minor = i.paid_minor + v.amount, updated_at = now()
              from (values ${values}) as v(id, amount) where i.id = v.id
            returning 1)`
    : sql``
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`with paid as (
          insert into payments (id, entity_id, customer_id, received_on, currency, amount_minor, method, provider, provider_ref)
          values (${input.paymentId}::uuid, ${p.entityId}, ${p.customerId}, ${p.receivedOn}, ${p.currency}, ${p.amountMinor}, ${p.method}, ${p.provider}, ${p.providerRef})
          returning id)${allocate}${writesCte(tx, input)},
        attempt as (
          update payment_attempts
             set status = 'succeeded', payment_id = (select id from paid), failure_reason = null,
                 completed_at = ${input.completedAt.toISOString()}::timestamptz, updated_at = now(),
                 provider_ref = coalesce(provider_ref, ${input.refs.providerRef ?? null}),
                 provider_payment_ref = coalesce(provider_payment_ref, ${input.refs.providerPaymentRef ?? null})
           where id = ${input.attemptId}
          returning 1)
        select id from paid`,
  )
  return row!.id
}

function writesCte(tx: Db, input: { audits: readonly (typeof auditEvents.$inferInsert)[]; messages: readonly (typeof outboxMessages.$inferInsert)[] }) {
  const parts: SQL[] = []
  if (input.audits.length > 0) parts.push(sql`audits as (${tx.insert(auditEvents).values([...input.audits]).getSQL()})`)
  if (input.messages.length > 0) {
    parts.push(
      sql`messages as (${tx.insert(outboxMessages).values([...input.messages]).onConflictDoNothing({ target: outboxMessages.idempotencyKey }).getSQL()})`,
    )
  }
  return parts.length > 0 ? sql`, ${sql.join(parts, sql`, `)}` : sql``
}

/**
 * The end of a notification's transaction in one statement: its audit entries, its messages (a repeated
 * idempotency key is ignored) and the event's outcome.
 */
export async function finishProviderEvent(
  tx: Db,
  input: {
    eventRowId: string
    outcome: string
    attemptId: string | null
    note: string | null
    audits: readonly (typeof auditEvents.$inferInsert)[]
    messages: readonly (typeof outboxMessages.$inferInsert)[]
  },
) {
  const update = tx
    .update(providerEvents)
    .set({ outcome: input.outcome, attemptId: input.attemptId, note: input.note })
    .where(eq(providerEvents.id, input.eventRowId))
    .getSQL()
  const writes = writesCte(tx, input)
  await tx.execute(input.audits.length + input.messages.length > 0 ? sql`with updated as (${update} returning 1)${writes} select 1` : update)
}

/** For the debtor's history: the online attempt behind each of these payments (its receipt), scoped to the customer. */
export async function receiptAttemptsOfPayments(db: Db, input: { customerId: string; paymentIds: readonly string[] }) {
  if (input.paymentIds.length === 0) return new Map<string, string>()
  const rows = await db
    .select({ paymentId: paymentAttempts.paymentId, attemptId: paymentAttempts.id })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.customerId, input.customerId), inArray(paymentAttempts.paymentId, [...input.paymentIds])))
  return new Map(rows.map((row) => [row.paymentId!, row.attemptId]))
}
