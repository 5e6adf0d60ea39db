import { sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../client'

// Reads of the reminder engine for screens, the CLI and tests: what went out, when, on which channel, and how.

export type CustomerReminderRow = {
  actionId: string
  planningDate: string
  stepKey: string
  stepName: string | null
  channel: string
  status: string
  skipReason: string | null
  currency: string
  totalMinor: number
  invoiceNumbers: string[]
  sentAt: Date | null
  recipient: string | null
  deliveryState: string | null
  deliveryAttempts: number
  lastError: string | null
  outboxMessageId: string | null
  scenarioName: string
  scenarioVersion: number
}

type Row = {
  action_id: string
  planning_date: string
  step_key: string
  step_name: string | null
  channel: string
  status: string
  skip_reason: string | null
  currency: string
  total_minor: string | number
  invoice_numbers: string[] | null
  sent_at: Date | string | null
  recipient: string | null
  delivery_state: string | null
  delivery_attempts: number | null
  last_error: string | null
  outbox_message_id: string | null
  scenario_name: string
  scenario_version: number
}

function actionsQuery(where: SQL, limit: number): SQL {
  return sql`select a.id as action_id, a.planning_date::text as planning_date, a.step_key,
                    (select s->>'name' from jsonb_array_elements(v.definition->'steps') s where s->>'key' = a.step_key limit 1) as step_name,
                    a.channel, a.status, a.skip_reason, a.currency, a.total_minor,
                    (select array_agg(i.number order by ai.position) from reminder_action_invoices ai
                       join invoices i on i.id = ai.invoice_id where ai.action_id = a.id) as invoice_numbers,
                    a.sent_at, d.recipient, d.state as delivery_state, d.attempts as delivery_attempts,
                    coalesce(d.last_error, a.last_error) as last_error, d.outbox_message_id,
                    sc.name as scenario_name, a.scenario_version
               from reminder_actions a
               join reminder_scenarios sc on sc.id = a.scenario_id
               left join reminder_scenario_versions v on v.scenario_id = a.scenario_id and v.version = a.scenario_version
               left join reminder_deliveries d on d.action_id = a.id
              where ${where}
              order by a.planning_date desc, a.created_at desc, a.id
              limit ${limit}`
}

function toRow(r: Row): CustomerReminderRow {
  return {
    actionId: r.action_id,
    planningDate: r.planning_date,
    stepKey: r.step_key,
    stepName: r.step_name,
    channel: r.channel,
    status: r.status,
    skipReason: r.skip_reason,
    currency: r.currency.trim(),
    totalMinor: Number(r.total_minor),
    invoiceNumbers: r.invoice_numbers ?? [],
    sentAt: r.sent_at === null ? null : new Date(r.sent_at),
    recipient: r.recipient,
    deliveryState: r.delivery_state,
    deliveryAttempts: r.delivery_attempts ?? 0,
    lastError: r.last_error,
    outboxMessageId: r.outbox_message_id,
    scenarioName: r.scenario_name,
    scenarioVersion: r.scenario_version,
  }
}

/**
 * Every reminder of one customer, newest first: step, channel, when, the invoices it listed and its delivery state
 * (sent, delivered, bounced, failed…). Loader-friendly: one query, plain values.
 */
export async function listRemindersForCustomer(db: Db, customerId: string, options: { limit?: number } = {}): Promise<CustomerReminderRow[]> {
  const rows = await queryRows<Row>(db, actionsQuery(sql`a.customer_id = ${customerId}`, options.limit ?? 200))
  return rows.map(toRow)
}

/** The reminders that listed one invoice (with whether a re-check dropped it from the message). */
export async function listRemindersForInvoice(db: Db, invoiceId: string, options: { limit?: number } = {}): Promise<CustomerReminderRow[]> {
  const rows = await queryRows<Row>(
    db,
    actionsQuery(sql`exists (select 1 from reminder_action_invoices x where x.action_id = a.id and x.invoice_id = ${invoiceId})`, options.limit ?? 200),
  )
  return rows.map(toRow)
}

export type ActionFilters = { status?: string; channel?: string; planningDate?: string; customerIds?: string[]; entityId?: string }

export async function listReminderActions(db: Db, input: { filters: ActionFilters; limit: number }): Promise<CustomerReminderRow[]> {
  const where: SQL[] = [sql`true`]
  const f = input.filters
  if (f.status) where.push(sql`a.status = ${f.status}`)
  if (f.channel) where.push(sql`a.channel = ${f.channel}`)
  if (f.planningDate) where.push(sql`a.planning_date = ${f.planningDate}::date`)
  if (f.entityId) where.push(sql`a.entity_id = ${f.entityId}`)
  if (f.customerIds) where.push(f.customerIds.length ? sql`a.customer_id in (${sql.join(f.customerIds.map((id) => sql`${id}`), sql`, `)})` : sql`false`)
  const rows = await queryRows<Row>(db, actionsQuery(sql.join(where, sql` and `), input.limit))
  return rows.map(toRow)
}

/** The step history of one invoice, oldest first: the "why" next to the simulated timeline. */
export async function listInvoiceStepHistory(db: Db, invoiceId: string) {
  const rows = await queryRows<{ step_key: string; on: string; outcome: string; reason: string | null; scenario_version: number | null }>(
    db,
    sql`select step_key, "on"::text as "on", outcome, reason, scenario_version from reminder_step_history
         where invoice_id = ${invoiceId} order by "on", id`,
  )
  return rows.map((r) => ({ stepKey: r.step_key, on: r.on, outcome: r.outcome, reason: r.reason, scenarioVersion: r.scenario_version }))
}

export type WorklistTask = {
  id: string
  kind: string
  status: string
  title: string
  body: string
  dueOn: string
  stepKey: string | null
  customerId: string
  customerName: string
  actionId: string | null
  actionStatus: string | null
  channel: string | null
  totalMinor: number | null
  currency: string | null
  createdAt: Date
  outcome: string | null
}

/** The worklist: open tasks first by due day (or done ones, newest first). */
export async function listReminderTasks(
  db: Db,
  input: { status: 'open' | 'done'; kinds?: readonly string[]; customerIds?: string[]; limit: number },
): Promise<WorklistTask[]> {
  const kinds = input.kinds?.length ? sql`and t.kind in (${sql.join(input.kinds.map((k) => sql`${k}`), sql`, `)})` : sql``
  const visible = input.customerIds
    ? input.customerIds.length
      ? sql`and t.customer_id in (${sql.join(input.customerIds.map((id) => sql`${id}`), sql`, `)})`
      : sql`and false`
    : sql``
  const order = input.status === 'open' ? sql`t.due_on asc, t.created_at asc` : sql`t.completed_at desc nulls last`
  const rows = await queryRows<{
    id: string
    kind: string
    status: string
    title: string
    body: string
    due_on: string
    step_key: string | null
    customer_id: string
    customer_name: string
    action_id: string | null
    action_status: string | null
    channel: string | null
    total_minor: string | number | null
    currency: string | null
    created_at: Date | string
    outcome: string | null
  }>(
    db,
    sql`select t.id, t.kind, t.status, t.title, t.body, t.due_on::text as due_on, t.step_key, t.customer_id, c.name as customer_name,
               t.action_id, a.status as action_status, a.channel, a.total_minor, a.currency, t.created_at, t.outcome
          from reminder_tasks t join customers c on c.id = t.customer_id
          left join reminder_actions a on a.id = t.action_id
         where ${input.status === 'open' ? sql`t.status = 'open'` : sql`t.status <> 'open'`} ${kinds} ${visible}
         order by ${order}
         limit ${input.limit}`,
  )
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    title: r.title,
    body: r.body,
    dueOn: r.due_on,
    stepKey: r.step_key,
    customerId: r.customer_id,
    customerName: r.customer_name,
    actionId: r.action_id,
    actionStatus: r.action_status,
    channel: r.channel,
    totalMinor: r.total_minor === null ? null : Number(r.total_minor),
    currency: r.currency?.trim() ?? null,
    createdAt: new Date(r.created_at),
    outcome: r.outcome,
  }))
}

/** For tests and operators: the reminder messages of an entity as the outbox holds them. */
export async function listReminderOutbox(db: Db, entityId: string) {
  const rows = await queryRows<{
    id: string
    status: string
    body_text: string
    subject: string | null
    attachments: number
    recipient: string
    idempotency_key: string
    provider: string | null
  }>(
    db,
    sql`select o.id, o.status, o.body_text, o.subject, jsonb_array_length(o.attachment_document_ids)::int as attachments, o.recipient,
               o.idempotency_key, d.provider
          from outbox_messages o left join reminder_deliveries d on d.outbox_message_id = o.id
         where o.entity_id = ${entityId} and o.template like 'reminder:%' order by o.created_at, o.id`,
  )
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    bodyText: r.body_text,
    subject: r.subject,
    attachments: r.attachments,
    recipient: r.recipient,
    idempotencyKey: r.idempotency_key,
    provider: r.provider,
  }))
}

/** For tests and the chaos check: every action of an entity with its invoices, history and delivery. */
export async function inspectReminderActions(db: Db, entityId: string) {
  const rows = await queryRows<{
    id: string
    action_key: string
    customer_id: string
    step_key: string
    planning_date: string
    status: string
    skip_reason: string | null
    invoice_count: number
    send_jobs: number
    delivery_state: string | null
    delivery_attempts: number | null
    send_after: Date | string | null
  }>(
    db,
    sql`select a.send_after, a.id, a.action_key, a.customer_id, a.step_key, a.planning_date::text as planning_date, a.status, a.skip_reason,
               (select count(*)::int from reminder_action_invoices ai where ai.action_id = a.id) as invoice_count,
               (select count(*)::int from jobs j where j.name = 'reminders.send' and j.payload->>'actionId' = a.id::text) as send_jobs,
               d.state as delivery_state, d.attempts as delivery_attempts
          from reminder_actions a left join reminder_deliveries d on d.action_id = a.id
         where a.entity_id = ${entityId} order by a.planning_date, a.action_key`,
  )
  return rows.map((r) => ({
    id: r.id,
    actionKey: r.action_key,
    customerId: r.customer_id,
    stepKey: r.step_key,
    planningDate: r.planning_date,
    status: r.status,
    skipReason: r.skip_reason,
    invoiceCount: Number(r.invoice_count),
    sendJobs: Number(r.send_jobs),
    deliveryState: r.delivery_state,
    deliveryAttempts: r.delivery_attempts,
    sendAfter: r.send_after === null ? null : new Date(r.send_after),
  }))
}

export async function listActionInvoiceIdsOfEntity(db: Db, entityId: string) {
  const rows = await queryRows<{ action_key: string; step_key: string; planning_date: string; invoice_id: string; status: string }>(
    db,
    sql`select a.action_key, a.step_key, a.planning_date::text as planning_date, ai.invoice_id, a.status
          from reminder_actions a join reminder_action_invoices ai on ai.action_id = a.id
         where a.entity_id = ${entityId} order by a.planning_date, ai.invoice_id, a.step_key`,
  )
  return rows.map((r) => ({ actionKey: r.action_key, stepKey: r.step_key, planningDate: r.planning_date, invoiceId: r.invoice_id, status: r.status }))
}

/** Names of the customers this staff member may see among `ids` (sales: only those they own). */
export async function findCustomerNames(
  db: Db,
  ids: readonly string[],
  visibility: { kind: 'all' } | { kind: 'owned-by'; staffUserId: string },
): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 2_000) {
    const part = ids.slice(i, i + 2_000)
    if (part.length === 0) continue
    const owned = visibility.kind === 'owned-by' ? sql`and sales_owner_id = ${visibility.staffUserId}` : sql``
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from customers where id in (${sql.join(part.map((id) => sql`${id}`), sql`, `)}) ${owned}`,
    )
    for (const r of rows) out.set(r.id, r.name)
  }
  return out
}

/** Customers of an entity this staff member may see, by name or reference (the filters of the reminder screens). */
export async function searchCustomerIds(db: Db, input: { query: string; visibility: { kind: 'all' } | { kind: 'owned-by'; staffUserId: string } }) {
  const like = `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const owned = input.visibility.kind === 'owned-by' ? sql`and sales_owner_id = ${input.visibility.staffUserId}` : sql``
  const rows = await queryRows<{ id: string }>(db, sql`select id from customers where (name ilike ${like} or external_ref ilike ${like}) ${owned} limit 200`)
  return rows.map((r) => r.id)
}

/** An invoice by id or number, within what the staff member may see, with its customer. */
export async function findInvoiceForTimeline(db: Db, input: { idOrNumber: string; visibility: { kind: 'all' } | { kind: 'owned-by'; staffUserId: string } }) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.idOrNumber)
  const owned = input.visibility.kind === 'owned-by' ? sql`and c.sales_owner_id = ${input.visibility.staffUserId}` : sql``
  const match = isUuid ? sql`i.id = ${input.idOrNumber}` : sql`i.number = ${input.idOrNumber}`
  const [row] = await queryRows<{ id: string; number: string; customer_id: string; customer_name: string; entity_id: string; issue_date: string; due_date: string; currency: string; remaining: string | number; kind: string; segment: string | null; paused: string | null }>(
    db,
    sql`select i.id, i.number, i.customer_id, c.name as customer_name, i.entity_id, i.issue_date::text as issue_date, i.due_date::text as due_date,
               i.currency, (i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor) as remaining, c.kind, c.segment,
               c.reminders_paused_until::text as paused
          from invoices i join customers c on c.id = i.customer_id where ${match} ${owned} limit 1`,
  )
  return row
    ? {
        id: row.id,
        number: row.number,
        customerId: row.customer_id,
        customerName: row.customer_name,
        entityId: row.entity_id,
        issueDate: row.issue_date,
        dueDate: row.due_date,
        currency: row.currency.trim(),
        remainingMinor: Number(row.remaining),
        kind: row.kind as 'professional' | 'consumer' | 'public_body',
        segment: row.segment,
        pausedUntil: row.paused,
      }
    : null
}
