import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isValidCreditorReference } from '@quittance/domain/banking/creditor-reference'
import type { Db } from '@quittance/db/client'
import {
  countAllocationsByPayment,
  findAttemptForCustomer,
  findPaymentTotals,
  listCustomerCredit,
  listPayableInvoices,
  listProviderEventsOfEntity,
  listReversalsOfPayment,
} from '@quittance/db/repositories/online-payments'
import { createPayingDebtor } from '@quittance/db/seed/factories-payments'
import { listOutboxMessages, tableAsText } from '@quittance/db/testing/inspect'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { startFakeMollie, type FakeMollie } from '@quittance/payments/testing/fake-mollie-server'
import { startFakeStripe, type FakeStripe } from '@quittance/payments/testing/fake-stripe-server'
import { MollieProvider } from '@quittance/payments/mollie-provider'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { Secret } from '@quittance/payments/secret'
import { continueOnlinePayment } from './continue-online-payment'
import { loadPaymentOptions } from './load-payment-options'
import {
  startWebhookHost,
  TEST_MOLLIE_KEY,
  TEST_STRIPE_KEY,
  TEST_STRIPE_WEBHOOK_SECRET,
  testGateway,
} from './online-payments-harness'
import { selectInvoiceHolds } from '@quittance/db/repositories/reminders-planning'
import { holdsOf } from '../reminders/reminder-facts'
import { receiveProviderWebhook, WEBHOOK_RATE_LIMITS } from './receive-provider-webhook'
import { refreshOnlinePayment } from './refresh-online-payment'
import { refundOnlinePayment } from './refund-online-payment'
import { startOnlinePayment } from './start-online-payment'

// The use cases against both databases, the real Stripe and Mollie SDKs, and local fakes that speak their HTTP
// APIs and deliver webhooks to a bare host, as the real providers do. Numbers refer to security-research.md §7.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0' // the fake Mollie's self-signed certificate, in this process only

const NOW = () => new Date()

describe.each(TEST_DATABASE_KINDS)('online payments on %s', (kind) => {
  let database: TestDatabase
  let db: Db
  let stripe: FakeStripe
  let mollie: FakeMollie
  let host: { url: string; close(): Promise<void> }
  let gateway: PaymentGateway

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    db = database.db
    host = await startWebhookHost(db, () => gateway)
    stripe = await startFakeStripe({
      accounts: [
        {
          secretKey: TEST_STRIPE_KEY,
          webhookSecret: TEST_STRIPE_WEBHOOK_SECRET,
          webhookUrl: (metadata) => (metadata.entity_code ? `${host.url}/webhooks/stripe/${metadata.entity_code}` : null),
        },
      ],
    })
    mollie = await startFakeMollie({ apiKeys: [TEST_MOLLIE_KEY, 'test_otherCreditor0000000000000'] })
    gateway = testGateway({ stripeUrl: stripe.url, mollieEndpoint: mollie.apiEndpoint, portalUrl: host.url })
  })
  afterAll(async () => {
    await Promise.all([stripe?.close(), mollie?.close(), host?.close()])
    await database?.drop()
  })

  const start = (debtor: Awaited<ReturnType<typeof createPayingDebtor>>, overrides: Partial<Parameters<typeof startOnlinePayment>[2]> = {}) =>
    startOnlinePayment(db, gateway, {
      customerId: debtor.customer.id,
      entityId: debtor.entity.id,
      contactId: debtor.contact.id,
      currency: 'EUR',
      invoiceIds: debtor.invoices.map((i) => i.id),
      partialAmount: null,
      method: 'stripe',
      locale: 'fr',
      portalUrl: host.url,
      now: NOW(),
      ipAddress: '203.0.113.9',
      ...overrides,
    })
  const remainingOf = async (debtor: Awaited<ReturnType<typeof createPayingDebtor>>) =>
    (await listPayableInvoices(db, { customerId: debtor.customer.id, invoiceIds: debtor.invoices.map((i) => i.id) })).map((i) => i.remainingMinor)
  const attemptOf = (debtor: Awaited<ReturnType<typeof createPayingDebtor>>, attemptId: string) =>
    findAttemptForCustomer(db, { attemptId, customerId: debtor.customer.id })
  const sessionOf = async (debtor: Awaited<ReturnType<typeof createPayingDebtor>>, attemptId: string) => (await attemptOf(debtor, attemptId))!.providerRef!
  const receiptsFor = async (customerId: string) => (await listOutboxMessages(db)).filter((m) => m.customerId === customerId && m.template === 'payment-receipt')

  test('Debtor pays two EUR invoices in one Stripe checkout; the webhook settles both and queues one receipt', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 10_000 }, { totalMinor: 2_550 }] })
    const started = await start(debtor)
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const attempt = await attemptOf(debtor, started.value.attemptId)
    // The attempt was written first and gave the key the provider received.
    expect(attempt).toMatchObject({ status: 'pending', amountMinor: 12_550, currency: 'EUR', idempotencyKey: `pa_${attempt!.id}:checkout` })
    expect(stripe.requests.find((r) => r.path === '/v1/checkout/sessions' && r.idempotencyKey === attempt!.idempotencyKey)).toBeTruthy()
    expect(started.value.redirectTo).toBe(`${stripe.url}/checkout/${attempt!.providerRef}`)
    expect(await remainingOf(debtor)).toEqual([10_000, 2_550]) // nothing is paid until the provider says so (case 11)

    await stripe.complete(attempt!.providerRef!, 'paid')
    expect(await remainingOf(debtor)).toEqual([0, 0])
    const paid = await attemptOf(debtor, attempt!.id)
    expect(paid).toMatchObject({ status: 'succeeded', paymentAmountMinor: 12_550 })
    expect(paid!.allocations.map((a) => a.amountMinor).sort()).toEqual([10_000, 2_550].sort())
    expect(await receiptsFor(debtor.customer.id)).toHaveLength(1)
  })

  test('The same signed event delivered 10 times at once makes one payment, one receipt, one audit entry (case 4)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 5_000 }] })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    const sessionId = await sessionOf(debtor, started.value.attemptId)
    const session = stripe.sessions.get(sessionId)!
    session.status = 'complete'
    session.payment_status = 'paid'
    session.payment_intent = 'pi_test_dup'
    const event = stripe.event('checkout.session.completed', { ...session })
    const payload = JSON.stringify(event)
    const signature = stripe.sign(payload, TEST_STRIPE_WEBHOOK_SECRET)
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${host.url}/webhooks/stripe/${debtor.entity.code}`, { method: 'POST', body: payload, headers: { 'Stripe-Signature': signature } }).then(
          async (r) => [r.status, await r.text()] as const,
        ),
      ),
    )
    expect(answers.every(([status]) => status === 200)).toBe(true)
    expect(answers.filter(([, outcome]) => outcome === 'applied')).toHaveLength(1)
    expect(answers.filter(([, outcome]) => outcome === 'duplicate')).toHaveLength(9)
    const attempt = await attemptOf(debtor, started.value.attemptId)
    expect(await countAllocationsByPayment(db, [attempt!.paymentId!])).toEqual([{ paymentId: attempt!.paymentId, count: 1 }])
    expect(await receiptsFor(debtor.customer.id)).toHaveLength(1)
    const audit = (await tableAsText(db, 'audit_events')).filter((row) => row.includes(attempt!.paymentId!) && row.includes('payment.received'))
    expect(audit).toHaveLength(1)
    expect(await remainingOf(debtor)).toEqual([0])
  })

  test('A failure after a success is stale: the payment stays succeeded (case 5)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 4_000 }] })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    const sessionId = await sessionOf(debtor, started.value.attemptId)
    await stripe.complete(sessionId, 'paid')
    const intent = stripe.sessions.get(sessionId)!.payment_intent!
    await stripe.deliver(
      stripe.event('payment_intent.payment_failed', { id: intent, object: 'payment_intent', metadata: { payment_attempt_id: started.value.attemptId, entity_code: debtor.entity.code } }),
    )
    expect((await attemptOf(debtor, started.value.attemptId))!.status).toBe('succeeded')
    expect(await remainingOf(debtor)).toEqual([0])
    const events = await listProviderEventsOfEntity(db, debtor.entity.id)
    expect(events.find((e) => e.eventType === 'payment_intent.payment_failed')).toMatchObject({ outcome: 'stale' })
  })

  test("An event for another creditor's attempt is refused at this creditor's endpoint (case 7)", async () => {
    const victim = await createPayingDebtor(db, { invoices: [{ totalMinor: 3_000 }] })
    const other = await createPayingDebtor(db, { invoices: [{ totalMinor: 3_000 }] })
    const started = await start(victim)
    if (!started.ok) throw new Error(started.error.code)
    const session = { ...stripe.sessions.get(await sessionOf(victim, started.value.attemptId))!, status: 'complete', payment_status: 'paid' }
    // Right signature (the secret is shared here), wrong endpoint: with or without the entity in the metadata.
    for (const metadata of [session.metadata, { payment_attempt_id: started.value.attemptId }]) {
      const payload = JSON.stringify(stripe.event('checkout.session.completed', { ...session, metadata }))
      const response = await fetch(`${host.url}/webhooks/stripe/${other.entity.code}`, {
        method: 'POST',
        body: payload,
        headers: { 'Stripe-Signature': stripe.sign(payload, TEST_STRIPE_WEBHOOK_SECRET) },
      })
      expect(await response.text()).toBe('rejected')
    }
    expect(await remainingOf(victim)).toEqual([3_000])
    expect((await tableAsText(db, 'audit_events')).some((row) => row.includes('webhook.cross_entity_refused'))).toBe(true)
  })

  test('Unsigned or badly signed webhooks are refused with 400 and a security log entry, nothing stored (cases 1, 3)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 3_000 }] })
    const payload = JSON.stringify(stripe.event('checkout.session.completed', { id: 'cs_x', object: 'checkout.session', metadata: {} }), null, 2)
    const unsigned = await fetch(`${host.url}/webhooks/stripe/${debtor.entity.code}`, { method: 'POST', body: payload })
    const reserialised = await fetch(`${host.url}/webhooks/stripe/${debtor.entity.code}`, {
      method: 'POST',
      body: JSON.stringify(JSON.parse(payload)),
      headers: { 'Stripe-Signature': stripe.sign(payload, TEST_STRIPE_WEBHOOK_SECRET) },
    })
    expect([unsigned.status, reserialised.status]).toEqual([400, 400])
    expect(await listProviderEventsOfEntity(db, debtor.entity.id)).toEqual([])
    const log = (await tableAsText(db, 'audit_events')).filter((row) => row.includes('webhook.refused') && row.includes(debtor.entity.id))
    expect(log.length).toBe(2)
    expect(log.some((row) => row.includes('cs_x'))).toBe(false)
  })

  test('The return page shows processing until the provider confirms; a server-side fetch can confirm it (case 11)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 6_000 }] })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    const session = stripe.sessions.get(await sessionOf(debtor, started.value.attemptId))!
    // Paid at the provider, but its webhook never arrives.
    session.status = 'complete'
    session.payment_status = 'paid'
    session.payment_intent = 'pi_test_fetch'
    expect((await attemptOf(debtor, started.value.attemptId))!.status).toBe('pending')
    expect(await remainingOf(debtor)).toEqual([6_000])
    expect(await refreshOnlinePayment(db, gateway, { attemptId: started.value.attemptId, customerId: debtor.customer.id, now: NOW() })).toBe('applied')
    expect(await remainingOf(debtor)).toEqual([0])
    expect(await refreshOnlinePayment(db, gateway, { attemptId: started.value.attemptId, customerId: debtor.customer.id, now: NOW() })).toBe('duplicate')
  })

  test('Amounts come from the database; invoices of another customer and amounts above the balance are refused (case 12)', async () => {
    const debtor = await createPayingDebtor(db, { allowPartialPayments: true, invoices: [{ totalMinor: 8_000 }] })
    const stranger = await createPayingDebtor(db, { invoices: [{ totalMinor: 9_900 }] })
    const foreign = await start(debtor, { invoiceIds: [debtor.invoices[0]!.id, stranger.invoices[0]!.id] })
    expect(foreign).toEqual({ ok: false, error: { code: 'invoice-not-found', invoiceId: stranger.invoices[0]!.id } })
    expect((await tableAsText(db, 'audit_events')).some((row) => row.includes('payment_attempt.refused') && row.includes(debtor.customer.id))).toBe(true)
    const tooMuch = await start(debtor, { partialAmount: '80,01' })
    expect(tooMuch.ok === false && tooMuch.error.code).toBe('amount-above-remaining')
    const mixed = await createPayingDebtor(db, { invoices: [{ totalMinor: 1_000 }, { totalMinor: 1_000, currency: 'GBP' }] })
    const twoCurrencies = await start(mixed)
    expect(twoCurrencies.ok === false && twoCurrencies.error.code).toBe('mixed-currencies')
    const part = await start(debtor, { partialAmount: '25,50' })
    if (!part.ok) throw new Error(part.error.code)
    expect(stripe.sessions.get((await sessionOf(debtor, part.value.attemptId)))!.amount_total).toBe(2_550)
  })

  test('A part of an invoice leaves it partly paid (entity policy allows it)', async () => {
    const debtor = await createPayingDebtor(db, { allowPartialPayments: true, invoices: [{ totalMinor: 10_000 }] })
    const refused = await createPayingDebtor(db, { allowPartialPayments: false, invoices: [{ totalMinor: 10_000 }] })
    expect((await start(refused, { partialAmount: '10' })).ok).toBe(false)
    const started = await start(debtor, { partialAmount: '30,00' })
    if (!started.ok) throw new Error(started.error.code)
    await stripe.complete(await sessionOf(debtor, started.value.attemptId), 'paid')
    expect(await remainingOf(debtor)).toEqual([7_000])
  })

  test('Two payments racing on one invoice never take it below zero: the second becomes a credit and a task (case 13)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 20_000 }], entityEmail: 'credit@creditor.example' })
    const first = await start(debtor)
    const second = await start(debtor)
    if (!first.ok || !second.ok) throw new Error('start')
    const [a, b] = await Promise.all([sessionOf(debtor, first.value.attemptId), sessionOf(debtor, second.value.attemptId)])
    await Promise.all([stripe.complete(a, 'paid'), stripe.complete(b, 'paid')])
    expect(await remainingOf(debtor)).toEqual([0])
    expect(await listCustomerCredit(db, debtor.customer.id)).toEqual([{ currency: 'EUR', creditMinor: 20_000 }])
    const tasks = (await listOutboxMessages(db)).filter((m) => m.customerId === debtor.customer.id && m.template === 'payment-overpayment')
    expect(tasks).toHaveLength(1)
    expect(tasks[0]!.recipient).toBe('credit@creditor.example')
  })

  test('JPY is charged in whole yen; a KWD amount Stripe cannot take is refused before any call (case 14)', async () => {
    const yen = await createPayingDebtor(db, { invoices: [{ totalMinor: 1_000, currency: 'JPY' }], bankAccountCurrencies: [] })
    const started = await start(yen, { currency: 'JPY' })
    if (!started.ok) throw new Error(started.error.code)
    expect(stripe.sessions.get(await sessionOf(yen, started.value.attemptId))!.amount_total).toBe(1_000)
    const dinar = await createPayingDebtor(db, { invoices: [{ totalMinor: 5_124, currency: 'KWD' }], bankAccountCurrencies: [] })
    const calls = stripe.requests.length
    const refused = await start(dinar, { currency: 'KWD' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'method-refused', refusal: { code: 'amount-not-chargeable' } } })
    expect(stripe.requests.length).toBe(calls)
    const tiny = await createPayingDebtor(db, { invoices: [{ totalMinor: 40 }] })
    expect(await start(tiny)).toMatchObject({ ok: false, error: { code: 'method-refused', refusal: { code: 'below-provider-minimum' } } })
  })

  test('A SEPA debit stays processing, then fails: the invoice is still due and no receipt was sent (case 16)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 15_000 }] })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    const sessionId = await sessionOf(debtor, started.value.attemptId)
    const invoiceIds = debtor.invoices.map((invoice) => invoice.id)
    await stripe.complete(sessionId, 'sepa')
    expect((await attemptOf(debtor, started.value.attemptId))!.status).toBe('processing')
    // While the debit is on its way the reminder engine holds the invoice…
    expect(holdsOf(await selectInvoiceHolds(db, invoiceIds)).paymentProcessing).toBe(true)
    await stripe.settleAsync(sessionId, false)
    expect((await attemptOf(debtor, started.value.attemptId))!.status).toBe('failed')
    expect(await remainingOf(debtor)).toEqual([15_000])
    expect(await receiptsFor(debtor.customer.id)).toEqual([])
    // …and once it failed, dunning resumes.
    expect(holdsOf(await selectInvoiceHolds(db, invoiceIds)).paymentProcessing).toBe(false)
  })

  test('A SEPA debit that succeeds ends the reminder hold it opened while processing', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 12_000 }] })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    const sessionId = await sessionOf(debtor, started.value.attemptId)
    const invoiceIds = debtor.invoices.map((invoice) => invoice.id)
    await stripe.complete(sessionId, 'sepa')
    expect(holdsOf(await selectInvoiceHolds(db, invoiceIds)).paymentProcessing).toBe(true)
    await stripe.settleAsync(sessionId, true)
    expect((await attemptOf(debtor, started.value.attemptId))!.status).toBe('succeeded')
    expect(await remainingOf(debtor)).toEqual([0])
    expect(holdsOf(await selectInvoiceHolds(db, invoiceIds)).paymentProcessing).toBe(false)
  })

  test('An expired checkout is shown expired and settles nothing', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 1_500 }] })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    await stripe.expire(await sessionOf(debtor, started.value.attemptId))
    expect((await attemptOf(debtor, started.value.attemptId))!.status).toBe('expired')
    expect(await remainingOf(debtor)).toEqual([1_500])
  })

  test('A chargeback re-opens the balance and notifies the creditor; a won dispute gives the money back as credit (case 17)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 9_000 }, { totalMinor: 1_000 }], entityEmail: 'credit@creditor.example' })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    const sessionId = await sessionOf(debtor, started.value.attemptId)
    await stripe.complete(sessionId, 'paid')
    const intent = stripe.sessions.get(sessionId)!.payment_intent!
    await stripe.dispute(intent, 10_000)
    expect(await remainingOf(debtor)).toEqual([9_000, 1_000])
    const { paymentId } = (await attemptOf(debtor, started.value.attemptId))!
    expect(await listReversalsOfPayment(db, paymentId!)).toMatchObject([{ kind: 'chargeback', status: 'succeeded', amountMinor: 10_000 }])
    const audit = (await tableAsText(db, 'audit_events')).filter((row) => row.includes('payment.chargeback.succeeded') && row.includes(paymentId!))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toContain(`du_test_${intent.slice(-12)}`)
    expect((await listOutboxMessages(db)).some((m) => m.customerId === debtor.customer.id && m.template === 'payment-chargeback')).toBe(true)
    await stripe.dispute(intent, 10_000, 'won')
    expect(await findPaymentTotals(db, paymentId!)).toMatchObject({ reversedMinor: 0 })
    expect(await listCustomerCredit(db, debtor.customer.id)).toEqual([{ currency: 'EUR', creditMinor: 10_000 }])
  })

  test('A partial refund retried after a timeout is one refund at Stripe; more than captured is refused (case 18)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 10_000 }] })
    const started = await start(debtor)
    if (!started.ok) throw new Error(started.error.code)
    await stripe.complete(await sessionOf(debtor, started.value.attemptId), 'paid')
    const { paymentId } = (await attemptOf(debtor, started.value.attemptId))!
    const slowGateway = testGateway({ stripeUrl: stripe.url, portalUrl: host.url, stripeTimeoutMs: 300 })
    stripe.delayNextResponses(1, 1_000)
    const refund = await refundOnlinePayment(db, slowGateway, {
      entityCode: debtor.entity.code,
      paymentId: paymentId!,
      amountMinor: 4_000,
      actor: { type: 'staff', id: null },
      now: NOW(),
    })
    if (!refund.ok) throw new Error(refund.error)
    const again = await refundOnlinePayment(db, gateway, { entityCode: debtor.entity.code, reversalId: refund.value.reversalId, actor: { type: 'staff', id: null }, now: NOW() })
    expect(again.ok).toBe(true)
    const atStripe = [...stripe.refunds.values()].filter((r) => (r.metadata as Record<string, string>).payment_reversal_id === refund.value.reversalId)
    expect(atStripe).toHaveLength(1)
    expect(await remainingOf(debtor)).toEqual([4_000])
    const tooMuch = await refundOnlinePayment(db, gateway, {
      entityCode: debtor.entity.code,
      paymentId: paymentId!,
      amountMinor: 6_001,
      actor: { type: 'staff', id: null },
      now: NOW(),
    })
    expect(tooMuch).toEqual({ ok: false, error: 'exceeds-refundable' })
    await new Promise((resolve) => setTimeout(resolve, 300)) // the refund.created webhook comes after: a no-op
    expect(await listReversalsOfPayment(db, paymentId!)).toMatchObject([{ kind: 'refund', status: 'succeeded', appliedMinor: 4_000 }])
  })

  test('A checkout creation that timed out is continued with the same key and finds the same session (case 19)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 7_700 }] })
    const noRetry = testGateway({ stripeUrl: stripe.url, portalUrl: host.url, stripeTimeoutMs: 200 })
    stripe.delayNextResponses(3, 600) // the SDK's own retries time out too
    const failed = await startOnlinePayment(db, noRetry, {
      customerId: debtor.customer.id,
      entityId: debtor.entity.id,
      contactId: debtor.contact.id,
      currency: 'EUR',
      invoiceIds: [debtor.invoices[0]!.id],
      partialAmount: null,
      method: 'stripe',
      locale: 'fr',
      portalUrl: host.url,
      now: NOW(),
      ipAddress: null,
    })
    expect(failed).toMatchObject({ ok: false, error: { code: 'provider-unavailable' } })
    if (failed.ok || failed.error.code !== 'provider-unavailable') return
    expect((await attemptOf(debtor, failed.error.attemptId))!.status).toBe('created')
    await new Promise((resolve) => setTimeout(resolve, 700))
    const continued = await continueOnlinePayment(db, gateway, { attemptId: failed.error.attemptId, customerId: debtor.customer.id, portalUrl: host.url })
    expect(continued.ok).toBe(true)
    const key = `pa_${failed.error.attemptId}:checkout`
    const created = stripe.requests.filter((r) => r.idempotencyKey === key)
    expect(created.filter((r) => !r.replayed)).toHaveLength(1)
    expect(created.length).toBeGreaterThan(1)
  })

  test('Debtor pays a GBP invoice through Mollie; its unsigned webhook is answered by fetching the payment (cases 8, 9, 10)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 7_000, currency: 'GBP' }], bankAccountCurrencies: [] })
    const started = await start(debtor, { currency: 'GBP', method: 'mollie' })
    if (!started.ok) throw new Error(started.error.code)
    const paymentId = await sessionOf(debtor, started.value.attemptId)
    expect(mollie.payments.get(paymentId)!.amount).toEqual({ currency: 'GBP', value: '70.00' })
    const post = (body: string) =>
      fetch(`${host.url}/webhooks/mollie/${debtor.entity.code}`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect((await post('id=tr_fake123')).status).toBe(200) // case 8: unknown to Mollie, no change
    expect((await post('id=../../v2/refunds')).status).toBe(400) // case 10
    mollie.setStatus(paymentId, 'paid')
    await mollie.callWebhook(paymentId)
    await mollie.callWebhook(paymentId) // Mollie calls again: the same state is the same event
    expect(await remainingOf(debtor)).toEqual([0])
    const events = await listProviderEventsOfEntity(db, debtor.entity.id)
    expect(events.filter((e) => e.outcome === 'applied')).toHaveLength(1)
    // case 9: a payment of another Mollie account, posted to this creditor's endpoint, cannot even be read.
    const otherAccount = new MollieProvider({ apiKey: new Secret('test_otherCreditor0000000000000'), apiEndpoint: mollie.apiEndpoint, currencies: null })
    const foreign = await otherAccount.createCheckout({
      attemptId: started.value.attemptId,
      idempotencyKey: 'other-account',
      entityCode: debtor.entity.code,
      amount: { amountMinor: 7_000, currency: 'GBP' },
      lines: [],
      description: 'x',
      locale: 'en',
      customerEmail: null,
      returnUrl: host.url,
      cancelUrl: host.url,
      webhookUrl: host.url,
      expiresAt: new Date(),
    })
    mollie.setStatus(foreign.providerRef, 'paid')
    const answer = await post(`id=${foreign.providerRef}`)
    expect([answer.status, await answer.text()]).toEqual([200, 'unknown'])
    expect(await countAllocationsByPayment(db, [])).toEqual([])
    expect((await listProviderEventsOfEntity(db, debtor.entity.id)).filter((e) => e.outcome === 'applied')).toHaveLength(1)
  })

  test('Unsigned Mollie calls are limited per address, and oversized bodies are refused unread (case 8)', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 1_000 }] })
    // One instant for every call: the limit counts per fixed 60-second window, and 301 calls on the clock could
    // straddle two windows.
    const inOneWindow = new Date('2026-03-01T10:00:30Z')
    const call = (rawBody: string, ipAddress: string) =>
      receiveProviderWebhook(db, gateway, { provider: 'mollie', entityCode: debtor.entity.code, rawBody, header: () => null, now: inOneWindow, ipAddress })
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`
    const answers = []
    for (let i = 0; i < WEBHOOK_RATE_LIMITS.mollieCalls.limit + 1; i++) answers.push((await call('id=bad', ip)).status)
    expect(answers.slice(0, -1).every((status) => status === 400)).toBe(true)
    expect(answers.at(-1)).toBe(429)
    expect((await call(`id=tr_${'a'.repeat(300_000)}`, '198.51.100.251')).status).toBe(413)
  })

  test('A bank transfer gives a valid structured reference and settles nothing by itself', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 12_345 }] })
    const started = await start(debtor, { method: 'bank_transfer' })
    if (!started.ok) throw new Error(started.error.code)
    expect(started.value.redirectTo).toBeNull()
    const attempt = await attemptOf(debtor, started.value.attemptId)
    expect(attempt).toMatchObject({ provider: 'bank_transfer', status: 'pending', amountMinor: 12_345 })
    expect(isValidCreditorReference(attempt!.bankReference!)).toBe(true)
  })

  test('The pay page offers the methods the entity takes for each currency, one group per currency', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 1_000 }, { totalMinor: 2_000, currency: 'GBP' }], bankAccountCurrencies: ['EUR'] })
    const options = await loadPaymentOptions(db, gateway, {
      customerId: debtor.customer.id,
      entityId: debtor.entity.id,
      selection: { kind: 'invoices', invoiceIds: debtor.invoices.map((i) => i.id) },
      today: '2026-03-01',
    })
    expect(options!.groups.map((g) => [g.currency, g.totalMinor, g.methods.filter((m) => m.available).map((m) => m.method)])).toEqual([
      ['EUR', 1_000, ['stripe', 'mollie', 'sandbox', 'bank_transfer']],
      ['GBP', 2_000, ['stripe', 'mollie', 'sandbox']],
    ])
    const overdue = await loadPaymentOptions(db, gateway, { customerId: debtor.customer.id, entityId: debtor.entity.id, selection: { kind: 'overdue' }, today: '2026-03-01' })
    expect(overdue!.groups).toHaveLength(2)
  })
})
