import { randomUUID } from 'node:crypto'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { attemptTransition } from '@quittance/domain/payments/attempt-status'
import { allocateReceivedPayment, planReversal } from '@quittance/domain/payments/received-payment-allocation'
import { sqlStateOf, type Db } from '@quittance/db/client'
import type { NewAuditEvent } from '@quittance/db/repositories/audit'
import {
  applyReversalAmounts,
  commitWithNextStatement,
  finishProviderEvent,
  findPaymentByProviderRef,
  findReversal,
  insertProviderEventAndLockAttempt,
  insertReversal,
  lockAttemptWithItems,
  lockPaymentForReversal,
  lockReversal,
  pipelinedTransaction,
  recordReceivedPayment,
  updateAttempt,
  updateReversal,
  type findEntityByCode,
  type LockedAttempt,
  type OnlineProvider,
  type ReversalStatus,
} from '@quittance/db/repositories/online-payments'
import type { NewOutboxMessage } from '@quittance/db/repositories/outbox'
import { messagesFor } from '@quittance/i18n/catalog'
import { intlLocale, isLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import type { PaymentObservation, ProviderNotification, ReversalObservation } from '@quittance/payments/provider'
import { holdRemindersWhilePaymentProcesses, releaseRemindersHeldByPayment } from './reminder-holds-of-attempt'

export type NotifiedEntity = NonNullable<Awaited<ReturnType<typeof findEntityByCode>>>

/** applied: something changed; stale: older than what we hold; ignored: nothing of ours; rejected: not this entity's. */
export type NotificationOutcome = 'duplicate' | 'applied' | 'stale' | 'ignored' | 'rejected'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const RETRYABLE = new Set(['40001', '40P01'])

/**
 * Applies a verified notification exactly once. In one transaction: the raw event is stored under its unique
 * (provider, event id) — a repeated delivery stops there —, the attempt is locked, its state moves forward only,
 * and a success becomes a payment allocated to the attempt's invoices (locked in id order), a receipt in the outbox
 * and audit entries. Refunds and chargebacks are their own rows and re-open the invoices.
 */
export async function applyProviderNotification(
  db: Db,
  input: { entity: NotifiedEntity; provider: OnlineProvider; notification: ProviderNotification; rawBody: string; now: Date },
): Promise<NotificationOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Two round trips on PostgreSQL: BEGIN with the first statement, COMMIT with the last.
      return await pipelinedTransaction(db, (tx) => applyInTransaction(tx, input))
    } catch (error) {
      if (attempt < 4 && RETRYABLE.has(sqlStateOf(error) ?? '')) continue
      throw error
    }
  }
}

async function applyInTransaction(
  tx: Db,
  input: { entity: NotifiedEntity; provider: OnlineProvider; notification: ProviderNotification; rawBody: string; now: Date },
): Promise<NotificationOutcome> {
  const { notification } = input
  // The attempt the event names, when it does: stored with the event, which is written as applied (see below).
  const attemptIdHint =
    notification.observations.map((o) => (o.kind === 'payment' ? o.attemptId : null)).find((id) => id !== null && UUID.test(id)) ?? null
  // The first payment observation of our entity: its attempt is locked in the statement that stores the event.
  const first = notification.observations.findIndex((o) => o.kind === 'payment' && (o.entityCode === null || o.entityCode === input.entity.code))
  const firstPayment = first >= 0 ? (notification.observations[first] as PaymentObservation) : null
  const { eventRowId, attempt: firstAttempt } = await insertProviderEventAndLockAttempt(tx, {
    event: {
      provider: input.provider,
      eventId: notification.eventId.slice(0, 500),
      entityId: input.entity.id,
      eventType: notification.eventType.slice(0, 200),
      rawBody: input.rawBody,
      attemptIdHint,
    },
    attempt: firstPayment ? lockTarget(input.provider, firstPayment) : null,
  })
  if (!eventRowId) return 'duplicate'
  const writes: Writes = { audits: [], messages: [] }
  const results: { outcome: Exclude<NotificationOutcome, 'duplicate'>; attemptId: string | null; note: string | null }[] = []
  for (const [index, observation] of notification.observations.entries()) {
    results.push(
      observation.kind === 'payment'
        ? await applyPayment(tx, {
            ...input,
            observation,
            eventId: notification.eventId,
            writes,
            locked: index === first ? { attempt: firstAttempt } : null,
            // The only observation, for the attempt the event row names: its payment is the transaction's last write.
            lastWrite: notification.observations.length === 1 ? { attemptIdHint } : null,
          })
        : await applyReversal(tx, { ...input, observation, eventId: notification.eventId, writes }),
    )
  }
  const rank = { rejected: 4, applied: 3, stale: 2, ignored: 1 } as const
  const main = results.sort((a, b) => rank[b.outcome] - rank[a.outcome])[0] ?? { outcome: 'ignored' as const, attemptId: null, note: 'no observation' }
  // The common case (a payment applied, its writes already made with it) needs nothing more. Otherwise: the
  // outcome, and audit entries and messages left, in one statement, in this transaction.
  if (main.outcome !== 'applied' || main.note !== null || main.attemptId !== attemptIdHint || writes.audits.length + writes.messages.length > 0) {
    commitWithNextStatement(tx)
    await finishProviderEvent(tx, { eventRowId, outcome: main.outcome, attemptId: main.attemptId, note: main.note, ...writes })
  }
  return main.outcome
}

type Writes = { audits: NewAuditEvent[]; messages: NewOutboxMessage[] }
type ApplyInput<T> = { entity: NotifiedEntity; provider: OnlineProvider; observation: T; eventId: string; now: Date; writes: Writes }

function lockTarget(provider: OnlineProvider, observation: PaymentObservation) {
  return {
    attemptId: observation.attemptId && UUID.test(observation.attemptId) ? observation.attemptId : null,
    provider,
    providerRef: observation.providerRef,
    providerPaymentRef: observation.providerPaymentRef,
  }
}

async function applyPayment(
  tx: Db,
  input: ApplyInput<PaymentObservation> & { locked: { attempt: LockedAttempt | null } | null; lastWrite: { attemptIdHint: string | null } | null },
) {
  const { observation, entity } = input
  if (observation.entityCode !== null && observation.entityCode !== entity.code) {
    return reject(input, null, `metadata names entity ${observation.entityCode.slice(0, 64)}`)
  }
  // Locked already when the event was stored (the first payment observation), otherwise here.
  const attempt = input.locked ? input.locked.attempt : await lockAttemptWithItems(tx, lockTarget(input.provider, observation))
  if (!attempt) return { outcome: 'ignored' as const, attemptId: null, note: 'no attempt of ours' }
  if (attempt.entityId !== entity.id || attempt.provider !== input.provider) {
    return reject(input, attempt.id, 'attempt of another entity or provider')
  }
  if (
    (observation.providerRef && attempt.providerRef && observation.providerRef !== attempt.providerRef) ||
    (observation.providerPaymentRef && attempt.providerPaymentRef && observation.providerPaymentRef !== attempt.providerPaymentRef)
  ) {
    return reject(input, attempt.id, 'provider references do not match the attempt')
  }
  const refs: { providerRef?: string; providerPaymentRef?: string } = {}
  if (!attempt.providerRef && observation.providerRef) refs.providerRef = observation.providerRef
  if (!attempt.providerPaymentRef && observation.providerPaymentRef) refs.providerPaymentRef = observation.providerPaymentRef

  const transition = attemptTransition(attempt.status, observation.status)
  if (transition.kind !== 'advance') {
    if (Object.keys(refs).length > 0) await updateAttempt(tx, attempt.id, refs)
    return {
      outcome: 'stale' as const,
      attemptId: attempt.id,
      note: transition.kind === 'same' ? `already ${attempt.status}` : `${observation.status} after ${attempt.status}: kept ${attempt.status}`,
    }
  }

  if (transition.to === 'processing') await holdRemindersWhilePaymentProcesses(tx, attempt, input.provider)
  else if (attempt.status === 'processing') await releaseRemindersHeldByPayment(tx, attempt, { provider: input.provider, now: input.now })

  if (transition.to !== 'succeeded') {
    await updateAttempt(tx, attempt.id, {
      ...refs,
      status: transition.to,
      failureReason: transition.to === 'processing' ? null : observation.status,
      ...(transition.to === 'processing' ? {} : { completedAt: input.now }),
    })
    input.writes.audits.push({
      actorType: 'system',
      actorId: input.provider,
      action: `payment_attempt.${transition.to}`,
      subjectType: 'payment_attempt',
      subjectId: attempt.id,
      entityId: entity.id,
      customerId: attempt.customerId,
      before: { status: attempt.status },
      after: { status: transition.to, event: input.eventId },
    })
    return { outcome: 'applied' as const, attemptId: attempt.id, note: null }
  }

  // Money received. It is a fact: recorded in full whatever happened to the invoices meanwhile.
  const received = observation.amount ?? money(attempt.amountMinor, attempt.currency)
  const own = attempt.lockedInvoices.filter((invoice) => invoice.customerId === attempt.customerId)
  const { allocations, surplus } = allocateReceivedPayment(received, attempt.items, own)
  const paymentId = randomUUID()
  input.writes.audits.push({
    actorType: 'system',
    actorId: input.provider,
    action: 'payment.received',
    subjectType: 'payment',
    subjectId: paymentId,
    entityId: entity.id,
    customerId: attempt.customerId,
    before: { attempt: attempt.id, status: attempt.status, invoices: own.map((i) => ({ id: i.id, remainingMinor: i.remainingMinor })) },
    after: { amount: received, allocations, surplusMinor: surplus.amountMinor, event: input.eventId },
  })

  const locale: Locale = isLocale(attempt.locale) ? attempt.locale : 'fr'
  const intlTag = intlLocale(locale)
  const t = createTranslator(intlTag, messagesFor(locale, 'emails'))
  const creditor = entity.tradeName ?? entity.legalName
  const contact = attempt.contact
  if (contact?.email) {
    const numberOf = new Map(own.map((invoice) => [invoice.id, invoice.number]))
    input.writes.messages.push({
      entityId: entity.id,
      customerId: attempt.customerId,
      contactId: contact.id,
      channel: 'email',
      template: 'payment-receipt',
      locale,
      recipient: contact.email,
      subject: t('paymentReceipt.subject', { creditor }),
      bodyText: t('paymentReceipt.body', {
        name: contact.name,
        creditor,
        amount: formatMoney(received, intlTag),
        invoices: allocations.map((a) => numberOf.get(a.invoiceId)).join(', ') || '—',
        reference: paymentId.slice(0, 8).toUpperCase(),
      }),
      idempotencyKey: `payment-receipt:${paymentId}`,
    })
  }
  if (surplus.amountMinor > 0) {
    notifyCreditor(input.writes, entity, {
      template: 'payment-overpayment',
      key: `payment-overpayment:${paymentId}`,
      customerId: attempt.customerId,
      values: { amount: formatMoney(surplus, intlTag), reference: paymentId.slice(0, 8).toUpperCase() },
    })
  }
  const note = surplus.amountMinor > 0 ? `credit ${surplus.amountMinor}` : null
  // Nothing will follow (applyInTransaction finishes the event only for another outcome, a note or another attempt).
  if (input.lastWrite && note === null && attempt.id === input.lastWrite.attemptIdHint) commitWithNextStatement(tx)
  // One statement: the payment, its allocations, the invoices' paid sums, the attempt, its audit entry and messages.
  await recordReceivedPayment(tx, {
    paymentId,
    attemptId: attempt.id,
    refs,
    completedAt: input.now,
    payment: {
      entityId: entity.id,
      customerId: attempt.customerId,
      receivedOn: localDateInTimeZone(input.now, entity.timeZone),
      currency: received.currency,
      amountMinor: received.amountMinor,
      method: observation.method,
      provider: input.provider,
      providerRef: observation.providerPaymentRef ?? attempt.providerPaymentRef ?? observation.providerRef ?? attempt.providerRef,
    },
    allocations,
    audits: input.writes.audits.splice(0),
    messages: input.writes.messages.splice(0),
  })
  return { outcome: 'applied' as const, attemptId: attempt.id, note }
}

const REVERSAL_RANK: Readonly<Record<ReversalStatus, number>> = {
  requested: 0,
  pending: 1,
  succeeded: 2,
  failed: 3,
  canceled: 3,
  reversed: 3,
}

async function applyReversal(tx: Db, input: ApplyInput<ReversalObservation>) {
  const { observation, entity } = input
  const ourReversalId = observation.reversalId && UUID.test(observation.reversalId) ? observation.reversalId : null
  const known = ourReversalId ? await findReversal(tx, ourReversalId) : null
  const paymentId =
    known?.paymentId ??
    (observation.providerPaymentRef ? await findPaymentByProviderRef(tx, { provider: input.provider, providerRef: observation.providerPaymentRef }) : null)
  if (!paymentId) return { outcome: 'ignored' as const, attemptId: null, note: 'no payment of ours' }
  const payment = await lockPaymentForReversal(tx, { paymentId })
  if (!payment) return { outcome: 'ignored' as const, attemptId: null, note: 'no payment of ours' }
  if (payment.entityId !== entity.id || payment.provider !== input.provider) return reject(input, null, 'payment of another entity or provider')
  if (observation.amount.currency !== payment.currency) return reject(input, null, 'reversal in another currency')

  let reversal = await lockReversal(tx, { reversalId: known?.id ?? null, provider: input.provider, providerRef: observation.providerRef })
  if (!reversal) {
    await insertReversal(tx, {
      paymentId: payment.id,
      entityId: payment.entityId,
      customerId: payment.customerId,
      kind: observation.kind,
      status: 'requested',
      provider: input.provider,
      providerRef: observation.providerRef,
      idempotencyKey: null,
      currency: observation.amount.currency,
      amountMinor: observation.amount.amountMinor,
      reason: observation.kind === 'chargeback' ? 'chargeback' : null,
    })
    reversal = (await lockReversal(tx, { reversalId: null, provider: input.provider, providerRef: observation.providerRef }))!
  } else if (!reversal.providerRef) {
    await updateReversal(tx, reversal.id, { providerRef: observation.providerRef })
  }

  const from = reversal.status
  const to = observation.status
  if (REVERSAL_RANK[to] <= REVERSAL_RANK[from]) {
    return { outcome: 'stale' as const, attemptId: null, note: `${observation.kind} ${to} after ${from}` }
  }
  const before = { reversedMinor: payment.reversedMinor, creditMinor: payment.creditMinor, allocations: payment.allocations }
  let appliedMinor = reversal.appliedMinor
  let fromInvoices: { invoiceId: string; amountMinor: number }[] = []
  if (to === 'succeeded') {
    appliedMinor = Math.min(reversal.amountMinor, payment.amountMinor - payment.reversedMinor)
    if (appliedMinor > 0) {
      const plan = planReversal({ amount: money(appliedMinor, payment.currency), creditMinor: payment.creditMinor, allocations: payment.allocations })
      fromInvoices = plan.fromInvoices
      await applyReversalAmounts(tx, { reversalId: reversal.id, paymentId: payment.id, reversedDelta: appliedMinor, fromInvoices })
    }
  } else if (from === 'succeeded' && appliedMinor > 0) {
    // The money came back (a chargeback won, a refund that failed late): it becomes the customer's credit.
    await applyReversalAmounts(tx, { reversalId: reversal.id, paymentId: payment.id, reversedDelta: -appliedMinor, fromInvoices: [] })
    appliedMinor = 0
  }
  await updateReversal(tx, reversal.id, { status: to, appliedMinor })
  input.writes.audits.push({
    actorType: 'system',
    actorId: input.provider,
    action: `payment.${reversal.kind}.${to}`,
    subjectType: 'payment',
    subjectId: payment.id,
    entityId: entity.id,
    customerId: payment.customerId,
    before,
    after: {
      reversal: reversal.id,
      providerRef: observation.providerRef,
      amountMinor: reversal.amountMinor,
      appliedMinor,
      reopened: fromInvoices,
      uncoveredMinor: to === 'succeeded' ? reversal.amountMinor - appliedMinor : 0,
      event: input.eventId,
    },
  })
  if (reversal.kind === 'chargeback' && (to === 'succeeded' || to === 'reversed')) {
    notifyCreditor(input.writes, entity, {
      template: to === 'succeeded' ? 'payment-chargeback' : 'payment-chargeback-reversed',
      key: `payment-chargeback:${reversal.id}:${to}`,
      customerId: payment.customerId,
      values: { amount: formatMoney(money(reversal.amountMinor, payment.currency), 'en-GB'), reference: observation.providerRef },
    })
  }
  return { outcome: 'applied' as const, attemptId: null, note: `${reversal.kind} ${to}` }
}

function reject(input: ApplyInput<{ kind: string }>, attemptId: string | null, note: string) {
  // Kept for the security review: an event that names what this endpoint's creditor does not own.
  input.writes.audits.push({
    actorType: 'system',
    actorId: input.provider,
    action: 'webhook.cross_entity_refused',
    subjectType: 'provider_event',
    subjectId: input.eventId.slice(0, 200),
    entityId: input.entity.id,
    after: { note, attemptId },
  })
  return { outcome: 'rejected' as const, attemptId, note }
}

/** A message to the creditor's own address: money to look at (an overpayment to refund or allocate, a chargeback). */
function notifyCreditor(
  writes: Writes,
  entity: NotifiedEntity,
  input: { template: string; key: string; customerId: string; values: Record<string, string> },
) {
  if (!entity.email) return
  const locale: Locale = entity.country === 'FR' ? 'fr' : entity.country === 'DE' ? 'de' : entity.country === 'ES' ? 'es' : 'en'
  const t = createTranslator(intlLocale(locale), messagesFor(locale, 'emails'))
  const key = input.template.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
  writes.messages.push({
    entityId: entity.id,
    customerId: input.customerId,
    channel: 'email',
    template: input.template,
    locale,
    recipient: entity.email,
    subject: t(`${key}.subject`, input.values),
    bodyText: t(`${key}.body`, input.values),
    idempotencyKey: input.key,
  })
}
