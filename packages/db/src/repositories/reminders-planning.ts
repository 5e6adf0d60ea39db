import { sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../client'
import { jobs } from '../schema/index'
import {
  reminderActionInvoices,
  reminderActions,
  reminderStepHistory,
  reminderTasks,
  type ReminderActionStatus,
} from '../schema/reminders'

// What the reminder planner reads and writes, set-based: one query per batch of customers for each kind of fact,
// never one per invoice, and multi-row inserts that a second planner turns into no-ops (ON CONFLICT DO NOTHING).

const list = (values: readonly string[]): SQL => sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`

export type PlanningCustomerRow = {
  id: string
  kind: 'professional' | 'consumer' | 'public_body'
  segment: string | null
  language: string
  remindersPausedUntil: string | null
  hasPostalAddress: boolean
}

/** The next batch of an entity's customers, by id (keyset): the planner walks the whole portfolio this way. */
export async function selectCustomerBatch(
  db: Db,
  input: { entityId: string; afterId: string | null; limit: number; customerIds?: readonly string[] },
): Promise<PlanningCustomerRow[]> {
  const only = input.customerIds ? sql`and c.id in ${list(input.customerIds)}` : sql``
  const after = input.afterId ? sql`and c.id > ${input.afterId}::uuid` : sql``
  const rows = await queryRows<{
    id: string
    kind: PlanningCustomerRow['kind']
    segment: string | null
    language: string
    paused: string | null
    has_address: boolean
  }>(
    db,
    sql`select c.id, c.kind, c.segment, c.language, c.reminders_paused_until::text as paused,
               (cardinality(c.address_lines) > 0 and c.postal_code is not null) as has_address
          from customers c
         where c.entity_id = ${input.entityId} ${after} ${only}
         order by c.id
         limit ${input.limit}`,
  )
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    segment: r.segment,
    language: r.language,
    remindersPausedUntil: r.paused,
    hasPostalAddress: r.has_address,
  }))
}

export type PlanningInvoiceRow = {
  id: string
  customerId: string
  number: string
  issueDate: string
  dueDate: string
  currency: string
  remainingMinor: number
  originalDocumentId: string | null
}

/**
 * The open invoices of these customers that may have something to do today: due within the scenarios' horizon,
 * or touched by the engine or by a hold recently. Older ones can only have steps too late to send.
 */
export async function selectPlanningInvoices(
  db: Db,
  input: { customerIds: readonly string[]; today: string; lookbackDays: number; lookaheadDays: number },
): Promise<PlanningInvoiceRow[]> {
  if (input.customerIds.length === 0) return []
  const ids = list(input.customerIds)
  const from = sql`(${input.today}::date - ${input.lookbackDays}::int)`
  const to = sql`(${input.today}::date + ${input.lookaheadDays}::int)`
  const rows = await queryRows<{
    id: string
    customer_id: string
    number: string
    issue_date: string
    due_date: string
    currency: string
    remaining: string | number
    original_document_id: string | null
  }>(
    db,
    sql`with candidates as (
          select i.id from invoices i
           where i.customer_id in ${ids} and i.due_date between ${from} and ${to}
          union
          select h.invoice_id from reminder_step_history h
           where h.customer_id in ${ids} and h.on >= ${from}
          union
          select x.invoice_id from invoice_reminder_holds x join invoices i2 on i2.id = x.invoice_id
           where i2.customer_id in ${ids} and (x.ended_at is null or x.broken_on >= ${from})
        )
        select i.id, i.customer_id, i.number, i.issue_date::text as issue_date, i.due_date::text as due_date,
               i.currency, (i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor) as remaining,
               i.original_document_id
          from invoices i join candidates c on c.id = i.id
         where i.total_minor > i.paid_minor + i.credited_minor + i.written_off_minor
           and i.issue_date <= ${to}`,
  )
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    number: r.number,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    currency: r.currency.trim(),
    remainingMinor: Number(r.remaining),
    originalDocumentId: r.original_document_id,
  }))
}

/** The same facts for given invoices, open or not: the worker's re-check reads them right before sending. */
export async function selectInvoicesForRecheck(db: Db, invoiceIds: readonly string[]): Promise<PlanningInvoiceRow[]> {
  if (invoiceIds.length === 0) return []
  const rows = await queryRows<{
    id: string
    customer_id: string
    number: string
    issue_date: string
    due_date: string
    currency: string
    remaining: string | number
    original_document_id: string | null
  }>(
    db,
    sql`select i.id, i.customer_id, i.number, i.issue_date::text as issue_date, i.due_date::text as due_date,
               i.currency, (i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor) as remaining,
               i.original_document_id
          from invoices i where i.id in ${list(invoiceIds)}`,
  )
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    number: r.number,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    currency: r.currency.trim(),
    remainingMinor: Number(r.remaining),
    originalDocumentId: r.original_document_id,
  }))
}

export type HistoryRow = { invoiceId: string; stepKey: string; on: string; outcome: 'planned' | 'sent' | 'skipped'; actionKey: string | null }

export async function selectStepHistory(db: Db, invoiceIds: readonly string[]): Promise<HistoryRow[]> {
  if (invoiceIds.length === 0) return []
  const rows = await queryRows<{ invoice_id: string; step_key: string; on: string; outcome: HistoryRow['outcome']; action_key: string | null }>(
    db,
    sql`select invoice_id, step_key, "on"::text as "on", outcome, action_key
          from reminder_step_history where invoice_id in ${list(invoiceIds)}`,
  )
  return rows.map((r) => ({ invoiceId: r.invoice_id, stepKey: r.step_key, on: r.on, outcome: r.outcome, actionKey: r.action_key }))
}

export type HoldRow = { invoiceId: string; kind: 'dispute' | 'promise' | 'payment_plan'; until: string | null; brokenOn: string | null; ended: boolean }

export async function selectInvoiceHolds(db: Db, invoiceIds: readonly string[]): Promise<HoldRow[]> {
  if (invoiceIds.length === 0) return []
  const rows = await queryRows<{ invoice_id: string; kind: HoldRow['kind']; until: string | null; broken_on: string | null; ended: boolean }>(
    db,
    sql`select invoice_id, kind, until::text as until, broken_on::text as broken_on, (ended_at is not null) as ended
          from invoice_reminder_holds where invoice_id in ${list(invoiceIds)}`,
  )
  return rows.map((r) => ({ invoiceId: r.invoice_id, kind: r.kind, until: r.until, brokenOn: r.broken_on, ended: r.ended }))
}

export type PlanningContactRow = {
  id: string
  customerId: string
  name: string
  email: string | null
  phone: string | null
  language: string | null
  isPrimary: boolean
}

export async function selectPlanningContacts(db: Db, customerIds: readonly string[]): Promise<PlanningContactRow[]> {
  if (customerIds.length === 0) return []
  const rows = await queryRows<{
    id: string
    customer_id: string
    name: string
    email: string | null
    phone: string | null
    language: string | null
    is_primary: boolean
  }>(
    db,
    sql`select id, customer_id, name, email, phone, language, is_primary from contacts
         where customer_id in ${list(customerIds)} and deleted_at is null
         order by customer_id, is_primary desc, created_at, id`,
  )
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    language: r.language,
    isPrimary: r.is_primary,
  }))
}

/** Each customer's latest contact before `today` (any channel but manual tasks, not skipped or failed). */
export async function selectLastContacts(db: Db, input: { customerIds: readonly string[]; today: string }): Promise<Record<string, string>> {
  if (input.customerIds.length === 0) return {}
  const rows = await queryRows<{ customer_id: string; last: string }>(
    db,
    sql`select customer_id, max(planning_date)::text as last from reminder_actions
         where customer_id in ${list(input.customerIds)} and planning_date < ${input.today}::date
           and channel <> 'manual-task' and status not in ('skipped', 'failed')
         group by customer_id`,
  )
  return Object.fromEntries(rows.map((r) => [r.customer_id, r.last]))
}

export async function selectOutstanding(db: Db, customerIds: readonly string[]) {
  if (customerIds.length === 0) return []
  const rows = await queryRows<{ customer_id: string; currency: string; outstanding: string | number }>(
    db,
    sql`select customer_id, currency, outstanding_minor as outstanding from customer_balances
         where customer_id in ${list(customerIds)}`,
  )
  return rows.map((r) => ({ customerId: r.customer_id, currency: r.currency.trim(), amountMinor: Number(r.outstanding) }))
}

export async function selectScenarioOverrides(db: Db, customerIds: readonly string[]): Promise<Record<string, string>> {
  if (customerIds.length === 0) return {}
  const rows = await queryRows<{ customer_id: string; scenario_id: string }>(
    db,
    sql`select customer_id, scenario_id from customer_scenario_overrides where customer_id in ${list(customerIds)}`,
  )
  return Object.fromEntries(rows.map((r) => [r.customer_id, r.scenario_id]))
}

export type NewReminderAction = {
  actionKey: string
  entityId: string
  customerId: string
  stepKey: string
  periodKey: string
  contactId: string | null
  currency: string
  channel: string
  scenarioId: string
  scenarioVersion: number
  planningDate: string
  status: ReminderActionStatus
  sendAfter: Date | null
  totalMinor: number
  maxDaysLate: number
  testMode: boolean
}

const CHUNK = 2_000

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/** Inserts actions; returns the ones this call created (a concurrent or earlier planner's keys are skipped). */
export async function insertReminderActions(db: Db, actions: readonly NewReminderAction[]): Promise<{ id: string; actionKey: string }[]> {
  const created: { id: string; actionKey: string }[] = []
  for (const part of chunks(actions)) {
    if (part.length === 0) continue
    const rows = await db
      .insert(reminderActions)
      .values(part.map((a) => ({ ...a })))
      .onConflictDoNothing()
      .returning({ id: reminderActions.id, actionKey: reminderActions.actionKey })
    created.push(...rows)
  }
  return created
}

export async function insertActionInvoices(
  db: Db,
  rows: readonly { actionId: string; invoiceId: string; remainingMinor: number; position: number }[],
): Promise<void> {
  for (const part of chunks(rows)) {
    if (part.length > 0) await db.insert(reminderActionInvoices).values([...part]).onConflictDoNothing()
  }
}

export type NewHistoryRow = {
  invoiceId: string
  customerId: string
  stepKey: string
  on: string
  outcome: 'planned' | 'sent' | 'skipped'
  actionKey: string | null
  reason: string | null
  scenarioVersion: number | null
}

export async function insertStepHistory(db: Db, rows: readonly NewHistoryRow[]): Promise<number> {
  let inserted = 0
  for (const part of chunks(rows)) {
    if (part.length === 0) continue
    const result = await db.insert(reminderStepHistory).values([...part]).onConflictDoNothing().returning({ id: reminderStepHistory.id })
    inserted += result.length
  }
  return inserted
}

export type NewReminderTask = {
  taskKey: string
  entityId: string
  customerId: string
  actionId: string | null
  kind: 'phone' | 'manual' | 'approval' | 'unreachable' | 'reconcile' | 'failed'
  stepKey: string | null
  title: string
  body: string
  dueOn: string
}

export async function insertReminderTasks(db: Db, rows: readonly NewReminderTask[]): Promise<number> {
  let inserted = 0
  for (const part of chunks(rows)) {
    if (part.length === 0) continue
    const result = await db.insert(reminderTasks).values([...part]).onConflictDoNothing().returning({ id: reminderTasks.id })
    inserted += result.length
  }
  return inserted
}

/**
 * Many jobs in one statement, in the caller's transaction: the outbox of the job queue (a job exists if and only if
 * the change that asked for it commits).
 */
export async function insertJobsBulk(
  db: Db,
  rows: readonly { name: string; payload: Record<string, unknown>; runAfter: Date; maxAttempts?: number }[],
): Promise<void> {
  for (const part of chunks(rows)) {
    if (part.length === 0) continue
    await db.insert(jobs).values(
      part.map((r) => ({ name: r.name, payload: r.payload, runAfter: r.runAfter, ...(r.maxAttempts ? { maxAttempts: r.maxAttempts } : {}) })),
    )
  }
}
