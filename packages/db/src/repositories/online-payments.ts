import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { PaymentMethod } from '@quittance/domain/payments/payment-methods'
import { queryRows, queryRowsPrepared, type Db } from '../client'
import { addToInvoiceSettlement } from './backoffice-invoices'
import {
  auditEvents,
  contacts,
  creditorEntities,
  invoices,
  type outboxMessages,
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

/**
 * Writes an attempt, its items and its audit entry in one statement (atomic on its own, and one round trip: the
 * checkout page's latency budget counts them).
 */
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
    audit?: typeof auditEvents.$inferInsert
  },
) {
  const { items, audit, ...attempt } = input
  const parts = [
    sql`items as (${tx.insert(paymentAttemptItems).values(items.map((item) => ({ attemptId: input.id, ...item }))).getSQL()})`,
    ...(audit ? [sql`audit as (${tx.insert(auditEvents).values(audit).getSQL()})`] : []),
  ]
  await queryRowsPrepared(tx, sql`with attempt as (${tx.insert(paymentAttempts).values(attempt).getSQL()} returning id), ${sql.join(parts, sql`, `)} select id from attempt`)
}

/** The entity with what the pay page needs (policy, code, bank account currencies), in one query. */
export async function findEntityForPayments(db: Db, entityId: string) {
  const [row] = await queryRowsPrepared<{
    id: string
    code: string
    legal_name: string
    portal_policy: { allowPartialPayments?: boolean } | null
    accounts: { currency: string; iban: string; bic: string }[]
  }>(
    db,
    sql`select e.id, e.code, e.legal_name, e.portal_policy,
               coalesce((select json_agg(json_build_object('currency', b.currency, 'iban', b.iban, 'bic', b.bic) order by b.created_at)
                           from entity_bank_accounts b where b.entity_id = e.id), '[]'::json) as accounts
          from creditor_entities e where e.id = ${entityId}`,
  )
  if (!row) return null
  return { id: row.id, code: row.code, legalName: row.legal_name, portalPolicy: row.portal_policy ?? {}, bankAccounts: row.accounts }
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

/**
 * Checkout attempts still waiting for the provider's word (pending or processing, at Stripe or Mollie, with a
 * provider reference to ask about) whose last change is older than `updatedBefore`, oldest first, after the
 * (updatedAt, id) key of the previous page. Read by the reconciliation run (payment_attempts_unsettled_idx).
 */
export async function listAttemptsToReconcile(
  db: Db,
  input: { updatedBefore: Date; after: { updatedAt: string; id: string } | null; limit: number },
) {
  return db
    // updatedAt as PostgreSQL's text (microseconds, which a Date would lose) so that it can key the next page.
    .select({ id: paymentAttempts.id, customerId: paymentAttempts.customerId, updatedAt: sql<string>`${paymentAttempts.updatedAt}::text` })
    .from(paymentAttempts)
    .where(
      and(
        inArray(paymentAttempts.status, ['pending', 'processing']),
        inArray(paymentAttempts.provider, ['stripe', 'mollie']),
        sql`${paymentAttempts.providerRef} is not null`,
        lt(paymentAttempts.updatedAt, input.updatedBefore),
        input.after ? sql`(${paymentAttempts.updatedAt}, ${paymentAttempts.id}) > (${input.after.updatedAt}::timestamptz, ${input.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(paymentAttempts.updatedAt), asc(paymentAttempts.id))
    .limit(input.limit)
}

// ——— Provider events ———

/**
 * Stores a verified event once; null when (provider, event id) is already there: the delivery is a duplicate.
 * It is written as `applied` for the attempt it names (when that attempt exists): the transaction only commits
 * when that holds, and the outcome is corrected in the same transaction when it does not.
 */
export async function insertProviderEvent(tx: Db, input: ProviderEventInput) {
  const [row] = await queryRowsPrepared<{ id: string }>(tx, providerEventInsert(input))
  return row?.id ?? null
}

// ——— Money in ———


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
    await addToInvoiceSettlement(tx, {
      kind: 'paid',
      amounts: input.fromInvoices.map((a) => ({ invoiceId: a.invoiceId, amountMinor: -a.amountMinor })),
    })
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

// postgres.js as drizzle holds it: the pool (reserve) or a transaction's connection (unsafe).
type PendingQuery = PromiseLike<unknown> & { execute(): PendingQuery; catch(onRejected: (error: unknown) => unknown): Promise<unknown> }
type PoolClient = { reserve?: () => Promise<ReservedClient> }
type ReservedClient = { unsafe(query: string, params?: unknown[], options?: { prepare?: boolean }): PendingQuery; release(): void }
type DrizzleSession = { client?: PoolClient; transaction?: (work: (tx: Db) => Promise<unknown>) => Promise<unknown> }
const COMMIT_WITH_NEXT = Symbol('commitWithNextStatement')

/**
 * db.transaction in two round trips instead of four on PostgreSQL: BEGIN is sent in the same write as the first
 * statement, and COMMIT right behind the statement announced by commitWithNextStatement, without waiting for its
 * answer (if that statement fails, PostgreSQL turns the COMMIT into a ROLLBACK and its error is thrown). Without an
 * announced statement, COMMIT is sent when `work` resolves, as db.transaction does. On PGlite (one query at a time,
 * no round trips), inside another transaction, and if drizzle's or postgres.js's internals ever move: db.transaction.
 */
export async function pipelinedTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  const session = (db as unknown as { session?: DrizzleSession }).session
  const pool = session?.client
  if (!session || typeof session.transaction !== 'function' || typeof pool?.reserve !== 'function') return db.transaction(work)
  // drizzle's own transaction object (its session's transaction() calls client.begin), on our begin.
  const pipelined = Object.create(session as object, { client: { value: { begin: (fn: (client: unknown) => Promise<T>) => runPipelined(pool, fn) } } })
  return (await session.transaction.call(pipelined, work as (tx: Db) => Promise<unknown>)) as T
}

/** The next statement on `tx` is its last: COMMIT goes with it (see pipelinedTransaction). Elsewhere, nothing. */
export function commitWithNextStatement(tx: Db) {
  const client = (tx as unknown as { session?: { client?: { [COMMIT_WITH_NEXT]?: () => void } } }).session?.client
  client?.[COMMIT_WITH_NEXT]?.()
}

async function runPipelined<T>(pool: PoolClient, fn: (client: unknown) => Promise<T>): Promise<T> {
  const connection = await pool.reserve!()
  const sent: { begin: PendingQuery | null; commit: PendingQuery | null; commitNext: boolean } = { begin: null, commit: null, commitNext: false }
  const client = {
    unsafe(query: string, params?: unknown[], options?: { prepare?: boolean }) {
      // A statement after COMMIT would run outside the transaction: a bug, refused loudly.
      if (sent.commit) throw new Error('pipelinedTransaction: a statement after the one sent with COMMIT')
      // .execute() now, in this order: postgres.js writes them back to back on the connection.
      sent.begin ??= connection.unsafe('begin').execute()
      const pending = connection.unsafe(query, params ?? [], options ?? {}).execute()
      if (sent.commitNext) sent.commit = connection.unsafe('commit').execute()
      return pending
    },
    savepoint() {
      throw new Error('pipelinedTransaction: nested transactions are not supported')
    },
    [COMMIT_WITH_NEXT]() {
      sent.commitNext = true
    },
  }
  try {
    const result = await fn(client)
    if (sent.begin) {
      await sent.begin
      sent.commit ??= connection.unsafe('commit').execute()
      const answer = (await sent.commit) as { command?: string }
      // COMMIT of a transaction that failed answers ROLLBACK, without an error.
      if (answer.command !== 'COMMIT') throw new Error(`pipelinedTransaction: the transaction ended with ${answer.command ?? 'no answer'}`)
    }
    return result
  } catch (error) {
    if (sent.begin && !sent.commit) await connection.unsafe('rollback').catch(() => {})
    // Every answer still due is awaited, so that the connection goes back to the pool idle.
    await sent.begin?.catch(() => {})
    await sent.commit?.catch(() => {})
    throw error
  } finally {
    connection.release()
  }
}

type LockTarget = { attemptId: string | null; provider: OnlineProvider; providerRef: string | null; providerPaymentRef: string | null }
type ProviderEventInput = { provider: OnlineProvider; eventId: string; entityId: string; eventType: string; rawBody: string; attemptIdHint: string | null }

function lockTargetWhere(input: LockTarget): SQL | null {
  return input.attemptId
    ? sql`a.id = ${input.attemptId}`
    : input.providerRef
      ? sql`a.provider = ${input.provider} and a.provider_ref = ${input.providerRef}`
      : input.providerPaymentRef
        ? sql`a.provider = ${input.provider} and a.provider_payment_ref = ${input.providerPaymentRef}`
        : null
}

function providerEventInsert(input: ProviderEventInput): SQL {
  return sql`insert into provider_events (provider, event_id, entity_id, event_type, raw_body, outcome, attempt_id)
        values (${input.provider}, ${input.eventId}, ${input.entityId}, ${input.eventType}, ${input.rawBody}, 'applied',
                ${input.attemptIdHint ? sql`(select id from payment_attempts where id = ${input.attemptIdHint}::uuid)` : sql`null`})
        on conflict (provider, event_id) do nothing
        returning id`
}

type LockedAttemptRow = {
  event_row_id?: string | null
  invoices: { id: string; number: string; customerId: string; currency: string; remainingMinor: number }[] | null
  id: string | null
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
  items: { invoiceId: string; amountMinor: number }[] | null
  contact: { id: string; name: string; email: string } | null
}

/**
 * The attempt (found by `where`), locked with its invoices, its items, what the invoices still owe and the contact
 * who gets the receipt, in one statement. With `event`, the provider event is inserted first in the same statement
 * and the attempt is only read and locked when that insert stored a new row (a repeated delivery locks nothing).
 */
function lockAttemptQuery(where: SQL | null, event: ProviderEventInput | null): SQL {
  const gate = event ? sql` and exists (select 1 from ev)` : sql``
  // The attempt first, then its invoices in id order (the order every path that settles invoices uses), all
  // locked until commit: a concurrent payment on the same invoice waits here and then sees this one.
  return sql`with ${event ? sql`ev as (${providerEventInsert(event)}), ` : sql``}a as (
          select * from payment_attempts a where ${where ?? sql`false`}${gate} for update of a),
        locked as (
          select i.id, i.number, i.due_date, i.customer_id, i.currency,
                 i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor as remaining
            from invoices i
           -- = any(array(…)): reached through the primary key whatever the statistics say (a join may be planned as
           -- a sequential scan of invoices while the table is young)
           where i.id = any (array(select it.invoice_id from payment_attempt_items it where it.attempt_id = (select id from a)))
           order by i.id
             for update of i)
        select ${event ? sql`(select id from ev) as event_row_id, ` : sql``}a.id, a.entity_id, a.customer_id, a.contact_id, a.provider, a.status, a.currency, a.amount_minor,
               a.provider_ref, a.provider_payment_ref, a.locale,
               (select coalesce(json_agg(json_build_object('id', l.id, 'number', l.number, 'customerId', l.customer_id,
                                                           'currency', l.currency, 'remainingMinor', l.remaining)
                                         order by l.id), '[]'::json) from locked l) as invoices,
               (select coalesce(json_agg(json_build_object('invoiceId', it.invoice_id, 'amountMinor', it.amount_minor)
                                         order by l.due_date, l.number, l.id), '[]'::json)
                  from payment_attempt_items it join locked l on l.id = it.invoice_id
                 where it.attempt_id = a.id) as items,
               (select json_build_object('id', c.id, 'name', c.name, 'email', c.email)
                  from contacts c
                 where c.customer_id = a.customer_id and c.deleted_at is null and c.email is not null
                 order by (c.id = a.contact_id) desc, c.is_primary desc, c.created_at
                 limit 1) as contact
          from ${event ? sql`(select 1) as one left join a on true` : sql`a`}`
}

function lockedAttemptOf(row: LockedAttemptRow | undefined) {
  if (!row?.id) return null
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
    items: (row.items ?? []).map((item) => ({ invoiceId: item.invoiceId, amountMinor: Number(item.amountMinor) })),
    contact: row.contact,
    lockedInvoices: (row.invoices ?? []).map((invoice) => ({ ...invoice, remainingMinor: Number(invoice.remainingMinor) })),
  }
}

export type LockedAttempt = NonNullable<ReturnType<typeof lockedAttemptOf>>

/**
 * Locks the attempt a notification is about (found by our id or by the provider's references) and its invoices,
 * and reads, in the same statement, its items, what the invoices still owe and the contact who gets the receipt.
 */
export async function lockAttemptWithItems(tx: Db, input: LockTarget): Promise<LockedAttempt | null> {
  const where = lockTargetWhere(input)
  if (!where) return null
  const [row] = await queryRowsPrepared<LockedAttemptRow>(tx, lockAttemptQuery(where, null))
  return lockedAttemptOf(row)
}

/**
 * The webhook's first statement: stores the verified event once (see insertProviderEvent) and, only when it is
 * new, locks the attempt it names with its invoices (see lockAttemptWithItems). One round trip instead of two.
 * `eventRowId` null: the delivery is a duplicate, and nothing was locked.
 */
export async function insertProviderEventAndLockAttempt(
  tx: Db,
  input: { event: ProviderEventInput; attempt: LockTarget | null },
): Promise<{ eventRowId: string | null; attempt: LockedAttempt | null }> {
  const where = input.attempt ? lockTargetWhere(input.attempt) : null
  if (!where) return { eventRowId: await insertProviderEvent(tx, input.event), attempt: null }
  const [row] = await queryRowsPrepared<LockedAttemptRow>(tx, lockAttemptQuery(where, input.event))
  const eventRowId = row?.event_row_id ?? null
  return { eventRowId, attempt: eventRowId ? lockedAttemptOf(row) : null }
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
  const [row] = await queryRowsPrepared<{ id: string }>(
    tx,
    sql`with paid as (
          insert into payments (id, entity_id, customer_id, received_on, currency, amount_minor, method, provider, provider_ref)
          values (${input.paymentId}::uuid, ${p.entityId}, ${p.customerId}, ${p.receivedOn}, ${p.currency}, ${p.amountMinor}, ${p.method}, ${p.provider}, ${p.providerRef})
          returning id)${allocate}${writesCte(input)},
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

// Written by hand: drizzle's insert builder cost the webhook more node CPU than the rest of its statement. The
// columns a webhook sets; the others (ids, times, status) take their defaults.
function writesCte(input: { audits: readonly (typeof auditEvents.$inferInsert)[]; messages: readonly (typeof outboxMessages.$inferInsert)[] }) {
  const parts: SQL[] = []
  if (input.audits.length > 0) {
    const rows = input.audits.map(
      (a) =>
        sql`(${a.actorType}, ${a.actorId ?? null}, ${a.action}, ${a.subjectType}, ${a.subjectId ?? null}, ${a.entityId ?? null}, ${a.customerId ?? null}, ${jsonOrNull(a.before)}::jsonb, ${jsonOrNull(a.after)}::jsonb, ${a.ipAddress ?? null})`,
    )
    parts.push(sql`audits as (
          insert into audit_events (actor_type, actor_id, action, subject_type, subject_id, entity_id, customer_id, before, after, ip_address)
          values ${sql.join(rows, sql`, `)})`)
  }
  if (input.messages.length > 0) {
    const rows = input.messages.map(
      (m) =>
        sql`(${m.entityId}, ${m.customerId ?? null}, ${m.contactId ?? null}, ${m.channel}, ${m.template}, ${m.locale}, ${m.recipient}, ${m.subject ?? null}, ${m.bodyText}, ${m.bodyHtml ?? null}, ${JSON.stringify(m.attachmentDocumentIds ?? [])}::jsonb, ${m.idempotencyKey})`,
    )
    parts.push(sql`messages as (
          insert into outbox_messages (entity_id, customer_id, contact_id, channel, template, locale, recipient, subject, body_text, body_html, attachment_document_ids, idempotency_key)
          values ${sql.join(rows, sql`, `)}
          on conflict (idempotency_key) do nothing)`)
  }
  return parts.length > 0 ? sql`, ${sql.join(parts, sql`, `)}` : sql``
}

function jsonOrNull(value: unknown) {
  return value === undefined || value === null ? null : JSON.stringify(value)
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
  const update = sql`update provider_events set outcome = ${input.outcome}, attempt_id = ${input.attemptId}, note = ${input.note} where id = ${input.eventRowId}`
  await queryRowsPrepared(tx, sql`with updated as (${update} returning 1)${writesCte(input)} select 1`)
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
