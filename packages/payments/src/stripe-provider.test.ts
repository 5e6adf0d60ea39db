import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { money } from '@quittance/domain/money/money'
import { parsePaymentConfiguration, type StripeSettings } from './configuration'
import { ProviderError, type CheckoutRequest } from './provider'
import { StripeProvider } from './stripe-provider'
import { startFakeStripe, type FakeStripe } from './testing/fake-stripe-server'

// The real `stripe` SDK, pointed at a local fake that speaks Stripe's HTTP API: nothing of ours is mocked.
const SECRET_KEY = 'sk_test_fakekey123'
const WEBHOOK_SECRET = 'whsec_fake_secret'

function settings(apiBase: string, overrides: Record<string, unknown> = {}): StripeSettings {
  const parsed = parsePaymentConfiguration(
    JSON.stringify({ X: { stripe: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiBase, ...overrides } } }),
    { sandboxSecret: 's' },
  )
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value.entities.get('X')!.stripe!
}

const request = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  attemptId: '6f1c1e9e-0000-4000-8000-000000000001',
  idempotencyKey: 'pa_6f1c1e9e-0000-4000-8000-000000000001:create_checkout',
  entityCode: 'ACME',
  amount: money(12_550, 'EUR'),
  lines: [
    { label: 'Invoice F-1', amountMinor: 10_000 },
    { label: 'Invoice F-2', amountMinor: 2_550 },
  ],
  description: 'Invoices F-1, F-2',
  locale: 'fr',
  customerEmail: 'ap@example.test',
  returnUrl: 'http://portal.test/fr/payments/x',
  cancelUrl: 'http://portal.test/fr/payments/x?cancelled=1',
  webhookUrl: 'http://portal.test/webhooks/stripe/ACME',
  expiresAt: new Date(Date.now() + 3_600_000),
  ...overrides,
})

describe('Stripe hosted Checkout through the real SDK', () => {
  let fake: FakeStripe
  let stripe: StripeProvider
  beforeAll(async () => {
    fake = await startFakeStripe({ accounts: [{ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, webhookUrl: () => null }] })
    stripe = new StripeProvider(settings(fake.url))
  })
  afterAll(async () => {
    await fake?.close()
  })

  test('creates one session with a line per invoice, in Stripe amounts, with our idempotency key', async () => {
    const session = await stripe.createCheckout(request())
    expect(session.checkoutUrl).toBe(`${fake.url}/checkout/${session.providerRef}`)
    const stored = fake.sessions.get(session.providerRef)!
    expect(stored.amount_total).toBe(12_550)
    expect(stored.currency).toBe('eur')
    expect(stored.metadata).toEqual({ payment_attempt_id: request().attemptId, entity_code: 'ACME' })
    expect(fake.requests.at(-1)?.idempotencyKey).toBe(request().idempotencyKey)
  })

  test('a JPY payment of 1,000 reaches Stripe as 1000, not 100000', async () => {
    const session = await stripe.createCheckout(
      request({ attemptId: 'jpy', idempotencyKey: 'pa_jpy:create_checkout', amount: money(1_000, 'JPY'), lines: [{ label: 'F-9', amountMinor: 1_000 }] }),
    )
    expect(fake.sessions.get(session.providerRef)!.amount_total).toBe(1_000)
  })

  test('a timed-out creation retried with the same key returns the same session (case 19)', async () => {
    const slow = new StripeProvider(settings(fake.url, { timeoutMs: 300 }))
    fake.delayNextResponses(1, 1_000)
    const input = request({ attemptId: 'retry', idempotencyKey: 'pa_retry:create_checkout' })
    const session = await slow.createCheckout(input)
    const again = await slow.createCheckout(input)
    expect(again.providerRef).toBe(session.providerRef)
    const calls = fake.requests.filter((r) => r.idempotencyKey === 'pa_retry:create_checkout')
    expect(calls.length).toBeGreaterThanOrEqual(3)
    expect(calls.filter((r) => !r.replayed)).toHaveLength(1)
  })

  test('the same key with other parameters is an idempotency error, caught as such (case 19)', async () => {
    await stripe.createCheckout(request({ attemptId: 'conflict', idempotencyKey: 'pa_conflict:create_checkout' }))
    const error = await stripe
      .createCheckout(request({ attemptId: 'conflict', idempotencyKey: 'pa_conflict:create_checkout', amount: money(1, 'EUR'), lines: [{ label: 'x', amountMinor: 1 }] }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as ProviderError).kind).toBe('idempotency-conflict')
    expect(String((error as Error).message)).not.toContain(SECRET_KEY)
  })

  describe('webhook verification on the raw body', () => {
    const body = () => JSON.stringify(fake.event('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent', amount_received: 500, currency: 'eur', metadata: { payment_attempt_id: 'a1' } }), null, 2)
    const read = (rawBody: string, signature: string | null) =>
      stripe.readWebhook({ rawBody, header: (name) => (name === 'stripe-signature' ? signature : null) })

    test('accepts a body signed with the endpoint secret and reads the payment it confirms', async () => {
      const raw = body()
      const reading = await read(raw, fake.sign(raw, WEBHOOK_SECRET))
      expect(reading.ok && reading.notification?.observations[0]).toMatchObject({ kind: 'payment', status: 'succeeded', attemptId: 'a1', amount: money(500, 'EUR') })
    })

    test('refuses a missing signature (case 1)', async () => {
      expect(await read(body(), null)).toEqual({ ok: false, reason: 'missing-signature' })
    })

    test('refuses a signature 301 s old (case 2)', async () => {
      const raw = body()
      const old = Math.floor(Date.now() / 1000) - 301
      expect(await read(raw, fake.sign(raw, WEBHOOK_SECRET, old))).toEqual({ ok: false, reason: 'timestamp-outside-tolerance' })
    })

    test('refuses a body re-serialised after signing (case 3)', async () => {
      const raw = body()
      const reserialised = JSON.stringify(JSON.parse(raw))
      expect(await read(reserialised, fake.sign(raw, WEBHOOK_SECRET))).toEqual({ ok: false, reason: 'bad-signature' })
    })

    test('refuses another secret, and a live event on a test endpoint (case 6)', async () => {
      const raw = body()
      expect(await read(raw, fake.sign(raw, 'whsec_other'))).toEqual({ ok: false, reason: 'bad-signature' })
      const live = JSON.stringify(fake.event('payment_intent.succeeded', { id: 'pi_2', object: 'payment_intent', metadata: {} }, true))
      expect(await read(live, fake.sign(live, WEBHOOK_SECRET))).toEqual({ ok: false, reason: 'mode-mismatch' })
    })

    test('accepts either secret during a rotation', async () => {
      const rotating = new StripeProvider(settings(fake.url, { webhookSecret: ['whsec_new', WEBHOOK_SECRET] }))
      const raw = body()
      const reading = await rotating.readWebhook({ rawBody: raw, header: () => fake.sign(raw, WEBHOOK_SECRET) })
      expect(reading.ok).toBe(true)
    })
  })

  test('keys never show when the settings are printed or serialised', () => {
    const s = settings(fake.url)
    expect(JSON.stringify(s)).not.toContain(SECRET_KEY)
    expect(JSON.stringify(s)).not.toContain(WEBHOOK_SECRET)
    expect(String(s.secretKey)).toBe('[redacted]')
  })
})
