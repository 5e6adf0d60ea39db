import type { InvoiceDocumentData } from '@quittance/documents/document-data'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { frenchB2bLateAmounts, frenchB2bPenaltyRateFor } from '@quittance/domain/legal/late-payment-interest'
import type { LatePaymentRateTable } from '@quittance/domain/legal/late-payment-interest-rates'
import { money } from '@quittance/domain/money/money'
import {
  renderStepMessage,
  type MergeContext,
  type MergeInvoice,
} from '@quittance/domain/reminders/merge-fields'
import { recheckBeforeSend } from '@quittance/domain/reminders/recheck-before-send'
import { templateFor, type Channel, type Scenario, type Step } from '@quittance/domain/reminders/scenario'
import { windowDate } from '@quittance/domain/reminders/send-window'
import type { Db } from '@quittance/db/client'
import { findCustomerForPortal, findEntityWithBankAccounts } from '@quittance/db/repositories/customers'
import { findScenarioVersion, listLatePaymentRates } from '@quittance/db/repositories/reminders-config'
import type { ScenarioDefinition } from '@quittance/db/schema/reminders'
import {
  insertJobsBulk,
  insertReminderTasks,
  type PlanningInvoiceRow,
} from '@quittance/db/repositories/reminders-planning'
import {
  claimDeliveryForSending,
  closeActionTasks,
  deletePlannedHistory,
  findDelivery,
  insertStoredDocument,
  loadDocumentsContentPrepared,
  loadSendFacts,
  lockActionForSending,
  lockActionWithFacts,
  markActionInvoicesDropped,
  markHistorySent,
  readActionsWithFacts,
  recordPreparedMessage,
  recordPreparedSend,
  recordSentMany,
  releaseDelivery,
  setOutboxStatus,
  updateDelivery,
  updateReminderAction,
  type ActionRow,
  type DeliveryRow,
  type OutboxPayload,
  type SendContext,
  type SendFacts,
} from '@quittance/db/repositories/reminders-sending'
import { isLocale, type Locale } from '@quittance/i18n/locales'
import { loadInvoiceDocumentData } from '../documents/load-invoice-document-data'
import { toCreditorIdentity, toCustomerIdentity } from '../documents/creditor-identity'
import { preparePortalLink } from '../portal-access/issue-portal-link'
import { hashOpaqueToken } from '../portal-access/portal-token'
import { invoiceFacts } from './reminder-facts'
import {
  ChannelSendError,
  TEST_MODE_ADAPTER,
  type MessageChannel,
  type ReminderChannels,
} from './reminder-channels'
import { SEND_REMINDER_JOB } from './reminder-job-names'

/** PDF rendering, injected (it lives in @quittance/documents, in TSX): the worker wires the real renderers. */
export type ReminderDocumentRenderers = {
  renderInvoicePdf(input: { data: InvoiceDocumentData; locale: Locale }): Promise<Uint8Array>
  renderReminderLetterPdf(input: { data: ReminderLetterPdfData; locale: Locale }): Promise<Uint8Array>
}

export type ReminderLetterPdfData = {
  creditor: InvoiceDocumentData['creditor']
  customer: InvoiceDocumentData['customer']
  kind: 'postal' | 'registered'
  date: LocalDate
  subject: string | null
  body: string
  reference: string
}

export type SendReminderConfig = {
  channels: ReminderChannels
  documents: ReminderDocumentRenderers
  portalBaseUrl: string
  /** How long one worker holds a delivery while it calls the provider. */
  deliveryLeaseMs?: number
}

export type SendOutcome =
  | { kind: 'sent'; provider: string }
  | { kind: 'task-created' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'deferred'; until: Date }
  | { kind: 'already-final'; status: string }
  | { kind: 'failed'; error: string }
  | { kind: 'unknown' }

/** Thrown for a send that may succeed later: the job queue retries it with back-off. */
export class RetryableSendError extends Error {
  override name = 'RetryableSendError'
}

const MESSAGE_CHANNELS: readonly Channel[] = ['email', 'sms', 'postal-letter', 'registered-letter']
const OUTBOX_CHANNEL = {
  email: 'email',
  sms: 'sms',
  'postal-letter': 'letter',
  'registered-letter': 'registered_letter',
} as const

const isTaskChannel = (channel: string) => channel === 'phone-task' || channel === 'manual-task'

/**
 * Sends one planned action, exactly once (SECURITY.md):
 * 1. in one transaction, lock the action, re-check its invoices (paid, disputed, promised, in a plan, paused,
 *    done elsewhere), the step and the send window; skip or defer with a reason, or render the message, write it
 *    to the outbox with its PDFs and a fresh portal link, and mark the delivery prepared;
 * 2. claim the delivery and hand the stored message to the provider with the action's idempotency key;
 * 3. record the result. A crash between 2 and 3 leaves the delivery prepared with an attempt counted: the retry
 *    replays the same stored message with the same key (the provider dedupes), except a registered letter, whose
 *    provider cannot be asked: it becomes 'unknown' for a person to reconcile.
 */
export async function sendReminderAction(
  db: Db,
  input: SendReminderConfig & { actionId: string; now: Date; attempt?: number; maxAttempts?: number },
): Promise<SendOutcome> {
  const prepared =
    (await prepareWithoutLock(db, input)) ?? (await db.transaction(async (tx) => prepareAction(tx, input)))
  if (prepared.kind !== 'prepared') return prepared
  return deliver(db, { ...input, action: prepared.action, claimed: prepared.claimed })
}

/** A delivery this worker inserted already claimed, with what the provider call needs (no second read). */
type PreClaimed = {
  delivery: DeliveryRow
  payload: OutboxPayload
  documents: { filename: string; contentType: string; content: Uint8Array }[]
  sender: { name: string; email: string | null }
}
type Prepared = SendOutcome | { kind: 'prepared'; action: ActionRow; claimed?: PreClaimed }

// Scenario versions are immutable (decision 007): each worker keeps the last ones it has read.
const scenarioVersions = new Map<string, Scenario>()
const SCENARIO_CACHE_SIZE = 100

async function scenarioOf(
  tx: Db,
  action: ActionRow,
  currentVersion: number | null,
  definition: ScenarioDefinition | null,
): Promise<Scenario | null> {
  if (currentVersion === null) return null
  const key = `${action.scenarioId}:${currentVersion}`
  const scenario = definition
    ? { ...definition, id: action.scenarioId, version: currentVersion }
    : (scenarioVersions.get(key) ??
      (await findScenarioVersion(tx, { scenarioId: action.scenarioId, version: currentVersion })))
  if (scenario && !scenarioVersions.has(key)) {
    if (scenarioVersions.size >= SCENARIO_CACHE_SIZE)
      scenarioVersions.delete(scenarioVersions.keys().next().value!)
    scenarioVersions.set(key, scenario)
  }
  return scenario
}

/**
 * The common case in two statements instead of a transaction of five (issue 5): the facts read without a lock, the
 * same re-check, and when the message simply goes out (an e-mail with imported PDFs, or an SMS, nothing dropped)
 * one statement writes it all, guarded by the action's status ('planned' → 'sending', re-read after any lock).
 * Null for everything else, and when the action moved meanwhile: the transaction below then decides, under the
 * action's lock, from a fresh read.
 */
async function prepareWithoutLock(
  db: Db,
  input: SendReminderConfig & { actionId: string; now: Date },
): Promise<Prepared | null> {
  const { now } = input
  const read = await readActionBatched(db, input.actionId)
  if (!read) return null
  const { currentScenarioVersion, ...action } = read.action
  if (action.status !== 'planned' || (action.sendAfter && action.sendAfter > now)) return null
  if (action.testMode || (action.channel !== 'email' && action.channel !== 'sms')) return null
  const facts = read.facts
  const scenario = await scenarioOf(db, action, currentScenarioVersion, facts.scenarioDefinition)
  const context = facts.context
  if (!scenario || !context) return null
  const outcome = recheck(action, facts, scenario, context, now)
  if (outcome.kind !== 'send' || outcome.dropped.length > 0) return null
  const kept = outcome.invoiceIds.map((id) => facts.invoices.find((i) => i.id === id)!)
  const channel = action.channel as 'email' | 'sms'
  // Invoices without an imported original get a rendered PDF, stored in the transaction.
  if (channel === 'email' && kept.some((invoice) => !invoice.originalDocumentId)) return null
  const recipient = recipientOf(channel, context)
  if (recipient === null) return null
  const step = scenario.steps.find((s) => s.key === action.stepKey)!
  const today = windowDate(now, scenario.sendWindow)
  const { link, message, templateLocale } = await linkAndMessage(db, {
    action,
    scenario,
    step,
    context,
    kept,
    today,
    rates: facts.rates,
    portalBaseUrl: input.portalBaseUrl,
    now,
  })
  const attachments = channel === 'email' ? kept.map((invoice) => invoice.originalDocumentId!) : []
  const idempotencyKey = `reminder:${action.actionKey}`
  const adapter = input.channels.adapterFor(channel)
  const outbox = outboxMessage({
    action,
    channel,
    stepKey: step.key,
    templateLocale,
    recipient,
    message,
    attachments,
    idempotencyKey,
  })
  const recorded = await recordPreparedSend(db, {
    action: { id: action.id, totalMinor: outcome.total.amountMinor, attempts: action.attempts + 1 },
    outbox,
    delivery: { channel, provider: adapter.provider },
    // The link's rows as `link.record` writes them; the token is the URL's last segment.
    portalLink: {
      id: link.tokenId,
      customerId: action.customerId,
      contactId: action.contactId,
      tokenHash: hashOpaqueToken(link.url.slice(link.url.lastIndexOf('/') + 1)),
      purpose: 'reminder',
      expiresAt: link.expiresAt,
      audit: {
        actorType: 'system',
        actorId: 'reminders',
        action: 'portal_link.issued',
        after: { purpose: 'reminder', contactId: action.contactId, expiresAt: link.expiresAt.toISOString() },
      },
    },
    claimLeaseMs: input.deliveryLeaseMs ?? 60_000,
    now,
  })
  if (!recorded.moved) return null
  return preparedOutcome(action, recorded, {
    channel,
    provider: adapter.provider,
    outbox,
    documents: recorded.documents,
    context,
  })
}

// The fast path's reads, coalesced: the runner starts the jobs it claims together in one tick, and their actions
// are read in one statement (a quarter of the statements per message at the default batch of four).
type ReadAction = Awaited<ReturnType<typeof readActionsWithFacts>> extends Map<string, infer V> ? V : never
const pendingReads = new Map<
  Db,
  { actionId: string; resolve: (read: ReadAction | null) => void; reject: (error: unknown) => void }[]
>()

function readActionBatched(db: Db, actionId: string): Promise<ReadAction | null> {
  return new Promise((resolve, reject) => {
    let queue = pendingReads.get(db)
    if (!queue) {
      queue = []
      pendingReads.set(db, queue)
      setImmediate(() => void flushReads(db))
    }
    queue.push({ actionId, resolve, reject })
  })
}

async function flushReads(db: Db) {
  const queue = pendingReads.get(db) ?? []
  pendingReads.delete(db)
  try {
    const read = await readActionsWithFacts(db, {
      actionIds: [...new Set(queue.map((q) => q.actionId))],
      knownScenarios: [...scenarioVersions.keys()],
    })
    for (const q of queue) q.resolve(read.get(q.actionId) ?? null)
  } catch (error) {
    for (const q of queue) q.reject(error)
  }
}

function recheck(action: ActionRow, facts: SendFacts, scenario: Scenario, context: SendContext, now: Date) {
  const invoices = facts.invoices.map((invoice) =>
    invoiceFacts({
      invoice,
      customer: {
        kind: context.customer.kind,
        segment: context.customer.segment,
        remindersPausedUntil: context.customer.remindersPausedUntil,
      },
      history: invoice.history,
      holds: invoice.holds,
    }),
  )
  return recheckBeforeSend({
    action: {
      actionKey: action.actionKey,
      stepKey: action.stepKey,
      currency: action.currency,
      invoiceIds: facts.invoiceIds,
      planningDate: action.planningDate,
    },
    invoices,
    scenario,
    now,
  })
}

async function prepareAction(
  tx: Db,
  input: SendReminderConfig & { actionId: string; now: Date },
): Promise<Prepared> {
  const { now } = input
  // The action is locked, then its facts are read (invoices with their history and holds, the recipient, the
  // creditor, the scenario version unless this worker has it, the late-payment rates if the step shows them): in
  // one statement when nobody holds the action, else the lock is waited for and the facts read after it.
  const knownScenarios = [...scenarioVersions.keys()]
  const locked =
    (await lockActionWithFacts(tx, { actionId: input.actionId, knownScenarios })) ??
    (await (async () => {
      const action = await lockActionForSending(tx, input.actionId)
      return action ? { action, facts: await loadSendFacts(tx, action, { knownScenarios }) } : null
    })())
  if (!locked) return { kind: 'already-final', status: 'missing' }
  const { currentScenarioVersion, ...action } = locked.action
  if (action.status === 'sending') return { kind: 'prepared', action }
  if (action.status !== 'planned') return { kind: 'already-final', status: action.status }
  if (action.sendAfter && action.sendAfter > now) {
    // Run early (a job published before its time): the action keeps its own job for the right moment.
    await insertJobsBulk(tx, [
      { name: SEND_REMINDER_JOB, payload: { actionId: action.id }, runAfter: action.sendAfter },
    ])
    return { kind: 'deferred', until: action.sendAfter }
  }

  const facts = locked.facts
  const scenario = await scenarioOf(tx, action, currentScenarioVersion, facts.scenarioDefinition)
  const { invoices: invoiceRows, context } = facts
  if (!scenario || !context)
    return skip(tx, action, scenario ? 'customer-missing' : 'scenario-missing', [], now)
  const outcome = recheck(action, facts, scenario, context, now)
  if (outcome.kind === 'skip') return skip(tx, action, outcome.reason, outcome.dropped, now)
  if (outcome.kind === 'defer') {
    await updateReminderAction(tx, {
      actionId: action.id,
      from: ['planned'],
      set: { sendAfter: outcome.until },
      now,
    })
    await insertJobsBulk(tx, [
      { name: SEND_REMINDER_JOB, payload: { actionId: action.id }, runAfter: outcome.until },
    ])
    return { kind: 'deferred', until: outcome.until }
  }
  if (outcome.dropped.length > 0) {
    await markActionInvoicesDropped(tx, { actionId: action.id, dropped: outcome.dropped })
    await deletePlannedHistory(tx, {
      actionKey: action.actionKey,
      invoiceIds: outcome.dropped.map((d) => d.invoiceId),
    })
  }
  const step = scenario.steps.find((s) => s.key === action.stepKey)!
  const kept = outcome.invoiceIds.map((id) => invoiceRows.find((i) => i.id === id)!)
  const today = windowDate(now, scenario.sendWindow)

  if (isTaskChannel(action.channel)) {
    const rendered = await renderFor(tx, {
      action,
      scenario,
      step,
      context,
      invoices: kept,
      today,
      portalLink: '',
      rates: facts.rates,
    })
    await insertReminderTasks(tx, [
      {
        taskKey: `action:${action.id}`,
        entityId: action.entityId,
        customerId: action.customerId,
        actionId: action.id,
        kind: action.channel === 'phone-task' ? 'phone' : 'manual',
        stepKey: action.stepKey,
        title: rendered.message.subject ?? step.name,
        body: rendered.message.text,
        dueOn: today,
      },
    ])
    await updateReminderAction(tx, {
      actionId: action.id,
      from: ['planned'],
      set: { status: 'sent', sentAt: now, totalMinor: outcome.total.amountMinor },
      now,
    })
    await markHistorySent(tx, { actionKey: action.actionKey })
    return { kind: 'task-created' }
  }

  const channel = action.channel as MessageChannel
  const recipient = recipientOf(channel, context)
  if (recipient === null) return skip(tx, action, 'no-recipient', [], now)
  const locale = messageLocale(context)
  const { link, message, templateLocale } = await linkAndMessage(tx, {
    action,
    scenario,
    step,
    context,
    kept,
    today,
    rates: facts.rates,
    portalBaseUrl: input.portalBaseUrl,
    now,
  })
  const attachments = await attachmentsFor(tx, {
    renderers: input.documents,
    action,
    channel,
    context,
    invoices: kept,
    message,
    locale,
    today,
  })
  const idempotencyKey = `reminder:${action.actionKey}`
  const adapter = action.testMode ? TEST_MODE_ADAPTER : input.channels.adapterFor(channel)
  // A registered letter's delivery is claimed only right before the call (an attempt counted means it may have
  // gone out); the others are claimed here, so the call follows the commit (a replay is harmless for them).
  const leaseMs = channel === 'registered-letter' ? undefined : (input.deliveryLeaseMs ?? 60_000)
  const outbox = outboxMessage({
    action,
    channel,
    stepKey: step.key,
    templateLocale,
    recipient,
    message,
    attachments,
    idempotencyKey,
  })
  // The portal link, the outbox row, the delivery and the action's move to 'sending' (and the files to attach),
  // sent together in this transaction.
  const [, recorded, documents] = await Promise.all([
    link.record(tx),
    recordPreparedMessage(tx, {
      action: { id: action.id, totalMinor: outcome.total.amountMinor, attempts: action.attempts + 1 },
      outbox,
      delivery: { channel, provider: adapter.provider },
      ...(leaseMs === undefined ? {} : { claimLeaseMs: leaseMs }),
      now,
    }),
    leaseMs === undefined ? Promise.resolve([]) : loadDocumentsContentPrepared(tx, attachments),
  ])
  if (leaseMs === undefined) return { kind: 'prepared', action: { ...action, status: 'sending' } }
  return preparedOutcome(action, recorded, {
    channel,
    provider: adapter.provider,
    outbox,
    documents,
    context,
  })
}

/** The action moved to 'sending'; with its delivery claimed in the same write, the send starts without a re-read. */
function preparedOutcome(
  action: ActionRow,
  recorded: { deliveryId: string | null; outboxId: string | null },
  input: {
    channel: MessageChannel
    provider: string
    outbox: Omit<OutboxPayload, 'id' | 'status'>
    documents: PreClaimed['documents']
    context: SendContext
  },
): Prepared {
  const prepared = { ...action, status: 'sending' as const }
  if (!recorded.deliveryId || !recorded.outboxId) return { kind: 'prepared', action: prepared }
  const { channel, provider, outbox, documents, context } = input
  return {
    kind: 'prepared',
    action: prepared,
    claimed: {
      delivery: {
        id: recorded.deliveryId,
        actionId: action.id,
        outboxMessageId: recorded.outboxId,
        channel,
        provider,
        recipient: outbox.recipient,
        idempotencyKey: outbox.idempotencyKey,
        state: 'sending',
        attempts: 1,
        providerMessageId: null,
      },
      payload: { id: recorded.outboxId, ...outbox, status: 'pending' },
      documents,
      sender: { name: context.entity.legalName, email: context.entity.email },
    },
  }
}

async function skip(
  tx: Db,
  action: ActionRow,
  reason: string,
  dropped: readonly { invoiceId: string; reason: string }[],
  now: Date,
): Promise<SendOutcome> {
  if (dropped.length > 0) await markActionInvoicesDropped(tx, { actionId: action.id, dropped })
  // The step was not sent for these invoices: forget the 'planned' records, so it is planned again once the hold
  // ends (a step removed from the scenario is simply gone).
  await deletePlannedHistory(tx, { actionKey: action.actionKey })
  await updateReminderAction(tx, {
    actionId: action.id,
    from: ['planned', 'awaiting_approval'],
    set: { status: 'skipped', skipReason: reason },
    now,
  })
  await closeActionTasks(tx, {
    actionId: action.id,
    status: 'cancelled',
    by: null,
    outcome: `skipped: ${reason}`,
    now,
  })
  return { kind: 'skipped', reason }
}

/** A fresh portal link for the action's contact, and the step's message rendered with it. */
async function linkAndMessage(
  db: Db,
  input: {
    action: ActionRow
    scenario: Scenario
    step: Step
    context: SendContext
    kept: readonly PlanningInvoiceRow[]
    today: LocalDate
    rates: SendFacts['rates']
    portalBaseUrl: string
    now: Date
  },
) {
  const { action, context } = input
  const link = preparePortalLink({
    customerId: action.customerId,
    contactId: action.contactId,
    purpose: 'reminder',
    locale: messageLocale(context),
    portalBaseUrl: input.portalBaseUrl,
    ttlDays: context.entity.portalLinkTtlDays,
    now: input.now,
    actor: { type: 'system', id: 'reminders' },
  })
  const { message, templateLocale } = await renderFor(db, {
    action,
    scenario: input.scenario,
    step: input.step,
    context,
    invoices: input.kept,
    today: input.today,
    portalLink: link.url,
    rates: input.rates,
  })
  return { link, message, templateLocale }
}

/** The outbox row of a reminder message: what both sending paths write before the channel is called. */
function outboxMessage(input: {
  action: ActionRow
  channel: MessageChannel
  stepKey: string
  templateLocale: string
  recipient: string
  message: Awaited<ReturnType<typeof renderFor>>['message']
  attachments: string[]
  idempotencyKey: string
}) {
  const { action, message } = input
  return {
    entityId: action.entityId,
    customerId: action.customerId,
    contactId: action.contactId,
    channel: OUTBOX_CHANNEL[input.channel],
    template: `reminder:${input.stepKey}`,
    locale: input.templateLocale,
    recipient: input.recipient,
    subject: message.subject,
    bodyText: message.text,
    bodyHtml: message.html,
    attachmentDocumentIds: input.attachments,
    idempotencyKey: input.idempotencyKey,
  }
}

function recipientOf(channel: MessageChannel, context: SendContext): string | null {
  if (channel === 'email') return context.contact?.email ?? null
  if (channel === 'sms') return context.contact?.phone ?? null
  const c = context.customer
  if (c.addressLines.length === 0 || !c.postalCode) return null
  return [
    c.name,
    ...(context.contact ? [context.contact.name] : []),
    ...c.addressLines,
    `${c.postalCode} ${c.city ?? ''}`.trim(),
    c.country,
  ].join('\n')
}

function messageLocale(context: SendContext): Locale {
  const wanted = (context.contact?.language ?? context.customer.language).slice(0, 2).toLowerCase()
  return isLocale(wanted) ? wanted : 'fr'
}

async function rateTable(db: Db, loaded: SendFacts['rates']): Promise<LatePaymentRateTable> {
  const rows = loaded ?? (await listLatePaymentRates(db))
  return {
    ecbMainRefinancingRate: rows
      .filter((r) => r.kind === 'ecb_mro')
      .map((r) => ({ from: r.effectiveFrom, rateBasisPoints: r.rateBasisPoints, source: r.source })),
    frenchLegalRate: rows
      .filter((r) => r.kind === 'fr_legal')
      .map((r) => ({
        semester: (r.semester ?? '') as `${number}-H1`,
        from: r.effectiveFrom,
        otherCasesBasisPoints: r.rateBasisPoints,
        nonProfessionalCreditorBasisPoints: r.nonProfessionalBasisPoints,
        source: r.source,
      })),
  }
}

async function renderFor(
  db: Db,
  args: {
    action: ActionRow
    scenario: Scenario
    step: Step
    context: SendContext
    invoices: readonly PlanningInvoiceRow[]
    today: LocalDate
    portalLink: string
    /** The rates when the facts brought them. */
    rates: SendFacts['rates']
  },
) {
  const { step, context, today } = args
  const locale = messageLocale(context)
  const { locale: templateLocale, template } = templateFor(args.scenario, step, locale)
  let lateRateBasisPoints: number | null = null
  let table: LatePaymentRateTable | null = null
  if (step.includeStatutoryLatePaymentAmounts && context.customer.kind !== 'consumer') {
    table = await rateTable(db, args.rates)
    const rate = frenchB2bPenaltyRateFor(today, table)
    lateRateBasisPoints =
      context.entity.penaltyRateBasisPoints ?? (rate.ok ? rate.value.rateBasisPoints : null)
  }
  const invoices: MergeInvoice[] = args.invoices.map((invoice) => {
    const remaining = money(invoice.remainingMinor, invoice.currency)
    let lateInterest: MergeInvoice['lateInterest'] = null
    let recoveryIndemnity: MergeInvoice['recoveryIndemnity'] = null
    if (table) {
      const amounts = frenchB2bLateAmounts({
        principal: remaining,
        dueDate: invoice.dueDate,
        paidOrToday: today,
        debtorKind: context.customer.kind,
        table,
        contractRateBasisPoints: context.entity.penaltyRateBasisPoints,
      })
      if (amounts.ok) {
        lateInterest = amounts.value.penalties
        recoveryIndemnity = amounts.value.recoveryIndemnity
      }
    }
    return {
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      remaining,
      lateInterest,
      recoveryIndemnity,
    }
  })
  const c = context.customer
  const e = context.entity
  const ctx: MergeContext = {
    locale: templateLocale,
    today,
    customer: {
      name: c.name,
      reference: c.externalRef,
      address: [...c.addressLines, `${c.postalCode ?? ''} ${c.city ?? ''}`.trim()]
        .filter((l) => l !== '')
        .join('\n'),
    },
    contact: context.contact ? { name: context.contact.name } : null,
    creditor: {
      name: e.legalName,
      address: [...e.addressLines, `${e.postalCode} ${e.city}`].join('\n'),
      legalId: e.siren,
      email: e.email,
      phone: e.phone,
    },
    invoices,
    portalLink: args.portalLink,
    lateRateBasisPoints,
  }
  const message = renderStepMessage(template, step.channel, ctx)
  return { message, templateLocale }
}

async function attachmentsFor(
  db: Db,
  args: {
    renderers: ReminderDocumentRenderers
    action: ActionRow
    channel: MessageChannel
    context: SendContext
    invoices: readonly PlanningInvoiceRow[]
    message: { subject: string | null; text: string }
    locale: Locale
    today: LocalDate
  },
): Promise<string[]> {
  const { action, channel } = args
  if (channel === 'email') {
    // The invoices themselves: the imported original when there is one, else the one Quittance renders.
    const ids: string[] = []
    for (const invoice of args.invoices) {
      if (invoice.originalDocumentId) {
        ids.push(invoice.originalDocumentId)
        continue
      }
      const data = await loadInvoiceDocumentData(db, { customerId: action.customerId, invoiceId: invoice.id })
      if (!data) continue
      const pdf = await args.renderers.renderInvoicePdf({ data, locale: args.locale })
      ids.push(
        await insertStoredDocument(db, {
          entityId: action.entityId,
          customerId: action.customerId,
          kind: 'invoice',
          filename: `${invoice.number}.pdf`,
          content: pdf,
        }),
      )
    }
    return ids
  }
  if (channel === 'postal-letter' || channel === 'registered-letter') {
    const [customer, entity] = await Promise.all([
      findCustomerForPortal(db, action.customerId),
      findEntityWithBankAccounts(db, action.entityId),
    ])
    if (!customer || !entity) return []
    const pdf = await args.renderers.renderReminderLetterPdf({
      locale: args.locale,
      data: {
        creditor: toCreditorIdentity(entity, action.currency),
        customer: toCustomerIdentity(customer),
        kind: channel === 'registered-letter' ? 'registered' : 'postal',
        date: args.today,
        subject: args.message.subject,
        body: args.message.text,
        reference: action.actionKey,
      },
    })
    const filename = `${channel === 'registered-letter' ? 'lrar' : 'lettre'}-${action.planningDate}-${action.stepKey}.pdf`
    return [
      await insertStoredDocument(db, {
        entityId: action.entityId,
        customerId: action.customerId,
        kind: 'letter',
        filename,
        content: pdf,
      }),
    ]
  }
  return []
}

async function deliver(
  db: Db,
  input: SendReminderConfig & {
    action: ActionRow
    claimed?: PreClaimed
    now: Date
    attempt?: number
    maxAttempts?: number
  },
): Promise<SendOutcome> {
  const { action } = input
  // Claimed when prepared, or now, with the stored message, its files and the sender (one statement).
  const claimed =
    input.claimed ??
    (await claimDeliveryForSending(db, { actionId: action.id, leaseMs: input.deliveryLeaseMs ?? 60_000 }))
  if (!claimed) {
    const current = await findDelivery(db, action.id)
    if (current && current.state !== 'sending')
      return finalizeFromDelivery(db, action, current.state, input.now)
    throw new RetryableSendError(`delivery of action ${action.id} is being sent by another worker`)
  }
  const { delivery, payload, documents, sender } = claimed
  if (!payload) throw new Error(`Invariant failed: action ${action.id} has no stored message`)
  const at = () => new Date().toISOString()

  // attempts counts this claim: above 1, an earlier call may have reached the provider.
  if (
    delivery.attempts > 1 &&
    delivery.channel === 'registered-letter' &&
    delivery.provider !== 'test-mode' &&
    delivery.provider !== 'outbox'
  ) {
    await db.transaction(async (tx) => {
      await updateDelivery(tx, {
        deliveryId: delivery.id,
        from: ['sending'],
        state: 'unknown',
        event: { at: at(), state: 'unknown', detail: 'interrupted during the provider call' },
      })
      await updateReminderAction(tx, {
        actionId: action.id,
        from: ['sending'],
        set: { status: 'unknown', lastError: 'interrupted during the provider call' },
        now: input.now,
      })
      await insertReminderTasks(tx, [
        {
          taskKey: `reconcile:${action.id}`,
          entityId: action.entityId,
          customerId: action.customerId,
          actionId: action.id,
          kind: 'reconcile',
          stepKey: action.stepKey,
          title: 'registered-letter',
          body: delivery.idempotencyKey,
          dueOn: action.planningDate,
        },
      ])
    })
    return { kind: 'unknown' }
  }

  const adapter =
    delivery.provider === TEST_MODE_ADAPTER.provider
      ? TEST_MODE_ADAPTER
      : input.channels.adapterFor(delivery.channel as MessageChannel)
  try {
    const receipt = await adapter.send({
      channel: delivery.channel as MessageChannel,
      idempotencyKey: delivery.idempotencyKey,
      recipient: payload.recipient,
      locale: payload.locale,
      subject: payload.subject,
      text: payload.bodyText,
      html: payload.bodyHtml,
      attachments: documents.map((d) => ({
        filename: d.filename,
        contentType: d.contentType,
        content: d.content,
      })),
      sender: { name: sender?.name ?? 'Quittance', email: sender?.email ?? null },
    })
    // Delivery, outbox row, action and history, atomically (one statement, shared with the sends that finish
    // meanwhile).
    await recordSentBatched(db, {
      deliveryId: delivery.id,
      deliveryState: receipt.state,
      providerMessageId: receipt.providerMessageId,
      event: { at: at(), state: receipt.state },
      outboxId: payload.id,
      outboxStatus: delivery.provider === TEST_MODE_ADAPTER.provider ? 'cancelled' : 'sent',
      actionId: action.id,
      actionKey: action.actionKey,
      now: new Date(),
    })
    return { kind: 'sent', provider: adapter.provider }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const lastAttempt = (input.attempt ?? 1) >= (input.maxAttempts ?? 1)
    if ((error instanceof ChannelSendError && error.permanent) || lastAttempt) {
      await db.transaction(async (tx) => {
        await updateDelivery(tx, {
          deliveryId: delivery.id,
          from: ['sending'],
          state: 'failed',
          error: message,
          event: { at: at(), state: 'failed', detail: message.slice(0, 500) },
        })
        await setOutboxStatus(tx, { id: payload.id, status: 'failed', now: new Date(), error: message })
        await updateReminderAction(tx, {
          actionId: action.id,
          from: ['sending'],
          set: { status: 'failed', lastError: message.slice(0, 2000) },
          now: new Date(),
        })
        await insertReminderTasks(tx, [
          {
            taskKey: `failed:${action.id}:${delivery.attempts}`,
            entityId: action.entityId,
            customerId: action.customerId,
            actionId: action.id,
            kind: 'failed',
            stepKey: action.stepKey,
            title: delivery.channel,
            body: message.slice(0, 2000),
            dueOn: action.planningDate,
          },
        ])
      })
      return { kind: 'failed', error: message }
    }
    await releaseDelivery(db, { deliveryId: delivery.id, error: message, at: at() })
    await setOutboxStatus(db, { id: payload.id, status: 'pending', now: new Date(), error: message })
    throw new RetryableSendError(message)
  }
}

type SentRecord = Parameters<typeof recordSentMany>[1][number]
const sentQueues = new Map<
  Db,
  {
    items: { record: SentRecord; resolve: () => void; reject: (error: unknown) => void }[]
    flushing: boolean
  }
>()

/** The first record goes at once; those arriving while it is on its way go together in the next statement. */
function recordSentBatched(db: Db, record: SentRecord): Promise<void> {
  return new Promise((resolve, reject) => {
    let queue = sentQueues.get(db)
    if (!queue) {
      queue = { items: [], flushing: false }
      sentQueues.set(db, queue)
    }
    queue.items.push({ record, resolve, reject })
    if (!queue.flushing) void flushSent(db, queue)
  })
}

async function flushSent(
  db: Db,
  queue: {
    items: { record: SentRecord; resolve: () => void; reject: (error: unknown) => void }[]
    flushing: boolean
  },
) {
  queue.flushing = true
  try {
    while (queue.items.length > 0) {
      const batch = queue.items
      queue.items = []
      try {
        await recordSentMany(
          db,
          batch.map((b) => b.record),
        )
        for (const b of batch) b.resolve()
      } catch (error) {
        for (const b of batch) b.reject(error)
      }
    }
  } finally {
    queue.flushing = false
  }
}

async function finalizeFromDelivery(
  db: Db,
  action: ActionRow,
  state: string,
  now: Date,
): Promise<SendOutcome> {
  if (state === 'failed') return { kind: 'failed', error: 'delivery failed' }
  if (state === 'unknown') return { kind: 'unknown' }
  // The provider call succeeded and its result was recorded, but the action was not (an older version's crash).
  await db.transaction(async (tx) => {
    await updateReminderAction(tx, {
      actionId: action.id,
      from: ['sending'],
      set: { status: 'sent', sentAt: now },
      now,
    })
    await markHistorySent(tx, { actionKey: action.actionKey })
  })
  return { kind: 'sent', provider: 'recorded' }
}

export function isMessageChannel(channel: string): channel is MessageChannel {
  return (MESSAGE_CHANNELS as readonly string[]).includes(channel)
}
