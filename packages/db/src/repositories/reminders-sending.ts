import { createHash } from 'node:crypto'
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { queryRows, queryRowsPrepared, type Db } from '../client'
import type { HistoryRow, HoldRow } from './reminders-planning'
import { contacts, creditorEntities, customers, documents, outboxMessages } from '../schema/index'
import {
  reminderActionInvoices,
  reminderActions,
  reminderDeliveries,
  reminderStepHistory,
  reminderTasks,
  type DeliveryState,
  type ReminderActionStatus,
  type ScenarioDefinition,
} from '../schema/reminders'

// The life of one action after planning: claimed, re-checked, rendered into the outbox, handed to a provider,
// and recorded. Every status change is a guarded UPDATE (`where status = …`) so states only move forward.

export type ActionRow = {
  id: string
  actionKey: string
  entityId: string
  customerId: string
  stepKey: string
  contactId: string | null
  currency: string
  channel: string
  scenarioId: string
  scenarioVersion: number
  planningDate: string
  status: ReminderActionStatus
  sendAfter: Date | null
  totalMinor: number
  testMode: boolean
  attempts: number
}

const actionColumns = {
  id: reminderActions.id,
  actionKey: reminderActions.actionKey,
  entityId: reminderActions.entityId,
  customerId: reminderActions.customerId,
  stepKey: reminderActions.stepKey,
  contactId: reminderActions.contactId,
  currency: reminderActions.currency,
  channel: reminderActions.channel,
  scenarioId: reminderActions.scenarioId,
  scenarioVersion: reminderActions.scenarioVersion,
  planningDate: reminderActions.planningDate,
  status: reminderActions.status,
  sendAfter: reminderActions.sendAfter,
  totalMinor: reminderActions.totalMinor,
  testMode: reminderActions.testMode,
  attempts: reminderActions.attempts,
}

/** The action, locked until the transaction ends: one worker at a time decides what happens to it. */
export async function lockReminderAction(db: Db, actionId: string): Promise<ActionRow | null> {
  const [row] = await db.select(actionColumns).from(reminderActions).where(eq(reminderActions.id, actionId)).for('update')
  return row ? { ...row, currency: row.currency.trim() } : null
}

export async function findReminderAction(db: Db, actionId: string): Promise<ActionRow | null> {
  const [row] = await db.select(actionColumns).from(reminderActions).where(eq(reminderActions.id, actionId))
  return row ? { ...row, currency: row.currency.trim() } : null
}

/** The invoices the message lists, in the message's order, without those a re-check dropped. */
export async function listActionInvoiceIds(db: Db, actionId: string): Promise<string[]> {
  const rows = await db
    .select({ invoiceId: reminderActionInvoices.invoiceId })
    .from(reminderActionInvoices)
    .where(and(eq(reminderActionInvoices.actionId, actionId), isNull(reminderActionInvoices.droppedReason)))
    .orderBy(asc(reminderActionInvoices.position))
  return rows.map((r) => r.invoiceId)
}

export async function updateReminderAction(
  db: Db,
  input: {
    actionId: string
    from: readonly ReminderActionStatus[]
    set: Partial<{
      status: ReminderActionStatus
      skipReason: string | null
      sendAfter: Date | null
      totalMinor: number
      lastError: string | null
      sentAt: Date | null
      attempts: number
    }>
    now: Date
  },
): Promise<boolean> {
  const rows = await db
    .update(reminderActions)
    .set({ ...input.set, updatedAt: input.now })
    .where(and(eq(reminderActions.id, input.actionId), inArray(reminderActions.status, [...input.from])))
    .returning({ id: reminderActions.id })
  return rows.length > 0
}

export async function markActionInvoicesDropped(db: Db, input: { actionId: string; dropped: readonly { invoiceId: string; reason: string }[] }) {
  for (const d of input.dropped) {
    await db
      .update(reminderActionInvoices)
      .set({ droppedReason: d.reason })
      .where(and(eq(reminderActionInvoices.actionId, input.actionId), eq(reminderActionInvoices.invoiceId, d.invoiceId)))
  }
}

/** The re-check dropped these invoices: forget their 'planned' record so the step is planned again later. */
export async function deletePlannedHistory(db: Db, input: { actionKey: string; invoiceIds?: readonly string[] }) {
  await db
    .delete(reminderStepHistory)
    .where(
      and(
        eq(reminderStepHistory.actionKey, input.actionKey),
        eq(reminderStepHistory.outcome, 'planned'),
        input.invoiceIds ? inArray(reminderStepHistory.invoiceId, [...input.invoiceIds]) : undefined,
      ),
    )
}

/** 'planned' → 'sent' for the action's records. */
export async function markHistorySent(db: Db, input: { actionKey: string }) {
  await db
    .update(reminderStepHistory)
    .set({ outcome: 'sent' })
    .where(and(eq(reminderStepHistory.actionKey, input.actionKey), eq(reminderStepHistory.outcome, 'planned')))
}

export type SendContext = {
  customer: {
    id: string
    name: string
    externalRef: string
    kind: 'professional' | 'consumer' | 'public_body'
    language: string
    segment: string | null
    addressLines: string[]
    postalCode: string | null
    city: string | null
    country: string
    remindersPausedUntil: string | null
  }
  contact: { id: string; name: string; email: string | null; phone: string | null; language: string | null } | null
  entity: {
    id: string
    legalName: string
    addressLines: string[]
    postalCode: string
    city: string
    country: string
    siren: string | null
    email: string | null
    phone: string | null
    timeZone: string
    portalLinkTtlDays: number
    penaltyRateBasisPoints: number | null
  }
}

export async function loadSendContext(db: Db, input: { customerId: string; contactId: string | null; entityId: string }): Promise<SendContext | null> {
  const [customer] = await db
    .select({
      id: customers.id,
      name: customers.name,
      externalRef: customers.externalRef,
      kind: customers.kind,
      language: customers.language,
      segment: customers.segment,
      addressLines: customers.addressLines,
      postalCode: customers.postalCode,
      city: customers.city,
      country: customers.country,
      remindersPausedUntil: customers.remindersPausedUntil,
    })
    .from(customers)
    .where(eq(customers.id, input.customerId))
  const [entity] = await db
    .select({
      id: creditorEntities.id,
      legalName: creditorEntities.legalName,
      addressLines: creditorEntities.addressLines,
      postalCode: creditorEntities.postalCode,
      city: creditorEntities.city,
      country: creditorEntities.country,
      siren: creditorEntities.siren,
      email: creditorEntities.email,
      phone: creditorEntities.phone,
      timeZone: creditorEntities.timeZone,
      portalLinkTtlDays: creditorEntities.portalLinkTtlDays,
      penaltyRateBasisPoints: creditorEntities.penaltyRateBasisPoints,
    })
    .from(creditorEntities)
    .where(eq(creditorEntities.id, input.entityId))
  if (!customer || !entity) return null
  let contact: SendContext['contact'] = null
  if (input.contactId) {
    const [row] = await db
      .select({ id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone, language: contacts.language })
      .from(contacts)
      .where(and(eq(contacts.id, input.contactId), isNull(contacts.deletedAt)))
    contact = row ?? null
  }
  return { customer, contact, entity }
}

// Deliveries.

export type DeliveryRow = {
  id: string
  actionId: string
  outboxMessageId: string | null
  channel: string
  provider: string
  recipient: string
  idempotencyKey: string
  state: DeliveryState
  attempts: number
  providerMessageId: string | null
}

const deliveryColumns = {
  id: reminderDeliveries.id,
  actionId: reminderDeliveries.actionId,
  outboxMessageId: reminderDeliveries.outboxMessageId,
  channel: reminderDeliveries.channel,
  provider: reminderDeliveries.provider,
  recipient: reminderDeliveries.recipient,
  idempotencyKey: reminderDeliveries.idempotencyKey,
  state: reminderDeliveries.state,
  attempts: reminderDeliveries.attempts,
  providerMessageId: reminderDeliveries.providerMessageId,
}

export async function insertDelivery(
  db: Db,
  input: { actionId: string; outboxMessageId: string | null; channel: string; provider: string; recipient: string; idempotencyKey: string; now: Date },
) {
  await db
    .insert(reminderDeliveries)
    .values({ ...input, state: 'sending', events: [{ at: input.now.toISOString(), state: 'prepared' }] })
    .onConflictDoNothing()
}

export async function findDelivery(db: Db, actionId: string): Promise<DeliveryRow | null> {
  const [row] = await db.select(deliveryColumns).from(reminderDeliveries).where(eq(reminderDeliveries.actionId, actionId))
  return row ?? null
}

/**
 * Takes the right to call the provider for this delivery for `leaseMs`. Null when another worker holds it. The
 * attempt is counted before the call, so a crash during the call is visible afterwards (attempts > 0, still
 * 'sending'): the retry replays the same message with the same idempotency key.
 */
export async function claimDelivery(db: Db, input: { actionId: string; leaseMs: number }): Promise<DeliveryRow | null> {
  const [row] = await db
    .update(reminderDeliveries)
    .set({
      attempts: sql`${reminderDeliveries.attempts} + 1`,
      claimedUntil: sql`now() + ${input.leaseMs} * interval '1 millisecond'`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(reminderDeliveries.actionId, input.actionId),
        eq(reminderDeliveries.state, 'sending'),
        sql`(${reminderDeliveries.claimedUntil} is null or ${reminderDeliveries.claimedUntil} < now())`,
      ),
    )
    .returning(deliveryColumns)
  return row ?? null
}

export async function updateDelivery(
  db: Db,
  input: {
    deliveryId: string
    from: readonly DeliveryState[]
    state: DeliveryState
    providerMessageId?: string | null
    error?: string | null
    event: { at: string; state: string; detail?: string }
  },
): Promise<boolean> {
  const rows = await db
    .update(reminderDeliveries)
    .set({
      state: input.state,
      ...(input.providerMessageId !== undefined ? { providerMessageId: input.providerMessageId } : {}),
      ...(input.error !== undefined ? { lastError: input.error } : {}),
      claimedUntil: null,
      events: sql`${reminderDeliveries.events} || ${JSON.stringify([input.event])}::jsonb`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(reminderDeliveries.id, input.deliveryId), inArray(reminderDeliveries.state, [...input.from])))
    .returning({ id: reminderDeliveries.id })
  return rows.length > 0
}

/** Lets the delivery be claimed again at once (a failed attempt that will be retried). */
export async function releaseDelivery(db: Db, input: { deliveryId: string; error: string; at: string }) {
  await db
    .update(reminderDeliveries)
    .set({
      claimedUntil: null,
      lastError: input.error.slice(0, 2000),
      events: sql`${reminderDeliveries.events} || ${JSON.stringify([{ at: input.at, state: 'attempt-failed', detail: input.error.slice(0, 500) }])}::jsonb`,
      updatedAt: sql`now()`,
    })
    .where(eq(reminderDeliveries.id, input.deliveryId))
}

export async function findDeliveryByProviderMessage(db: Db, input: { provider: string; providerMessageId: string }) {
  const [row] = await db
    .select(deliveryColumns)
    .from(reminderDeliveries)
    .where(and(eq(reminderDeliveries.provider, input.provider), eq(reminderDeliveries.providerMessageId, input.providerMessageId)))
  return row ?? null
}

// The rendered message and its files.

export type OutboxPayload = {
  id: string
  channel: string
  recipient: string
  locale: string
  subject: string | null
  bodyText: string
  bodyHtml: string | null
  attachmentDocumentIds: string[]
  idempotencyKey: string
  status: string
}

export async function findOutboxPayload(db: Db, id: string): Promise<OutboxPayload | null> {
  const [row] = await db
    .select({
      id: outboxMessages.id,
      channel: outboxMessages.channel,
      recipient: outboxMessages.recipient,
      locale: outboxMessages.locale,
      subject: outboxMessages.subject,
      bodyText: outboxMessages.bodyText,
      bodyHtml: outboxMessages.bodyHtml,
      attachmentDocumentIds: outboxMessages.attachmentDocumentIds,
      idempotencyKey: outboxMessages.idempotencyKey,
      status: outboxMessages.status,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.id, id))
  return row ?? null
}

export async function findOutboxIdByKey(db: Db, idempotencyKey: string): Promise<string | null> {
  const [row] = await db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.idempotencyKey, idempotencyKey))
  return row?.id ?? null
}

export async function setOutboxStatus(db: Db, input: { id: string; status: 'pending' | 'sent' | 'failed' | 'cancelled'; now: Date; error?: string }) {
  await db
    .update(outboxMessages)
    .set({
      status: input.status,
      ...(input.status === 'sent' ? { sentAt: input.now } : {}),
      ...(input.error
        ? { attempts: sql`${outboxMessages.attempts} || ${JSON.stringify([{ at: input.now.toISOString(), error: input.error.slice(0, 500) }])}::jsonb` }
        : {}),
    })
    .where(eq(outboxMessages.id, input.id))
}

export async function insertStoredDocument(
  db: Db,
  input: { entityId: string; customerId: string; kind: 'invoice' | 'letter'; filename: string; content: Uint8Array },
): Promise<string> {
  const [row] = await db
    .insert(documents)
    .values({
      entityId: input.entityId,
      customerId: input.customerId,
      kind: input.kind,
      filename: input.filename,
      contentType: 'application/pdf',
      sizeBytes: input.content.byteLength,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      content: input.content,
    })
    .returning({ id: documents.id })
  return row!.id
}

export async function loadDocumentsContent(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return []
  const rows = await db
    .select({ id: documents.id, filename: documents.filename, contentType: documents.contentType, content: documents.content })
    .from(documents)
    .where(inArray(documents.id, [...ids]))
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
}

/** Cancels the open tasks of an action (approved, rejected, or sent by another path). */
export async function closeActionTasks(db: Db, input: { actionId: string; status: 'done' | 'cancelled'; by: string | null; outcome: string; now: Date }) {
  await db
    .update(reminderTasks)
    .set({ status: input.status, completedBy: input.by, completedAt: input.now, outcome: input.outcome })
    .where(and(eq(reminderTasks.actionId, input.actionId), eq(reminderTasks.status, 'open')))
}

/** For operators and tests: actions by status. */
export async function countActionsByStatus(db: Db, input: { entityId?: string } = {}) {
  const rows = await queryRows<{ status: string; count: number }>(
    db,
    sql`select status, count(*)::int as count from reminder_actions
         ${input.entityId ? sql`where entity_id = ${input.entityId}` : sql``} group by status`,
  )
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]))
}

// The worker's hot path: a handful of statements per message instead of one per fact (issue 5). Each replaces a
// sequence of the functions above with the same effects, in one round trip: named prepared statements of constant
// text (queryRowsPrepared), so postgres.js sends each in one write and several of them pipelined.

/** `loadDocumentsContent` as a prepared statement (it is sent along with the prepared message's writes). */
export async function loadDocumentsContentPrepared(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return []
  const rows = await queryRowsPrepared<{ id: string; filename: string; content_type: string; content: Uint8Array }>(
    db,
    sql`select id, filename, content_type, content from documents
         where id = any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`,
  )
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, filename: r.filename, contentType: r.content_type, content: r.content }]))
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
}

type ActionSqlRow = {
  id: string
  action_key: string
  entity_id: string
  customer_id: string
  step_key: string
  contact_id: string | null
  currency: string
  channel: string
  scenario_id: string
  scenario_version: number
  planning_date: string
  status: ReminderActionStatus
  send_after_ms: number | null
  total_minor: number
  test_mode: boolean
  attempts: number
  current_version: number | null
}

const ACTION_SELECT = sql`select a.id, a.action_key, a.entity_id, a.customer_id, a.step_key, a.contact_id, a.currency, a.channel, a.scenario_id,
               a.scenario_version, a.planning_date::text as planning_date, a.status,
               (extract(epoch from a.send_after) * 1000)::float8 as send_after_ms, a.total_minor::float8 as total_minor,
               a.test_mode, a.attempts, s.current_version
          from reminder_actions a left join reminder_scenarios s on s.id = a.scenario_id`

function toLockedAction(row: ActionSqlRow): ActionRow & { currentScenarioVersion: number | null } {
  return {
    id: row.id,
    actionKey: row.action_key,
    entityId: row.entity_id,
    customerId: row.customer_id,
    stepKey: row.step_key,
    contactId: row.contact_id,
    currency: row.currency.trim(),
    channel: row.channel,
    scenarioId: row.scenario_id,
    scenarioVersion: Number(row.scenario_version),
    planningDate: row.planning_date,
    status: row.status,
    sendAfter: row.send_after_ms === null ? null : new Date(Number(row.send_after_ms)),
    totalMinor: Number(row.total_minor),
    testMode: row.test_mode,
    attempts: Number(row.attempts),
    currentScenarioVersion: row.current_version === null ? null : Number(row.current_version),
  }
}

/** The action, locked until the transaction ends (as `lockReminderAction`), with its scenario's current version. */
export async function lockActionForSending(db: Db, actionId: string): Promise<(ActionRow & { currentScenarioVersion: number | null }) | null> {
  const [row] = await queryRowsPrepared<ActionSqlRow>(db, sql`${ACTION_SELECT} where a.id = ${actionId} for update of a`)
  return row ? toLockedAction(row) : null
}

export type RecheckInvoiceRow = {
  id: string
  customerId: string
  number: string
  issueDate: string
  dueDate: string
  currency: string
  remainingMinor: number
  originalDocumentId: string | null
  history: HistoryRow[]
  holds: HoldRow[]
}

export type SendFacts = {
  /** The invoices the message lists (not dropped), in the message's order. */
  invoiceIds: string[]
  /** Those of them that still exist, with their step history and holds, read now. */
  invoices: RecheckInvoiceRow[]
  context: SendContext | null
  /** The stored definition of the scenario's current version, unless the caller said it has it. */
  scenarioDefinition: ScenarioDefinition | null
  /** The late-payment rates, when the action's step shows the statutory amounts. */
  rates: { kind: 'ecb_mro' | 'fr_legal'; effectiveFrom: string; rateBasisPoints: number; nonProfessionalBasisPoints: number | null; semester: string | null; source: string }[] | null
}

type FactsSqlRow = {
  invoice_ids: string[] | null
  invoices: (Omit<RecheckInvoiceRow, 'history' | 'holds'> & {
    history: { s: string; o: string; r: HistoryRow['outcome']; a: string | null }[] | null
    holds: { k: HoldRow['kind']; u: string | null; b: string | null; e: boolean }[] | null
  })[] | null
  customer: (Omit<SendContext['customer'], 'addressLines'> & { addressLines: string[] | null }) | null
  contact: SendContext['contact']
  entity: (Omit<SendContext['entity'], 'addressLines'> & { addressLines: string[] | null }) | null
  definition: ScenarioDefinition | null
  rates: SendFacts['rates']
}

/**
 * The facts of one action as columns (the re-check's and the rendering's reads, as `listActionInvoiceIds`,
 * `selectInvoicesForRecheck`, `selectStepHistory`, `selectInvoiceHolds`, `loadSendContext`, `findScenarioVersion` and
 * `listLatePaymentRates`), given SQL expressions for the action's columns.
 */
function factsColumns(a: {
  actionId: SQL
  customerId: SQL
  contactId: SQL
  entityId: SQL
  scenarioId: SQL
  version: SQL
  stepKey: SQL
  knownScenarios: readonly string[]
}): SQL {
  const version = sql`v.scenario_id = ${a.scenarioId} and v.version = ${a.version}`
  return sql`(select jsonb_agg(x.invoice_id order by x.position) from reminder_action_invoices x
             where x.action_id = ${a.actionId} and x.dropped_reason is null) as invoice_ids,
          (select jsonb_agg(jsonb_build_object(
                    'id', i.id, 'customerId', i.customer_id, 'number', i.number, 'issueDate', i.issue_date, 'dueDate', i.due_date,
                    'currency', i.currency, 'remainingMinor', i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor,
                    'originalDocumentId', i.original_document_id,
                    'history', (select jsonb_agg(jsonb_build_object('s', h.step_key, 'o', h."on", 'r', h.outcome, 'a', h.action_key))
                                  from reminder_step_history h where h.invoice_id = i.id),
                    'holds', (select jsonb_agg(jsonb_build_object('k', r.kind, 'u', r.until, 'b', r.broken_on, 'e', r.ended_at is not null))
                                from invoice_reminder_holds r where r.invoice_id = i.id))
                  order by x.position)
             from reminder_action_invoices x join invoices i on i.id = x.invoice_id
            where x.action_id = ${a.actionId} and x.dropped_reason is null) as invoices,
          (select jsonb_build_object(
                    'id', c.id, 'name', c.name, 'externalRef', c.external_ref, 'kind', c.kind, 'language', c.language, 'segment', c.segment,
                    'addressLines', c.address_lines, 'postalCode', c.postal_code, 'city', c.city, 'country', c.country,
                    'remindersPausedUntil', c.reminders_paused_until)
             from customers c where c.id = ${a.customerId}) as customer,
          (select jsonb_build_object('id', k.id, 'name', k.name, 'email', k.email, 'phone', k.phone, 'language', k.language)
             from contacts k where k.id = ${a.contactId} and k.deleted_at is null) as contact,
          (select jsonb_build_object(
                    'id', e.id, 'legalName', e.legal_name, 'addressLines', e.address_lines, 'postalCode', e.postal_code, 'city', e.city,
                    'country', e.country, 'siren', e.siren, 'email', e.email, 'phone', e.phone, 'timeZone', e.time_zone,
                    'portalLinkTtlDays', e.portal_link_ttl_days, 'penaltyRateBasisPoints', e.penalty_rate_basis_points)
             from creditor_entities e where e.id = ${a.entityId}) as entity,
          (select v.definition from reminder_scenario_versions v
            where ${version}
              and (v.scenario_id::text || ':' || v.version) <> all(array(select jsonb_array_elements_text(${JSON.stringify(a.knownScenarios)}::jsonb)))) as definition,
          (select coalesce(jsonb_agg(jsonb_build_object(
                    'kind', r.kind, 'effectiveFrom', r.effective_from, 'rateBasisPoints', r.rate_basis_points,
                    'nonProfessionalBasisPoints', r.non_professional_basis_points, 'semester', r.semester, 'source', r.source)
                  order by r.kind, r.effective_from), '[]'::jsonb)
             from late_payment_rates r
            where exists (select 1 from reminder_scenario_versions v, jsonb_array_elements(v.definition -> 'steps') st
                           where ${version} and st ->> 'key' = ${a.stepKey}
                             and (st ->> 'includeStatutoryLatePaymentAmounts')::boolean)) as rates`
}

function toSendFacts(row: FactsSqlRow | undefined, contactId: string | null): SendFacts {
  const invoices = (row?.invoices ?? []).map((i) => ({
    id: i.id,
    customerId: i.customerId,
    number: i.number,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    currency: i.currency.trim(),
    remainingMinor: Number(i.remainingMinor),
    originalDocumentId: i.originalDocumentId,
    history: (i.history ?? []).map((h) => ({ invoiceId: i.id, stepKey: h.s, on: h.o, outcome: h.r, actionKey: h.a })),
    holds: (i.holds ?? []).map((h) => ({ invoiceId: i.id, kind: h.k, until: h.u, brokenOn: h.b, ended: h.e })),
  }))
  const customer = row?.customer ?? null
  const entity = row?.entity ?? null
  return {
    invoiceIds: row?.invoice_ids ?? [],
    invoices,
    context:
      customer && entity
        ? {
            customer: { ...customer, country: customer.country.trim(), addressLines: customer.addressLines ?? [] },
            contact: contactId ? (row?.contact ?? null) : null,
            entity: { ...entity, country: entity.country.trim(), addressLines: entity.addressLines ?? [] },
          }
        : null,
    scenarioDefinition: row?.definition ?? null,
    rates: row?.rates ?? null,
  }
}

/** The facts of a locked action (see `factsColumns`), read after the lock. */
export async function loadSendFacts(
  db: Db,
  action: ActionRow & { currentScenarioVersion: number | null },
  input: { knownScenarios: readonly string[] },
): Promise<SendFacts> {
  const [row] = await queryRowsPrepared<FactsSqlRow>(
    db,
    sql`select ${factsColumns({
      actionId: sql`${action.id}::uuid`,
      customerId: sql`${action.customerId}::uuid`,
      contactId: sql`${action.contactId}::uuid`,
      entityId: sql`${action.entityId}::uuid`,
      scenarioId: sql`${action.scenarioId}::uuid`,
      version: sql`${action.currentScenarioVersion}::int`,
      stepKey: sql`${action.stepKey}::text`,
      knownScenarios: input.knownScenarios,
    })}`,
  )
  return toSendFacts(row, action.contactId)
}

/** The send facts of the action row `a` (a CTE over ACTION_SELECT), for the readers below. */
const factsOfActionRow = (knownScenarios: readonly string[]) =>
  factsColumns({
    actionId: sql`a.id`,
    customerId: sql`a.customer_id`,
    contactId: sql`a.contact_id`,
    entityId: sql`a.entity_id`,
    scenarioId: sql`a.scenario_id`,
    version: sql`a.current_version`,
    stepKey: sql`a.step_key`,
    knownScenarios,
  })

/**
 * The action locked and its facts, in one statement. SKIP LOCKED: the statement never waits, so its snapshot is
 * taken when the lock is; null when the action is missing or another transaction holds it (the caller then takes
 * the slow path: `lockActionForSending`, then `loadSendFacts`).
 */
export async function lockActionWithFacts(
  db: Db,
  input: { actionId: string; knownScenarios: readonly string[] },
): Promise<{ action: ActionRow & { currentScenarioVersion: number | null }; facts: SendFacts } | null> {
  const [row] = await queryRowsPrepared<ActionSqlRow & FactsSqlRow>(
    db,
    sql`with a as (
          ${ACTION_SELECT} where a.id = ${input.actionId} for update of a skip locked)
        select a.*, ${factsOfActionRow(input.knownScenarios)}
          from a`,
  )
  if (!row) return null
  return { action: toLockedAction(row), facts: toSendFacts(row, row.contact_id) }
}

/**
 * Actions and their facts as `lockActionWithFacts` reads them, without the lock, several in one statement: the
 * worker's fast path, which then writes each with `recordPreparedSend` (one statement, guarded by the action's
 * status). Missing actions are absent from the map.
 */
export async function readActionsWithFacts(
  db: Db,
  input: { actionIds: readonly string[]; knownScenarios: readonly string[] },
): Promise<Map<string, { action: ActionRow & { currentScenarioVersion: number | null }; facts: SendFacts }>> {
  const rows = await queryRowsPrepared<ActionSqlRow & FactsSqlRow>(
    db,
    sql`with a as (
          ${ACTION_SELECT} where a.id = any(array(select jsonb_array_elements_text(${JSON.stringify(input.actionIds)}::jsonb)::uuid)))
        select a.*, ${factsOfActionRow(input.knownScenarios)}
          from a`,
  )
  return new Map(rows.map((row) => [row.id, { action: toLockedAction(row), facts: toSendFacts(row, row.contact_id) }]))
}

/**
 * `recordPreparedMessage` for an action read without a lock, in one statement (atomic like a transaction): the
 * action moves 'planned' → 'sending' and, only if it did, the outbox row, the delivery (claimed for `claimLeaseMs`)
 * and the portal link rendered into the message (its token and audit event, as `insertPortalAccessTokenWithAudit`)
 * are written. The statement waits for a transaction that holds the action and re-reads its status, so an action
 * skipped, cancelled or prepared meanwhile is left alone (`moved` false). Also returns the attachments' content.
 */
export async function recordPreparedSend(
  db: Db,
  input: {
    action: { id: string; totalMinor: number; attempts: number }
    outbox: Parameters<typeof recordPreparedMessage>[1]['outbox']
    delivery: { channel: string; provider: string }
    portalLink: {
      id: string
      customerId: string
      contactId: string | null
      tokenHash: Uint8Array
      purpose: string
      expiresAt: Date
      audit: { actorType: 'staff' | 'debtor' | 'system'; actorId: string | null; action: string; after: Record<string, unknown> }
    }
    claimLeaseMs: number
    now: Date
  },
): Promise<{ moved: boolean; outboxId: string | null; deliveryId: string | null; documents: { id: string; filename: string; contentType: string; content: Uint8Array }[] }> {
  const { action, outbox, delivery, portalLink: link, now } = input
  const [row] = await queryRowsPrepared<{
    moved: string | number
    outbox_id: string | null
    delivery_id: string | null
    documents: { id: string; filename: string; contentType: string; content: string }[] | null
  }>(
    db,
    sql`with moved as (
          update reminder_actions
             set status = 'sending', total_minor = ${action.totalMinor}, attempts = ${action.attempts}, updated_at = ${now.toISOString()}::timestamptz
           where id = ${action.id} and status = 'planned'
          returning id),
        inserted as (
          insert into outbox_messages (entity_id, customer_id, contact_id, channel, template, locale, recipient, subject, body_text,
                                       body_html, attachment_document_ids, idempotency_key, status)
          select ${outbox.entityId}, ${outbox.customerId}, ${outbox.contactId}, ${outbox.channel}::outbox_channel, ${outbox.template}, ${outbox.locale},
                 ${outbox.recipient}, ${outbox.subject}, ${outbox.bodyText}, ${outbox.bodyHtml},
                 ${JSON.stringify(outbox.attachmentDocumentIds)}::jsonb, ${outbox.idempotencyKey}, 'pending'::outbox_status
            from moved
          on conflict (idempotency_key) do nothing
          returning id),
        message as (
          select id from inserted
          union all
          select id from outbox_messages where idempotency_key = ${outbox.idempotencyKey} and exists (select 1 from moved)
          limit 1),
        delivery as (
          insert into reminder_deliveries (action_id, outbox_message_id, channel, provider, recipient, idempotency_key, state, events,
                                           attempts, claimed_until)
          select moved.id, (select id from message), ${delivery.channel}, ${delivery.provider}, ${outbox.recipient},
                 ${outbox.idempotencyKey}, 'sending', ${JSON.stringify([{ at: now.toISOString(), state: 'prepared' }])}::jsonb,
                 1, now() + ${input.claimLeaseMs}::int * interval '1 millisecond'
            from moved
          on conflict do nothing
          returning id),
        token as (
          insert into portal_access_tokens (id, customer_id, contact_id, token_hash, purpose, created_at, expires_at)
          select ${link.id}::uuid, ${link.customerId}::uuid, ${link.contactId}::uuid, ${Buffer.from(link.tokenHash)}::bytea, ${link.purpose}::text,
                 ${now.toISOString()}::timestamptz, ${link.expiresAt.toISOString()}::timestamptz
            from moved
          returning id),
        audit as (
          insert into audit_events (actor_type, actor_id, action, subject_type, subject_id, customer_id, after)
          select ${link.audit.actorType}::actor_type, ${link.audit.actorId}::text, ${link.audit.action}::text, 'portal_access_token',
                 token.id::text, ${link.customerId}::uuid, ${JSON.stringify(link.audit.after)}::jsonb
            from token
          returning id)
        select (select count(*) from moved) as moved, (select id from message) as outbox_id, (select id from delivery) as delivery_id,
               (select count(*) from audit) as audited,
               (select jsonb_agg(jsonb_build_object('id', d.id, 'filename', d.filename, 'contentType', d.content_type,
                                                    'content', encode(d.content, 'base64')))
                  from documents d
                 where exists (select 1 from moved)
                   and d.id = any(array(select jsonb_array_elements_text(${JSON.stringify(outbox.attachmentDocumentIds)}::jsonb)::uuid))) as documents`,
  )
  const byId = new Map((row?.documents ?? []).map((d) => [d.id, d]))
  const documents = outbox.attachmentDocumentIds.flatMap((id) => {
    const d = byId.get(id)
    return d ? [{ id: d.id, filename: d.filename, contentType: d.contentType, content: new Uint8Array(Buffer.from(d.content, 'base64')) }] : []
  })
  return { moved: Number(row?.moved ?? 0) > 0, outboxId: row?.outbox_id ?? null, deliveryId: row?.delivery_id ?? null, documents }
}

/**
 * The prepared message, in one statement: the outbox row (as `insertOutboxMessage`, kept if one exists under the
 * key), the delivery in state 'sending' (as `insertDelivery`) and the action moved 'planned' → 'sending' (as
 * `updateReminderAction`). With `claimLeaseMs`, the new delivery is also claimed by the caller (as `claimDelivery`:
 * attempt counted, held for the lease), so the provider can be called as soon as the transaction commits.
 * Returns the outbox row's id, and the delivery's id when this call inserted it.
 */
export async function recordPreparedMessage(
  db: Db,
  input: {
    action: { id: string; totalMinor: number; attempts: number }
    outbox: {
      entityId: string
      customerId: string
      contactId: string | null
      channel: 'email' | 'sms' | 'letter' | 'registered_letter'
      template: string
      locale: string
      recipient: string
      subject: string | null
      bodyText: string
      bodyHtml: string | null
      attachmentDocumentIds: string[]
      idempotencyKey: string
    }
    delivery: { channel: string; provider: string }
    claimLeaseMs?: number
    now: Date
  },
): Promise<{ outboxId: string | null; deliveryId: string | null }> {
  const { action, outbox, delivery, now } = input
  const claim = input.claimLeaseMs === undefined ? null : input.claimLeaseMs
  const [row] = await queryRowsPrepared<{ outbox_id: string | null; delivery_id: string | null }>(
    db,
    sql`with inserted as (
          insert into outbox_messages (entity_id, customer_id, contact_id, channel, template, locale, recipient, subject, body_text,
                                       body_html, attachment_document_ids, idempotency_key, status)
          values (${outbox.entityId}, ${outbox.customerId}, ${outbox.contactId}, ${outbox.channel}::outbox_channel, ${outbox.template}, ${outbox.locale},
                  ${outbox.recipient}, ${outbox.subject}, ${outbox.bodyText}, ${outbox.bodyHtml},
                  ${JSON.stringify(outbox.attachmentDocumentIds)}::jsonb, ${outbox.idempotencyKey}, 'pending'::outbox_status)
          on conflict (idempotency_key) do nothing
          returning id),
        message as (
          select id from inserted
          union all
          select id from outbox_messages where idempotency_key = ${outbox.idempotencyKey}
          limit 1),
        delivery as (
          insert into reminder_deliveries (action_id, outbox_message_id, channel, provider, recipient, idempotency_key, state, events,
                                           attempts, claimed_until)
          select ${action.id}, (select id from message), ${delivery.channel}, ${delivery.provider}, ${outbox.recipient},
                 ${outbox.idempotencyKey}, 'sending', ${JSON.stringify([{ at: now.toISOString(), state: 'prepared' }])}::jsonb,
                 ${claim === null ? 0 : 1}::int,
                 case when ${claim}::int is null then null else now() + ${claim}::int * interval '1 millisecond' end
          on conflict do nothing
          returning id),
        moved as (
          update reminder_actions
             set status = 'sending', total_minor = ${action.totalMinor}, attempts = ${action.attempts}, updated_at = ${now.toISOString()}::timestamptz
           where id = ${action.id} and status = 'planned'
          returning id)
        select (select id from message) as outbox_id, (select id from delivery) as delivery_id, (select count(*) from moved) as moved`,
  )
  return { outboxId: row?.outbox_id ?? null, deliveryId: row?.delivery_id ?? null }
}

export type ClaimedSend = {
  delivery: DeliveryRow
  payload: OutboxPayload | null
  documents: { id: string; filename: string; contentType: string; content: Uint8Array }[]
  sender: { name: string; email: string | null } | null
}

/**
 * `claimDelivery` with what the provider call needs, in one statement: the stored message (`findOutboxPayload`),
 * its files in the message's order (`loadDocumentsContent`) and the sender (the creditor entity). Null when another
 * worker holds the delivery or it is not 'sending'.
 */
export async function claimDeliveryForSending(db: Db, input: { actionId: string; leaseMs: number }): Promise<ClaimedSend | null> {
  const [row] = await queryRowsPrepared<{
    id: string
    action_id: string
    outbox_message_id: string | null
    channel: string
    provider: string
    recipient: string
    idempotency_key: string
    state: DeliveryState
    attempts: number
    provider_message_id: string | null
    payload: OutboxPayload | null
    documents: { id: string; filename: string; contentType: string; content: string }[] | null
    sender: { name: string; email: string | null } | null
  }>(
    db,
    sql`with claimed as (
          update reminder_deliveries
             set attempts = attempts + 1, claimed_until = now() + ${input.leaseMs} * interval '1 millisecond', updated_at = now()
           where action_id = ${input.actionId} and state = 'sending' and (claimed_until is null or claimed_until < now())
          returning id, action_id, outbox_message_id, channel, provider, recipient, idempotency_key, state, attempts, provider_message_id)
        select c.*,
               (select jsonb_build_object('id', o.id, 'channel', o.channel, 'recipient', o.recipient, 'locale', o.locale, 'subject', o.subject,
                                          'bodyText', o.body_text, 'bodyHtml', o.body_html, 'attachmentDocumentIds', o.attachment_document_ids,
                                          'idempotencyKey', o.idempotency_key, 'status', o.status)
                  from outbox_messages o where o.id = c.outbox_message_id) as payload,
               (select jsonb_agg(jsonb_build_object('id', d.id, 'filename', d.filename, 'contentType', d.content_type,
                                                    'content', encode(d.content, 'base64')))
                  from documents d
                 where d.id = any(array(select jsonb_array_elements_text(o.attachment_document_ids)::uuid
                                          from outbox_messages o where o.id = c.outbox_message_id))) as documents,
               (select jsonb_build_object('name', e.legal_name, 'email', e.email)
                  from reminder_actions a join creditor_entities e on e.id = a.entity_id
                 where a.id = c.action_id) as sender
          from claimed c`,
  )
  if (!row) return null
  const byId = new Map((row.documents ?? []).map((d) => [d.id, d]))
  const documents = (row.payload?.attachmentDocumentIds ?? []).flatMap((id) => {
    const d = byId.get(id)
    return d ? [{ id: d.id, filename: d.filename, contentType: d.contentType, content: new Uint8Array(Buffer.from(d.content, 'base64')) }] : []
  })
  return {
    delivery: {
      id: row.id,
      actionId: row.action_id,
      outboxMessageId: row.outbox_message_id,
      channel: row.channel,
      provider: row.provider,
      recipient: row.recipient,
      idempotencyKey: row.idempotency_key,
      state: row.state,
      attempts: Number(row.attempts),
      providerMessageId: row.provider_message_id,
    },
    payload: row.payload,
    documents,
    sender: row.sender,
  }
}

/**
 * The provider accepted the message, recorded in one statement (atomic like a transaction): the delivery
 * (as `updateDelivery`), the outbox row (`setOutboxStatus`), the action 'sending' → 'sent' (`updateReminderAction`)
 * and its history 'planned' → 'sent' (`markHistorySent`).
 */
export async function recordSent(
  db: Db,
  input: {
    deliveryId: string
    deliveryState: DeliveryState
    providerMessageId: string
    event: { at: string; state: string }
    outboxId: string
    outboxStatus: 'sent' | 'cancelled'
    actionId: string
    actionKey: string
    now: Date
  },
) {
  const now = input.now.toISOString()
  await queryRowsPrepared(
    db,
    sql`with delivery as (
          update reminder_deliveries
             set state = ${input.deliveryState}, provider_message_id = ${input.providerMessageId}, last_error = null, claimed_until = null,
                 events = events || ${JSON.stringify([input.event])}::jsonb, updated_at = now()
           where id = ${input.deliveryId} and state = 'sending'
          returning id),
        outbox as (
          update outbox_messages
             set status = ${input.outboxStatus}::outbox_status,
                 sent_at = case when ${input.outboxStatus} = 'sent' then ${now}::timestamptz else sent_at end
           where id = ${input.outboxId}
          returning id),
        action as (
          update reminder_actions set status = 'sent', sent_at = ${now}::timestamptz, last_error = null, updated_at = ${now}::timestamptz
           where id = ${input.actionId} and status = 'sending'
          returning id),
        history as (
          update reminder_step_history set outcome = 'sent'
           where action_key = ${input.actionKey} and outcome = 'planned'
          returning id)
        select (select count(*) from delivery) as d, (select count(*) from outbox) as o, (select count(*) from action) as a,
               (select count(*) from history) as h`,
  )
}

/**
 * `recordSent` for several messages in one statement (the worker's sends that finish while the previous statement
 * is on its way): each row has exactly `recordSent`'s guarded effects.
 */
export async function recordSentMany(db: Db, inputs: readonly Parameters<typeof recordSent>[1][]) {
  if (inputs.length === 0) return
  const rows = inputs.map((i) => ({
    delivery_id: i.deliveryId,
    delivery_state: i.deliveryState,
    provider_message_id: i.providerMessageId,
    event: i.event,
    outbox_id: i.outboxId,
    outbox_status: i.outboxStatus,
    action_id: i.actionId,
    action_key: i.actionKey,
    now: i.now.toISOString(),
  }))
  // Each update also filters on `= any(array(…))`: the row count of jsonb_to_recordset is unknown to the planner,
  // and this keeps every table on its index.
  await queryRowsPrepared(
    db,
    sql`with input as (
          select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as x(delivery_id uuid, delivery_state text, provider_message_id text, event jsonb, outbox_id uuid, outbox_status outbox_status,
                 action_id uuid, action_key text, now timestamptz)),
        delivery as (
          update reminder_deliveries d
             set state = i.delivery_state, provider_message_id = i.provider_message_id, last_error = null, claimed_until = null,
                 events = d.events || jsonb_build_array(i.event), updated_at = now()
            from input i
           where d.id = any(array(select delivery_id from input)) and d.id = i.delivery_id and d.state = 'sending'
          returning d.id),
        outbox as (
          update outbox_messages o
             set status = i.outbox_status, sent_at = case when i.outbox_status = 'sent' then i.now else o.sent_at end
            from input i
           where o.id = any(array(select outbox_id from input)) and o.id = i.outbox_id
          returning o.id),
        action as (
          update reminder_actions a set status = 'sent', sent_at = i.now, last_error = null, updated_at = i.now
            from input i
           where a.id = any(array(select action_id from input)) and a.id = i.action_id and a.status = 'sending'
          returning a.id),
        history as (
          update reminder_step_history h set outcome = 'sent'
           where h.action_key = any(array(select action_key from input)) and h.outcome = 'planned'
          returning h.id)
        select (select count(*) from delivery) as d, (select count(*) from outbox) as o, (select count(*) from action) as a,
               (select count(*) from history) as h`,
  )
}
