import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { money } from '@quittance/domain/money/money'
import { Secret } from './secret'
import { MollieProvider } from './mollie-provider'
import { startFakeMollie, type FakeMollie } from './testing/fake-mollie-server'

// The real `@mollie/api-client` against a local https fake with a certificate made by openssl at test time. Only
// this test process (a vitest fork) stops checking certificates.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'

const KEY_A = 'test_entityAkey000000000000000'
const KEY_B = 'test_entityBkey000000000000000'

describe('Mollie hosted checkout through the real SDK', () => {
  let fake: FakeMollie
  let mollieA: MollieProvider
  let mollieB: MollieProvider
  beforeAll(async () => {
    fake = await startFakeMollie({ apiKeys: [KEY_A, KEY_B] })
    mollieA = new MollieProvider({ apiKey: new Secret(KEY_A), apiEndpoint: fake.apiEndpoint, currencies: null })
    mollieB = new MollieProvider({ apiKey: new Secret(KEY_B), apiEndpoint: fake.apiEndpoint, currencies: null })
  })
  afterAll(async () => {
    await fake?.close()
  })

  const create = (attemptId: string, amount = money(7_000, 'GBP')) =>
    mollieA.createCheckout({
      attemptId,
      idempotencyKey: `pa_${attemptId}:create_checkout`,
      entityCode: 'A',
      amount,
      lines: [{ label: 'F-1', amountMinor: amount.amountMinor }],
      description: 'Invoice F-1',
      locale: 'en',
      customerEmail: null,
      returnUrl: 'http://portal.test/en/payments/x',
      cancelUrl: 'http://portal.test/en/payments/x',
      webhookUrl: 'http://portal.test/webhooks/mollie/A',
      expiresAt: new Date(),
    })

  test('creates a payment with an exact decimal amount and our idempotency key; a retry is the same payment', async () => {
    const first = await create('m1')
    const again = await create('m1')
    expect(again.providerRef).toBe(first.providerRef)
    expect(fake.payments.get(first.providerRef)!.amount).toEqual({ currency: 'GBP', value: '70.00' })
    expect(fake.requests.filter((r) => r.method === 'POST').every((r) => r.idempotencyKey?.startsWith('pa_'))).toBe(true)
  })

  test('answers a webhook by fetching the payment with our key, and reads it paid', async () => {
    const { providerRef } = await create('m2')
    fake.setStatus(providerRef, 'paid')
    const reading = await mollieA.readWebhook({ rawBody: `id=${providerRef}`, header: () => null })
    expect(reading.ok && reading.notification?.observations[0]).toMatchObject({
      kind: 'payment',
      status: 'succeeded',
      attemptId: 'm2',
      amount: money(7_000, 'GBP'),
      method: 'card',
    })
  })

  test('a forged id is unknown to Mollie: nothing to apply (case 8)', async () => {
    expect(await mollieA.readWebhook({ rawBody: 'id=tr_fake123', header: () => null })).toEqual({ ok: true, notification: null })
  })

  test("another creditor's payment cannot be read with this creditor's key (case 9)", async () => {
    const { providerRef } = await create('m3')
    expect(await mollieB.readWebhook({ rawBody: `id=${providerRef}`, header: () => null })).toEqual({ ok: true, notification: null })
  })

  test.each(['id=../../v2/refunds', `id=tr_${'a'.repeat(10_000)}`, 'id=', 'nothing'])(
    'refuses %s before any outbound call (case 10)',
    async (rawBody) => {
      const before = fake.requests.length
      expect(await mollieA.readWebhook({ rawBody, header: () => null })).toEqual({ ok: false, reason: 'malformed' })
      expect(fake.requests.length).toBe(before)
    },
  )

  test('a partial refund retried with the same key is one refund at Mollie (case 18)', async () => {
    const { providerRef } = await create('m4')
    fake.setStatus(providerRef, 'paid')
    const refund = { providerPaymentRef: providerRef, amount: money(1_000, 'GBP'), idempotencyKey: 'refund_r1', reversalId: 'r1' }
    const first = await mollieA.createRefund(refund)
    const second = await mollieA.createRefund(refund)
    expect(second.providerRef).toBe(first.providerRef)
    const reading = await mollieA.fetchPayment(providerRef)
    expect(reading?.observations.filter((o) => o.kind === 'refund')).toHaveLength(1)
  })
})
