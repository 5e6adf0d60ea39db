import { createHash } from 'node:crypto'
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { queryRows, type Db } from '../client'
import { contacts, creditorEntities, customers, documents, outboxMessages } from '../schema/index'
import {
  reminderActionInvoices,
  reminderActions,
  reminderDeliveries,
  reminderStepHistory,
  reminderTasks,
  type DeliveryState,
  type ReminderActionStatus,
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
