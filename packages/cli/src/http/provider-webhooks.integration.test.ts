import { createHmac } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '@quittance/db/client'
import { findAttemptForCustomer, listPayableInvoices } from '@quittance/db/repositories/online-payments'
import { createPayingDebtor } from '@quittance/db/seed/factories-payments'
import {
  createTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '@quittance/db/testing/test-databases'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { startFakeStripe, type FakeStripe } from '@quittance/payments/testing/fake-stripe-server'
import {
  TEST_STRIPE_KEY,
  TEST_STRIPE_WEBHOOK_SECRET,
  testGateway,
} from '@quittance/use-cases/online-payments/online-payments-harness'
import { startOnlinePayment } from '@quittance/use-cases/online-payments/start-online-payment'
import { providerWebhooks } from './provider-webhooks'
import { sameOriginGuard } from './same-origin-guard'
import { securityHeaders } from './security-headers'

// The host's webhook handler in front of a stand-in for Remix, with the real Stripe SDK and the local fake Stripe
// delivering its notifications to it.
describe.each(TEST_DATABASE_KINDS)('provider webhooks served before Remix on %s', (kind) => {
  let database: TestDatabase
  let db: Db
  let stripe: FakeStripe
  let gateway: PaymentGateway
  let server: Server
  let url: string

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    db = database.db
    const app = express()
    app.use(securityHeaders({ hsts: false }))
    app.use(sameOriginGuard({ trustProxy: false }))
    app.use(
      providerWebhooks({
        db,
        get payments() {
          return gateway
        },
      }),
    )
    app.all('*', (_req, res) => void res.status(299).type('text/plain').send('remix'))
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    stripe = await startFakeStripe({
      accounts: [
        {
          secretKey: TEST_STRIPE_KEY,
          webhookSecret: TEST_STRIPE_WEBHOOK_SECRET,
          webhookUrl: (metadata) =>
            metadata.entity_code ? `${url}/webhooks/stripe/${metadata.entity_code}` : null,
        },
      ],
    })
    gateway = testGateway({ stripeUrl: stripe.url, portalUrl: url })
  })
  afterAll(async () => {
    await stripe?.close()
    await new Promise((resolve) => server?.close(resolve))
    await database?.drop()
  })

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', ...headers },
    })

  test('a signed Stripe notification pays the invoice once; its repetition is a duplicate', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 4_200 }] })
    const started = await startOnlinePayment(db, gateway, {
      customerId: debtor.customer.id,
      entityId: debtor.entity.id,
      contactId: debtor.contact.id,
      currency: 'EUR',
      invoiceIds: debtor.invoices.map((i) => i.id),
      partialAmount: null,
      method: 'stripe',
      locale: 'fr',
      portalUrl: url,
      now: new Date(),
      ipAddress: null,
    })
    if (!started.ok) throw new Error(started.error.code)
    const attempt = await findAttemptForCustomer(db, {
      attemptId: started.value.attemptId,
      customerId: debtor.customer.id,
    })
    const [event] = await stripe.complete(attempt!.providerRef!, 'paid')
    expect(
      await findAttemptForCustomer(db, { attemptId: attempt!.id, customerId: debtor.customer.id }),
    ).toMatchObject({ status: 'succeeded' })
    const remaining = await listPayableInvoices(db, {
      customerId: debtor.customer.id,
      invoiceIds: debtor.invoices.map((i) => i.id),
    })
    expect(remaining.map((i) => i.remainingMinor)).toEqual([0])

    // The same bytes again, freshly signed as Stripe's retries are.
    const body = JSON.stringify(event, null, 2)
    const again = await post(`/webhooks/stripe/${debtor.entity.code}`, body, {
      'Stripe-Signature': sign(body),
    })
    expect(again.status).toBe(200)
    expect(await again.text()).toBe('duplicate')
    expect(again.headers.get('cache-control')).toBe('no-store')
    expect(again.headers.get('content-type')).toBe('text/plain; charset=utf-8') // as the Remix routes answer
    expect(again.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('refuses a bad signature, an unknown entity and an oversized body as the use case does', async () => {
    const debtor = await createPayingDebtor(db, { invoices: [{ totalMinor: 1_000 }] })
    const body = JSON.stringify({
      id: 'evt_x',
      object: 'event',
      type: 'checkout.session.completed',
      livemode: false,
      data: { object: {} },
    })
    const forged = await post(`/webhooks/stripe/${debtor.entity.code}`, body, {
      'Stripe-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
    })
    expect([forged.status, await forged.text()]).toEqual([400, 'refused'])
    const unsigned = await post(`/webhooks/stripe/${debtor.entity.code}`, body)
    expect([unsigned.status, await unsigned.text()]).toEqual([400, 'refused'])
    const unknown = await post('/webhooks/stripe/NO-SUCH-ENTITY', body, { 'Stripe-Signature': sign(body) })
    expect([unknown.status, await unknown.text()]).toEqual([404, 'unknown'])
    const huge = await post(`/webhooks/stripe/${debtor.entity.code}`, Buffer.alloc(300 * 1024, 'a'), {
      'Stripe-Signature': sign('x'),
    })
    expect([huge.status, await huge.text()]).toEqual([413, 'refused'])
  })

  test('leaves every other request to the app behind it', async () => {
    for (const [method, path] of [
      ['GET', '/webhooks/stripe/ANY'],
      ['POST', '/webhooks/sandbox/ANY'],
      ['POST', '/webhooks/stripe/A/B'],
      ['POST', '/webhooks/stripe/'],
    ] as const) {
      const response = await fetch(`${url}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) })
      expect([method, path, response.status, await response.text()]).toEqual([method, path, 299, 'remix'])
    }
  })
})

function sign(body: string) {
  const t = Math.floor(Date.now() / 1000)
  return `t=${t},v1=${createHmac('sha256', TEST_STRIPE_WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex')}`
}
