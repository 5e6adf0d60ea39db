import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '@quittance/db/client'
import {
  countAllocationsByPayment,
  findAttemptForCustomer,
  listPayableInvoices,
} from '@quittance/db/repositories/online-payments'
import { createPayingDebtor } from '@quittance/db/seed/factories-payments'
import { listOutboxMessages } from '@quittance/db/testing/inspect'
import {
  createTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '@quittance/db/testing/test-databases'
import { startFakeMollie, type FakeMollie } from '@quittance/payments/testing/fake-mollie-server'
import { startFakeStripe, type FakeStripe } from '@quittance/payments/testing/fake-stripe-server'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import {
  TEST_MOLLIE_KEY,
  TEST_STRIPE_KEY,
  TEST_STRIPE_WEBHOOK_SECRET,
  testGateway,
} from './online-payments-harness'
import { receiveProviderWebhook } from './receive-provider-webhook'
import { reconcileOnlinePayments } from './reconcile-online-payments'
import { startOnlinePayment } from './start-online-payment'

// Attempts whose webhooks never came: the fakes change the payments' state without delivering anything (no webhook
// URL), and the reconciliation run asks them with the entity's key.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0' // the fake Mollie's self-signed certificate, in this process only

describe.each(TEST_DATABASE_KINDS)('reconciliation of online payments on %s', (kind) => {
  let database: TestDatabase
  let db: Db
  let stripe: FakeStripe
  let mollie: FakeMollie
  let gateway: PaymentGateway

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    db = database.db
    stripe = await startFakeStripe({
      accounts: [
        { secretKey: TEST_STRIPE_KEY, webhookSecret: TEST_STRIPE_WEBHOOK_SECRET, webhookUrl: () => null },
      ],
    })
    mollie = await startFakeMollie({ apiKeys: [TEST_MOLLIE_KEY] })
    gateway = testGateway({
      stripeUrl: stripe.url,
      mollieEndpoint: mollie.apiEndpoint,
      portalUrl: 'http://127.0.0.1:9',
    })
  })
  afterAll(async () => {
    await Promise.all([stripe?.close(), mollie?.close()])
    await database?.drop()
  })

  async function pending(method: 'stripe' | 'mollie', currency = 'EUR') {
    const debtor = await createPayingDebtor(db, {
      bankAccountCurrencies: [],
      invoices: [{ totalMinor: 3_000, currency }],
    })
    const started = await startOnlinePayment(db, gateway, {
      customerId: debtor.customer.id,
      entityId: debtor.entity.id,
      contactId: debtor.contact.id,
      currency,
      invoiceIds: debtor.invoices.map((i) => i.id),
      partialAmount: null,
      method,
      locale: 'fr',
      portalUrl: 'http://127.0.0.1:9',
      now: new Date(),
      ipAddress: null,
    })
    if (!started.ok) throw new Error(started.error.code)
    const attempt = (await findAttemptForCustomer(db, {
      attemptId: started.value.attemptId,
      customerId: debtor.customer.id,
    }))!
    expect(attempt.status).toBe('pending')
    const state = async () => {
      const now = (await findAttemptForCustomer(db, {
        attemptId: attempt.id,
        customerId: debtor.customer.id,
      }))!
      const [invoice] = await listPayableInvoices(db, {
        customerId: debtor.customer.id,
        invoiceIds: debtor.invoices.map((i) => i.id),
      })
      return { status: now.status, remainingMinor: invoice!.remainingMinor, paymentId: now.paymentId }
    }
    return { debtor, attempt, state }
  }
  const later = (minutes: number) => new Date(Date.now() + minutes * 60_000)

  test('applies what the providers say about stale attempts, once, through the webhook path', async () => {
    const paidAtStripe = await pending('stripe')
    const expiredAtStripe = await pending('stripe')
    const stillOpen = await pending('stripe')
    const paidAtMollie = await pending('mollie')
    const session = stripe.sessions.get(paidAtStripe.attempt.providerRef!)!
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: `pi_${paidAtStripe.attempt.id.slice(0, 8)}`,
    })
    Object.assign(stripe.sessions.get(expiredAtStripe.attempt.providerRef!)!, { status: 'expired' })
    mollie.setStatus(paidAtMollie.attempt.providerRef!, 'paid')

    // Not yet stale: nobody is asked.
    expect(await reconcileOnlinePayments(db, gateway, { now: new Date() })).toEqual({
      checked: 0,
      outcomes: {},
    })
    expect(await paidAtStripe.state()).toMatchObject({ status: 'pending', remainingMinor: 3_000 })

    const first = await reconcileOnlinePayments(db, gateway, { now: later(20) })
    expect(first.checked).toBeGreaterThanOrEqual(4) // and any stale attempt of the other tests of this file
    expect(await paidAtStripe.state()).toMatchObject({ status: 'succeeded', remainingMinor: 0 })
    expect(await paidAtMollie.state()).toMatchObject({ status: 'succeeded', remainingMinor: 0 })
    expect(await expiredAtStripe.state()).toMatchObject({ status: 'expired', remainingMinor: 3_000 })
    expect(await stillOpen.state()).toMatchObject({ status: 'pending', remainingMinor: 3_000 })

    // Again: the settled ones are no longer asked about; the open one is, and nothing changes twice.
    const second = await reconcileOnlinePayments(db, gateway, { now: later(20) })
    expect(second.outcomes.applied ?? 0).toBe(0)
    const paymentIds = [(await paidAtStripe.state()).paymentId!, (await paidAtMollie.state()).paymentId!]
    expect((await countAllocationsByPayment(db, paymentIds)).map((row) => row.count)).toEqual([1, 1])
    const receipts = (await listOutboxMessages(db)).filter(
      (m) =>
        m.template === 'payment-receipt' &&
        [paidAtStripe.debtor.customer.id, paidAtMollie.debtor.customer.id].includes(m.customerId!),
    )
    expect(receipts).toHaveLength(2)
    expect(await stillOpen.state()).toMatchObject({ status: 'pending' })
  })

  test('a webhook that arrives after the run changes nothing more', async () => {
    const paid = await pending('stripe')
    // No webhook URL: the state changes at Stripe, the events are kept here and delivered only after the run.
    const events = await stripe.complete(paid.attempt.providerRef!, 'paid')
    const run = await reconcileOnlinePayments(db, gateway, { now: later(20), limit: 50 })
    expect(run.outcomes.applied ?? 0).toBeGreaterThanOrEqual(1)
    const after = await paid.state()
    expect(after).toMatchObject({ status: 'succeeded', remainingMinor: 0 })
    for (const event of events) {
      const body = JSON.stringify(event, null, 2)
      const t = Math.floor(Date.now() / 1000)
      const signature = `t=${t},v1=${createHmac('sha256', TEST_STRIPE_WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex')}`
      const answer = await receiveProviderWebhook(db, gateway, {
        provider: 'stripe',
        entityCode: paid.debtor.entity.code,
        rawBody: body,
        header: (name) => (name.toLowerCase() === 'stripe-signature' ? signature : null),
        now: new Date(),
        ipAddress: null,
      })
      expect(answer).toMatchObject({ status: 200 })
      expect(answer.outcome).not.toBe('applied')
    }
    expect(await paid.state()).toEqual(after)
    expect((await countAllocationsByPayment(db, [after.paymentId!])).map((row) => row.count)).toEqual([1])
  })
})
