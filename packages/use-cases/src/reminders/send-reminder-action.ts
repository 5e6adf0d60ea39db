import type { InvoiceDocumentData } from '@quittance/documents/document-data'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { frenchB2bLateAmounts, frenchB2bPenaltyRateFor } from '@quittance/domain/legal/late-payment-interest'
import type { LatePaymentRateTable } from '@quittance/domain/legal/late-payment-interest-rates'
import { money } from '@quittance/domain/money/money'
import { renderStepMessage, type MergeContext, type MergeInvoice } from '@quittance/domain/reminders/merge-fields'
import { recheckBeforeSend } from '@quittance/domain/reminders/recheck-before-send'
import { templateFor, type Channel, type Scenario, type Step } from '@quittance/domain/reminders/scenario'
import { windowDate } from '@quittance/domain/reminders/send-window'
import type { Db } from '@quittance/db/client'
import { findCustomerForPortal, findEntityWithBankAccounts } from '@quittance/db/repositories/customers'
import { insertOutboxMessage } from '@quittance/db/repositories/outbox'
import { findScenarioVersion, listLatePaymentRates } from '@quittance/db/repositories/reminders-config'
import {
  insertJobsBulk,
  insertReminderTasks,
  selectInvoiceHolds,
  selectInvoicesForRecheck,
  selectStepHistory,
  type PlanningInvoiceRow,
} from '@quittance/db/repositories/reminders-planning'
import {
  claimDelivery,
  closeActionTasks,
  deletePlannedHistory,
  findDelivery,
  findOutboxIdByKey,
  findOutboxPayload,
  insertDelivery,
  insertStoredDocument,
  listActionInvoiceIds,
  loadDocumentsContent,
  loadSendContext,
  lockReminderAction,
  markActionInvoicesDropped,
  markHistorySent,
  releaseDelivery,
  setOutboxStatus,
  updateDelivery,
  updateReminderAction,
  type ActionRow,
  type SendContext,
} from '@quittance/db/repositories/reminders-sending'
import { isLocale, type Locale } from '@quittance/i18n/locales'
import { loadInvoiceDocumentData } from '../documents/load-invoice-document-data'
import { toCreditorIdentity, toCustomerIdentity } from '../documents/creditor-identity'
import { issuePortalLink } from '../portal-access/issue-portal-link'
import { groupBy, invoiceFacts } from './reminder-facts'
import { ChannelSendError, TEST_MODE_ADAPTER, type MessageChannel, type ReminderChannels } from './reminder-channels'
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
const OUTBOX_CHANNEL = { email: 'email', sms: 'sms', 'postal-letter': 'letter', 'registered-letter': 'registered_letter' } as const

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
  const prepared = await db.transaction(async (tx) => prepareAction(tx, input))
  if (prepared.kind !== 'prepared') return prepared
  return deliver(db, { ...input, action: prepared.action })
}

type Prepared = SendOutcome | { kind: 'prepared'; action: ActionRow }

async function prepareAction(tx: Db, input: SendReminderConfig & { actionId: string; now: Date }): Promise<Prepared> {
  const { now } = input
  const action = await lockReminderAction(tx, input.actionId)
  if (!action) return { kind: 'already-final', status: 'missing' }
  if (action.status === 'sending') return { kind: 'prepared', action }
  if (action.status !== 'planned') return { kind: 'already-final', status: action.status }
  if (action.sendAfter && action.sendAfter > now) {
    // Run early (a job published before its time): the action keeps its own job for the right moment.
    await insertJobsBulk(tx, [{ name: SEND_REMINDER_JOB, payload: { actionId: action.id }, runAfter: action.sendAfter }])
    return { kind: 'deferred', until: action.sendAfter }
  }

  const scenario = await findScenarioVersion(tx, { scenarioId: action.scenarioId })
  const invoiceIds = await listActionInvoiceIds(tx, action.id)
  const [invoiceRows, history, holds, context] = await Promise.all([
    selectInvoicesForRecheck(tx, invoiceIds),
    selectStepHistory(tx, invoiceIds),
    selectInvoiceHolds(tx, invoiceIds),
    loadSendContext(tx, { customerId: action.customerId, contactId: action.contactId, entityId: action.entityId }),
  ])
  if (!scenario || !context) return skip(tx, action, scenario ? 'customer-missing' : 'scenario-missing', [], now)
  const historyOf = groupBy(history, (h) => h.invoiceId)
  const holdsOf = groupBy(holds, (h) => h.invoiceId)
  const facts = invoiceRows.map((invoice) =>
    invoiceFacts({
      invoice,
      customer: { kind: context.customer.kind, segment: context.customer.segment, remindersPausedUntil: context.customer.remindersPausedUntil },
      history: historyOf.get(invoice.id) ?? [],
      holds: holdsOf.get(invoice.id) ?? [],
    }),
  )
  const outcome = recheckBeforeSend({
    action: { actionKey: action.actionKey, stepKey: action.stepKey, currency: action.currency, invoiceIds, planningDate: action.planningDate },
    invoices: facts,
    scenario,
    now,
  })
  if (outcome.kind === 'skip') return skip(tx, action, outcome.reason, outcome.dropped, now)
  if (outcome.kind === 'defer') {
    await updateReminderAction(tx, { actionId: action.id, from: ['planned'], set: { sendAfter: outcome.until }, now })
    await insertJobsBulk(tx, [{ name: SEND_REMINDER_JOB, payload: { actionId: action.id }, runAfter: outcome.until }])
    return { kind: 'deferred', until: outcome.until }
  }
  if (outcome.dropped.length > 0) {
    await markActionInvoicesDropped(tx, { actionId: action.id, dropped: outcome.dropped })
    await deletePlannedHistory(tx, { actionKey: action.actionKey, invoiceIds: outcome.dropped.map((d) => d.invoiceId) })
  }
  const step = scenario.steps.find((s) => s.key === action.stepKey)!
  const kept = outcome.invoiceIds.map((id) => invoiceRows.find((i) => i.id === id)!)
  const today = windowDate(now, scenario.sendWindow)

  if (isTaskChannel(action.channel)) {
    const rendered = await renderFor(tx, { action, scenario, step, context, invoices: kept, today, portalLink: '', input })
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
    await updateReminderAction(tx, { actionId: action.id, from: ['planned'], set: { status: 'sent', sentAt: now, totalMinor: outcome.total.amountMinor }, now })
    await markHistorySent(tx, { actionKey: action.actionKey })
    return { kind: 'task-created' }
  }

  const channel = action.channel as MessageChannel
  const recipient = recipientOf(channel, context)
  if (recipient === null) return skip(tx, action, 'no-recipient', [], now)
  const locale = messageLocale(context)
  const link = await issuePortalLink(tx, {
    customerId: action.customerId,
    contactId: action.contactId,
    purpose: 'reminder',
    locale,
    portalBaseUrl: input.portalBaseUrl,
    ttlDays: context.entity.portalLinkTtlDays,
    now,
    actor: { type: 'system', id: 'reminders' },
  })
  const { message, templateLocale } = await renderFor(tx, { action, scenario, step, context, invoices: kept, today, portalLink: link.url, input })
  const attachments = await attachmentsFor(tx, { renderers: input.documents, action, channel, context, invoices: kept, message, locale, today })
  const idempotencyKey = `reminder:${action.actionKey}`
  await insertOutboxMessage(tx, {
    entityId: action.entityId,
    customerId: action.customerId,
    contactId: action.contactId,
    channel: OUTBOX_CHANNEL[channel],
    template: `reminder:${step.key}`,
    locale: templateLocale,
    recipient,
    subject: message.subject,
    bodyText: message.text,
    bodyHtml: message.html,
    attachmentDocumentIds: attachments,
    idempotencyKey,
    status: 'pending',
  })
  const outboxId = await findOutboxIdByKey(tx, idempotencyKey)
  const adapter = action.testMode ? TEST_MODE_ADAPTER : input.channels.adapterFor(channel)
  await insertDelivery(tx, { actionId: action.id, outboxMessageId: outboxId, channel, provider: adapter.provider, recipient, idempotencyKey, now })
  await updateReminderAction(tx, {
    actionId: action.id,
    from: ['planned'],
    set: { status: 'sending', totalMinor: outcome.total.amountMinor, attempts: action.attempts + 1 },
    now,
  })
  return { kind: 'prepared', action: { ...action, status: 'sending' } }
}

async function skip(tx: Db, action: ActionRow, reason: string, dropped: readonly { invoiceId: string; reason: string }[], now: Date): Promise<SendOutcome> {
  if (dropped.length > 0) await markActionInvoicesDropped(tx, { actionId: action.id, dropped })
  // The step was not sent for these invoices: forget the 'planned' records, so it is planned again once the hold
  // ends (a step removed from the scenario is simply gone).
  await deletePlannedHistory(tx, { actionKey: action.actionKey })
  await updateReminderAction(tx, { actionId: action.id, from: ['planned', 'awaiting_approval'], set: { status: 'skipped', skipReason: reason }, now })
  await closeActionTasks(tx, { actionId: action.id, status: 'cancelled', by: null, outcome: `skipped: ${reason}`, now })
  return { kind: 'skipped', reason }
}

function recipientOf(channel: MessageChannel, context: SendContext): string | null {
  if (channel === 'email') return context.contact?.email ?? null
  if (channel === 'sms') return context.contact?.phone ?? null
  const c = context.customer
  if (c.addressLines.length === 0 || !c.postalCode) return null
  return [c.name, ...(context.contact ? [context.contact.name] : []), ...c.addressLines, `${c.postalCode} ${c.city ?? ''}`.trim(), c.country].join('\n')
}

function messageLocale(context: SendContext): Locale {
  const wanted = (context.contact?.language ?? context.customer.language).slice(0, 2).toLowerCase()
  return isLocale(wanted) ? wanted : 'fr'
}

async function rateTable(db: Db): Promise<LatePaymentRateTable> {
  const rows = await listLatePaymentRates(db)
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
    input: SendReminderConfig
  },
) {
  const { step, context, today } = args
  const locale = messageLocale(context)
  const { locale: templateLocale, template } = templateFor(args.scenario, step, locale)
  let lateRateBasisPoints: number | null = null
  let table: LatePaymentRateTable | null = null
  if (step.includeStatutoryLatePaymentAmounts && context.customer.kind !== 'consumer') {
    table = await rateTable(db)
    const rate = frenchB2bPenaltyRateFor(today, table)
    lateRateBasisPoints = context.entity.penaltyRateBasisPoints ?? (rate.ok ? rate.value.rateBasisPoints : null)
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
    return { number: invoice.number, issueDate: invoice.issueDate, dueDate: invoice.dueDate, remaining, lateInterest, recoveryIndemnity }
  })
  const c = context.customer
  const e = context.entity
  const ctx: MergeContext = {
    locale: templateLocale,
    today,
    customer: {
      name: c.name,
      reference: c.externalRef,
      address: [...c.addressLines, `${c.postalCode ?? ''} ${c.city ?? ''}`.trim()].filter((l) => l !== '').join('\n'),
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
      ids.push(await insertStoredDocument(db, { entityId: action.entityId, customerId: action.customerId, kind: 'invoice', filename: `${invoice.number}.pdf`, content: pdf }))
    }
    return ids
  }
  if (channel === 'postal-letter' || channel === 'registered-letter') {
    const [customer, entity] = await Promise.all([findCustomerForPortal(db, action.customerId), findEntityWithBankAccounts(db, action.entityId)])
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
    return [await insertStoredDocument(db, { entityId: action.entityId, customerId: action.customerId, kind: 'letter', filename, content: pdf })]
  }
  return []
}

async function deliver(db: Db, input: SendReminderConfig & { action: ActionRow; now: Date; attempt?: number; maxAttempts?: number }): Promise<SendOutcome> {
  const { action } = input
  const delivery = await claimDelivery(db, { actionId: action.id, leaseMs: input.deliveryLeaseMs ?? 60_000 })
  if (!delivery) {
    const current = await findDelivery(db, action.id)
    if (current && current.state !== 'sending') return finalizeFromDelivery(db, action, current.state, input.now)
    throw new RetryableSendError(`delivery of action ${action.id} is being sent by another worker`)
  }
  const payload = delivery.outboxMessageId ? await findOutboxPayload(db, delivery.outboxMessageId) : null
  if (!payload) throw new Error(`Invariant failed: action ${action.id} has no stored message`)
  const at = () => new Date().toISOString()

  // attempts counts this claim: above 1, an earlier call may have reached the provider.
  if (delivery.attempts > 1 && delivery.channel === 'registered-letter' && delivery.provider !== 'test-mode' && delivery.provider !== 'outbox') {
    await db.transaction(async (tx) => {
      await updateDelivery(tx, { deliveryId: delivery.id, from: ['sending'], state: 'unknown', event: { at: at(), state: 'unknown', detail: 'interrupted during the provider call' } })
      await updateReminderAction(tx, { actionId: action.id, from: ['sending'], set: { status: 'unknown', lastError: 'interrupted during the provider call' }, now: input.now })
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

  const adapter = delivery.provider === TEST_MODE_ADAPTER.provider ? TEST_MODE_ADAPTER : input.channels.adapterFor(delivery.channel as MessageChannel)
  const documents = await loadDocumentsContent(db, payload.attachmentDocumentIds)
  try {
    const context = await loadSendContext(db, { customerId: action.customerId, contactId: action.contactId, entityId: action.entityId })
    const receipt = await adapter.send({
      channel: delivery.channel as MessageChannel,
      idempotencyKey: delivery.idempotencyKey,
      recipient: payload.recipient,
      locale: payload.locale,
      subject: payload.subject,
      text: payload.bodyText,
      html: payload.bodyHtml,
      attachments: documents.map((d) => ({ filename: d.filename, contentType: d.contentType, content: d.content })),
      sender: { name: context?.entity.legalName ?? 'Quittance', email: context?.entity.email ?? null },
    })
    await db.transaction(async (tx) => {
      await updateDelivery(tx, {
        deliveryId: delivery.id,
        from: ['sending'],
        state: receipt.state,
        providerMessageId: receipt.providerMessageId,
        error: null,
        event: { at: at(), state: receipt.state },
      })
      await setOutboxStatus(tx, { id: payload.id, status: delivery.provider === TEST_MODE_ADAPTER.provider ? 'cancelled' : 'sent', now: new Date() })
      await updateReminderAction(tx, { actionId: action.id, from: ['sending'], set: { status: 'sent', sentAt: new Date(), lastError: null }, now: new Date() })
      await markHistorySent(tx, { actionKey: action.actionKey })
    })
    return { kind: 'sent', provider: adapter.provider }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const lastAttempt = (input.attempt ?? 1) >= (input.maxAttempts ?? 1)
    if ((error instanceof ChannelSendError && error.permanent) || lastAttempt) {
      await db.transaction(async (tx) => {
        await updateDelivery(tx, { deliveryId: delivery.id, from: ['sending'], state: 'failed', error: message, event: { at: at(), state: 'failed', detail: message.slice(0, 500) } })
        await setOutboxStatus(tx, { id: payload.id, status: 'failed', now: new Date(), error: message })
        await updateReminderAction(tx, { actionId: action.id, from: ['sending'], set: { status: 'failed', lastError: message.slice(0, 2000) }, now: new Date() })
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

async function finalizeFromDelivery(db: Db, action: ActionRow, state: string, now: Date): Promise<SendOutcome> {
  if (state === 'failed') return { kind: 'failed', error: 'delivery failed' }
  if (state === 'unknown') return { kind: 'unknown' }
  // The provider call succeeded and its result was recorded, but the action was not (an older version's crash).
  await db.transaction(async (tx) => {
    await updateReminderAction(tx, { actionId: action.id, from: ['sending'], set: { status: 'sent', sentAt: now }, now })
    await markHistorySent(tx, { actionKey: action.actionKey })
  })
  return { kind: 'sent', provider: 'recorded' }
}

export function isMessageChannel(channel: string): channel is MessageChannel {
  return (MESSAGE_CHANNELS as readonly string[]).includes(channel)
}
