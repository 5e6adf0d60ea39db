import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findAttemptForCustomer, listPayableInvoices } from '@quittance/db/repositories/online-payments'
import { createPayingDebtor } from '@quittance/db/seed/factories-payments'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { startFakeStripe, type FakeStripe } from '@quittance/payments/testing/fake-stripe-server'
import { TEST_STRIPE_KEY, TEST_STRIPE_WEBHOOK_SECRET, testGateway } from '@quittance/use-cases/online-payments/online-payments-harness'
import { startOnlinePayment } from '@quittance/use-cases/online-payments/start-online-payment'
import { startPaymentReconciliation } from './payment-reconciliation'

// The schedule a job-running process starts: a checkout paid at Stripe whose webhook never came is found and
// applied by the loop on its own, once. The fake Stripe server has no webhook URL, so only the loop can tell.

describe.each(TEST_DATABASE_KINDS)('the payment reconciliation schedule on %s', (kind) => {
  let database: TestDatabase
  let stripe: FakeStripe
  let gateway: PaymentGateway

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    stripe = await startFakeStripe({ accounts: [{ secretKey: TEST_STRIPE_KEY, webhookSecret: TEST_STRIPE_WEBHOOK_SECRET, webhookUrl: () => null }] })
    gateway = testGateway({ stripeUrl: stripe.url, portalUrl: 'http://127.0.0.1:9' })
  })
  afterAll(async () => {
    await stripe?.close()
    await database?.drop()
  })

  test('applies a payment whose webhook was lost, and logs what it did', async () => {
    const { db } = database
    const debtor = await createPayingDebtor(db, { bankAccountCurrencies: [], invoices: [{ totalMinor: 4_200 }] })
    const started = await startOnlinePayment(db, gateway, {
      customerId: debtor.customer.id,
      entityId: debtor.entity.id,
      contactId: debtor.contact.id,
      currency: 'EUR',
      invoiceIds: debtor.invoices.map((i) => i.id),
      partialAmount: null,
      method: 'stripe',
      locale: 'fr',
      portalUrl: 'http://127.0.0.1:9',
      now: new Date(),
      ipAddress: null,
    })
    if (!started.ok) throw new Error(started.error.code)
    const attempt = (await findAttemptForCustomer(db, { attemptId: started.value.attemptId, customerId: debtor.customer.id }))!
    Object.assign(stripe.sessions.get(attempt.providerRef!)!, { status: 'complete', payment_status: 'paid', payment_intent: 'pi_lost_webhook' })
    const remaining = async () =>
      (await listPayableInvoices(db, { customerId: debtor.customer.id, invoiceIds: debtor.invoices.map((i) => i.id) }))[0]!.remainingMinor

    const lines: Record<string, unknown>[] = []
    // Twenty minutes later, the attempt counts as stale.
    const schedule = startPaymentReconciliation({ db, gateway, everyMs: 50, now: () => new Date(Date.now() + 20 * 60_000), log: (line) => lines.push(line) })
    try {
      const deadline = Date.now() + 20_000
      while ((await remaining()) !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      await schedule.stop()
    }
    expect(await remaining()).toBe(0)
    const after = (await findAttemptForCustomer(db, { attemptId: attempt.id, customerId: debtor.customer.id }))!
    expect(after).toMatchObject({ status: 'succeeded', paymentAmountMinor: 4_200 })
    expect(after.allocations).toHaveLength(1)
    expect(lines.filter((line) => line.message === 'payments reconciled')).toEqual([
      expect.objectContaining({ level: 'info', checked: 1, outcomes: expect.objectContaining({ applied: 1 }) }),
    ])
  })
})
