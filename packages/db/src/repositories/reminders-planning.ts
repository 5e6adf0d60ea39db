import { sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../client'
import type { ReminderActionStatus } from '../schema/reminders'

// What the reminder planner reads and writes, set-based: one query per batch of customers for each kind of fact,
// never one per invoice, and multi-row inserts that a second planner turns into no-ops (ON CONFLICT DO NOTHING).

// Lists and rows travel as one JSON parameter: building a statement with thousands of parameters costs more in
// JavaScript than the query costs in PostgreSQL, and both drivers (postgres.js, PGlite) pass text the same way.
// `= any(array(…))` is an init plan: PostgreSQL then uses the index, where `in (select …)` may scan and hash.
const list = (values: readonly string[]): SQL => sql`any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid))`
const json = (rows: readonly unknown[]) => JSON.stringify(rows)

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
  const only = input.customerIds ? sql`and c.id = ${list(input.customerIds)}` : sql``
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
 * touched by a hold recently, or (when a scenario chains steps on the previous one) by the engine recently. Older
 * ones can only have steps too late to send. Each row comes with its step history and holds (one round trip).
 */
export async function selectPlanningInvoices(
  db: Db,
  input: {
    customerIds: readonly string[]
    today: string
    lookbackDays: number
    lookaheadDays: number
    includeRecentHistory?: boolean
    /**
     * Each customer's scenario and the steps of those scenarios dated from the due or issue date: an invoice is read
     * only if one of its scenario's steps falls within the catch-up limit today, applies (not a pre-due reminder of
     * an overdue invoice, not under the step's minimum amount) and is neither done nor passed: no record of it or of
     * a later step of its track (`doneKeys`: the step's own key and those). Without it, every invoice in the horizon
     * is read.
     */
    pending?: {
      scenarioOf: readonly { customerId: string; scenarioId: string }[]
      steps: readonly {
        scenarioId: string
        stepKey: string
        anchor: 'due-date' | 'issue-date'
        offsetDays: number
        catchUpDays: number
        minimums: Record<string, number>
        doneKeys: readonly string[]
      }[]
    }
  },
): Promise<(PlanningInvoiceRow & { history: HistoryRow[]; holds: HoldRow[] })[]> {
  if (input.customerIds.length === 0) return []
  const ids = list(input.customerIds)
  const from = sql`(${input.today}::date - ${input.lookbackDays}::int)`
  const to = sql`(${input.today}::date + ${input.lookaheadDays}::int)`
  // The JSON rows are materialised once (a function scan on the inner side of a join would be parsed per row).
  const pendingCtes = input.pending
    ? sql`assigned as materialized (
            select * from jsonb_to_recordset(${json(input.pending.scenarioOf)}::jsonb) as a("customerId" uuid, "scenarioId" text)),
          dated_steps as materialized (
            select * from jsonb_to_recordset(${json(input.pending.steps)}::jsonb)
                     as s("scenarioId" text, "stepKey" text, anchor text, "offsetDays" int, "catchUpDays" int, minimums jsonb, "doneKeys" text[])),`
    : sql``
  // The due dates that can have a step within reach today (due_date >= issue_date, so it bounds issue-date steps
  // too): a range of invoices_customer_due_idx, so only those invoices are fetched from the table.
  const steps = input.pending?.steps ?? []
  const dueFrom = steps.length > 0 ? Math.max(...steps.map((s) => s.catchUpDays + s.offsetDays)) : null
  const dueTo = steps.length > 0 && steps.every((s) => s.anchor === 'due-date') ? Math.min(...steps.map((s) => s.offsetDays)) : null
  const dueRange = sql`${dueFrom === null ? sql`` : sql`and i.due_date >= ${input.today}::date - ${dueFrom}::int`}
             ${dueTo === null ? sql`` : sql`and i.due_date <= ${input.today}::date - ${dueTo}::int`}`
  const dated = input.pending
    ? sql`select i.id from invoices i
            join assigned a on a."customerId" = i.customer_id
            join dated_steps s on s."scenarioId" = a."scenarioId"
           where i.customer_id = ${ids} ${dueRange}
             and i.total_minor > i.paid_minor + i.credited_minor + i.written_off_minor
             and (case when s.anchor = 'due-date' then i.due_date else i.issue_date end) + s."offsetDays"
                 between ${input.today}::date - s."catchUpDays" and ${input.today}::date
             and not (s.anchor = 'due-date' and s."offsetDays" < 0 and ${input.today}::date > i.due_date)
             and coalesce((s.minimums ->> trim(i.currency))::bigint, 0)
                 <= i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor
             and not (s."doneKeys" && array(select h.step_key from reminder_step_history h where h.invoice_id = i.id))`
    : sql`select i.id from invoices i where i.customer_id = ${ids} and i.due_date between ${from} and ${to}`
  const recentHistory =
    input.includeRecentHistory === false
      ? sql``
      : sql`union select h.invoice_id from reminder_step_history h where h.customer_id = ${ids} and h.on >= ${from}`
  const rows = await queryRows<{
    id: string
    customer_id: string
    number: string
    issue_date: string
    due_date: string
    currency: string
    remaining: string | number
    original_document_id: string | null
    history: { s: string; o: string; r: HistoryRow['outcome']; a: string | null }[] | null
    holds: { k: HoldRow['kind']; u: string | null; b: string | null; e: boolean }[] | null
  }>(
    db,
    sql`with ${pendingCtes} candidates as (
          ${dated}
          ${recentHistory}
          union
          select x.invoice_id from invoice_reminder_holds x join invoices i2 on i2.id = x.invoice_id
           where i2.customer_id = ${ids} and (x.ended_at is null or x.broken_on >= ${from})
        )
        select i.id, i.customer_id, i.number, i.issue_date::text as issue_date, i.due_date::text as due_date,
               i.currency, (i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor) as remaining,
               i.original_document_id,
               (select jsonb_agg(jsonb_build_object('s', h.step_key, 'o', h."on", 'r', h.outcome, 'a', h.action_key))
                  from reminder_step_history h where h.invoice_id = i.id) as history,
               (select jsonb_agg(jsonb_build_object('k', x.kind, 'u', x.until, 'b', x.broken_on, 'e', x.ended_at is not null))
                  from invoice_reminder_holds x where x.invoice_id = i.id) as holds
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
    history: (r.history ?? []).map((h) => ({ invoiceId: r.id, stepKey: h.s, on: h.o, outcome: h.r, actionKey: h.a })),
    holds: (r.holds ?? []).map((h) => ({ invoiceId: r.id, kind: h.k, until: h.u, brokenOn: h.b, ended: h.e })),
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
          from invoices i where i.id = ${list(invoiceIds)}`,
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
          from reminder_step_history where invoice_id = ${list(invoiceIds)}`,
  )
  return rows.map((r) => ({ invoiceId: r.invoice_id, stepKey: r.step_key, on: r.on, outcome: r.outcome, actionKey: r.action_key }))
}

export type HoldRow = { invoiceId: string; kind: 'dispute' | 'promise' | 'payment_plan' | 'payment_processing'; until: string | null; brokenOn: string | null; ended: boolean }

export async function selectInvoiceHolds(db: Db, invoiceIds: readonly string[]): Promise<HoldRow[]> {
  if (invoiceIds.length === 0) return []
  const rows = await queryRows<{ invoice_id: string; kind: HoldRow['kind']; until: string | null; broken_on: string | null; ended: boolean }>(
    db,
    sql`select invoice_id, kind, until::text as until, broken_on::text as broken_on, (ended_at is not null) as ended
          from invoice_reminder_holds where invoice_id = ${list(invoiceIds)}`,
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
         where customer_id = ${list(customerIds)} and deleted_at is null
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
         where customer_id = ${list(input.customerIds)} and planning_date < ${input.today}::date
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
         where customer_id = ${list(customerIds)}`,
  )
  return rows.map((r) => ({ customerId: r.customer_id, currency: r.currency.trim(), amountMinor: Number(r.outstanding) }))
}

export async function selectScenarioOverrides(db: Db, customerIds: readonly string[]): Promise<Record<string, string>> {
  if (customerIds.length === 0) return {}
  const rows = await queryRows<{ customer_id: string; scenario_id: string }>(
    db,
    sql`select customer_id, scenario_id from customer_scenario_overrides where customer_id = ${list(customerIds)}`,
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

// Rows to insert travel as one PostgreSQL array literal per column, unnested in SQL: no object per row to copy or
// key to repeat in JavaScript, and the cheapest form for PostgreSQL to read (a planning day writes ~400k rows).
// Uuids, numbers, dates and booleans need no quotes; text is quoted, and escaped when it holds `"` or `\\`.
type Scalar = string | number | boolean | null | undefined
function pgArray<T>(rows: readonly T[], value: (row: T) => Scalar, kind: 'plain' | 'text'): string {
  const items: string[] = []
  for (const row of rows) {
    const v = value(row)
    if (v === null || v === undefined) items.push('NULL')
    else if (kind === 'plain') items.push(String(v))
    else if (typeof v === 'string' && !NEEDS_ESCAPE.test(v)) items.push(`"${v}"`)
    else items.push(`"${String(v).replace(/["\\]/g, '\\$&')}"`)
  }
  return `{${items.join(',')}}`
}
const NEEDS_ESCAPE = /["\\]/

/** Inserts actions; returns the ones this call created (a concurrent or earlier planner's keys are skipped). */
export async function insertReminderActions(db: Db, actions: readonly NewReminderAction[]): Promise<{ id: string; actionKey: string }[]> {
  const created: { id: string; actionKey: string }[] = []
  for (const part of chunks(actions, 5_000)) {
    if (part.length === 0) continue
    const col = (value: (a: NewReminderAction) => Scalar, kind: 'plain' | 'text') => pgArray(part, value, kind)
    const rows = await queryRows<{ id: string; action_key: string }>(
      db,
      sql`insert into reminder_actions (action_key, entity_id, customer_id, step_key, period_key, contact_id, currency, channel,
                                        scenario_id, scenario_version, planning_date, status, send_after, total_minor, max_days_late, test_mode)
          select * from unnest(${col((a) => a.actionKey, 'text')}::text[], ${col((a) => a.entityId, 'plain')}::uuid[], ${col((a) => a.customerId, 'plain')}::uuid[],
                               ${col((a) => a.stepKey, 'text')}::text[], ${col((a) => a.periodKey, 'text')}::text[], ${col((a) => a.contactId, 'plain')}::uuid[],
                               ${col((a) => a.currency, 'text')}::text[], ${col((a) => a.channel, 'text')}::text[], ${col((a) => a.scenarioId, 'plain')}::uuid[],
                               ${col((a) => a.scenarioVersion, 'plain')}::int[], ${col((a) => a.planningDate, 'plain')}::date[], ${col((a) => a.status, 'text')}::text[],
                               ${col((a) => a.sendAfter?.toISOString() ?? null, 'plain')}::timestamptz[], ${col((a) => a.totalMinor, 'plain')}::bigint[],
                               ${col((a) => a.maxDaysLate, 'plain')}::int[], ${col((a) => a.testMode, 'plain')}::boolean[])
          on conflict do nothing
          returning id, action_key`,
    )
    for (const r of rows) created.push({ id: r.id, actionKey: r.action_key })
  }
  return created
}

export async function insertActionInvoices(
  db: Db,
  rows: readonly { actionId: string; invoiceId: string; remainingMinor: number; position: number }[],
): Promise<void> {
  for (const part of chunks(rows, 10_000)) {
    if (part.length === 0) continue
    await db.execute(
      sql`insert into reminder_action_invoices (action_id, invoice_id, remaining_minor, position)
          select * from unnest(${pgArray(part, (r) => r.actionId, 'plain')}::uuid[], ${pgArray(part, (r) => r.invoiceId, 'plain')}::uuid[],
                               ${pgArray(part, (r) => r.remainingMinor, 'plain')}::bigint[], ${pgArray(part, (r) => r.position, 'plain')}::int[])
          on conflict do nothing`,
    )
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
  for (const part of chunks(rows, 10_000)) {
    if (part.length === 0) continue
    const col = (value: (h: NewHistoryRow) => Scalar, kind: 'plain' | 'text') => pgArray(part, value, kind)
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`with inserted as (
            insert into reminder_step_history (invoice_id, customer_id, step_key, "on", outcome, action_key, reason, scenario_version)
            select * from unnest(${col((h) => h.invoiceId, 'plain')}::uuid[], ${col((h) => h.customerId, 'plain')}::uuid[], ${col((h) => h.stepKey, 'text')}::text[],
                                 ${col((h) => h.on, 'plain')}::date[], ${col((h) => h.outcome, 'text')}::text[], ${col((h) => h.actionKey, 'text')}::text[],
                                 ${col((h) => h.reason, 'text')}::text[], ${col((h) => h.scenarioVersion, 'plain')}::int[])
            on conflict do nothing
            returning 1)
          select count(*)::int as n from inserted`,
    )
    inserted += Number(row?.n ?? 0)
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
  for (const part of chunks(rows, 5_000)) {
    if (part.length === 0) continue
    const col = (value: (t: NewReminderTask) => Scalar, kind: 'plain' | 'text') => pgArray(part, value, kind)
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`with inserted as (
            insert into reminder_tasks (task_key, entity_id, customer_id, action_id, kind, step_key, title, body, due_on)
            select * from unnest(${col((t) => t.taskKey, 'text')}::text[], ${col((t) => t.entityId, 'plain')}::uuid[], ${col((t) => t.customerId, 'plain')}::uuid[],
                                 ${col((t) => t.actionId, 'plain')}::uuid[], ${col((t) => t.kind, 'text')}::text[], ${col((t) => t.stepKey, 'text')}::text[],
                                 ${col((t) => t.title, 'text')}::text[], ${col((t) => t.body, 'text')}::text[], ${col((t) => t.dueOn, 'plain')}::date[])
            on conflict do nothing
            returning 1)
          select count(*)::int as n from inserted`,
    )
    inserted += Number(row?.n ?? 0)
  }
  return inserted
}

/**
 * Fresh statistics for the queue after a planning run has added its send jobs: the workers start claiming them at
 * once, before autovacuum has looked at the table, and with stale counts PostgreSQL would sort every due job at each
 * claim instead of walking `jobs_queued_idx`.
 */
export async function analyzeJobQueue(db: Db): Promise<void> {
  await db.execute(sql`analyze jobs`)
}

/**
 * Many jobs in one statement, in the caller's transaction: the outbox of the job queue (a job exists if and only if
 * the change that asked for it commits).
 */
export async function insertJobsBulk(
  db: Db,
  rows: readonly { name: string; payload: Record<string, unknown>; runAfter: Date; maxAttempts?: number }[],
): Promise<void> {
  for (const part of chunks(rows, 10_000)) {
    if (part.length === 0) continue
    await db.execute(
      sql`insert into jobs (name, payload, run_after, max_attempts)
          select name, payload, run_after, coalesce(max_attempts, 5)
            from unnest(${pgArray(part, (r) => r.name, 'text')}::text[], ${pgArray(part, (r) => JSON.stringify(r.payload), 'text')}::jsonb[],
                        ${pgArray(part, (r) => r.runAfter.toISOString(), 'plain')}::timestamptz[], ${pgArray(part, (r) => r.maxAttempts ?? null, 'plain')}::int[])
                 as x(name, payload, run_after, max_attempts)`,
    )
  }
}
