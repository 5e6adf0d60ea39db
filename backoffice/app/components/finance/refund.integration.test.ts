import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { STAFF_ROLES, type StaffRole } from '@quittance/domain/staff/permissions'
import { findAttemptForCustomer, listPayableInvoices, listReversalsOfPayment } from '@quittance/db/repositories/online-payments'
import { createPayingDebtor } from '@quittance/db/seed/factories-payments'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { completeSandboxCheckout } from '@quittance/use-cases/online-payments/complete-sandbox-checkout'
import { testGateway } from '@quittance/use-cases/online-payments/online-payments-harness'
import { startOnlinePayment } from '@quittance/use-cases/online-payments/start-online-payment'
import * as paymentRoute from '~/routes/_app.payments.$paymentId'
import { callRoute, signInEveryRole } from '~/testing/route-calls'

// A refund from the payment page, through the route's own loader and action with a real session of each role, the
// real use case and the sandbox provider the embedded default runs (Stripe and Mollie refunds are tested against
// their fake servers in use-cases). Both databases.

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 })

const NOW = new Date('2026-03-02T09:00:00Z')
const ORIGIN = 'http://backoffice.test'

describe.each(TEST_DATABASE_KINDS)('refunding an online payment from the back office, on %s', (kind) => {
  let database: TestDatabase
  let gateway: PaymentGateway
  let cookies: Record<StaffRole, string>

  const context = (): AppLoadContext => ({
    db: database.db,
    config: { publicUrl: ORIGIN, portalPublicUrl: 'http://portal.test', secureCookies: false },
    cspNonce: 'test',
    clientIp: '203.0.113.9',
    requestId: 'test',
    now: () => NOW,
    payments: gateway,
  })
  const page = (paymentId: string, role: StaffRole) =>
    callRoute(paymentRoute.loader, {
      request: new Request(`${ORIGIN}/payments/${paymentId}`, { headers: { Cookie: cookies[role] } }),
      context: context(),
      params: { paymentId },
    })
  const refund = (paymentId: string, role: StaffRole, amount: string) =>
    callRoute(paymentRoute.action, {
      request: new Request(`${ORIGIN}/payments/${paymentId}`, {
        method: 'POST',
        headers: { Cookie: cookies[role], 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'refund', refundAmount: amount }).toString(),
      }),
      context: context(),
      params: { paymentId },
    })

  /** A debtor who paid 120.00 EUR for two invoices through the sandbox checkout; returns the payment. */
  async function paidOnline() {
    const debtor = await createPayingDebtor(database.db, { invoices: [{ totalMinor: 10_000 }, { totalMinor: 2_000 }] })
    const started = await startOnlinePayment(database.db, gateway, {
      customerId: debtor.customer.id,
      entityId: debtor.entity.id,
      contactId: debtor.contact.id,
      currency: 'EUR',
      invoiceIds: debtor.invoices.map((i) => i.id),
      partialAmount: null,
      method: 'sandbox',
      locale: 'fr',
      portalUrl: 'http://portal.test',
      now: NOW,
      ipAddress: '203.0.113.9',
    })
    if (!started.ok) throw new Error(started.error.code)
    const outcome = await completeSandboxCheckout(database.db, gateway, {
      attemptId: started.value.attemptId,
      customerId: debtor.customer.id,
      outcome: 'succeeded',
      now: NOW,
      ipAddress: null,
    })
    expect(outcome).toBe('applied')
    const attempt = await findAttemptForCustomer(database.db, { attemptId: started.value.attemptId, customerId: debtor.customer.id })
    const remaining = async () =>
      (await listPayableInvoices(database.db, { customerId: debtor.customer.id, invoiceIds: debtor.invoices.map((i) => i.id) })).map((i) => i.remainingMinor)
    return { paymentId: attempt!.paymentId!, remaining }
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    gateway = testGateway({ portalUrl: 'http://portal.test' })
    cookies = (await signInEveryRole(database.db, context(), NOW)).cookies
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('a credit manager refunds part of a payment: the refund is listed, and the invoice it came from is open again', async () => {
    const { paymentId, remaining } = await paidOnline()
    const before = (await page(paymentId, 'credit_manager')).data as { canRefund: boolean; payment: { refundableInput: string } }
    expect(before.canRefund).toBe(true)
    expect(before.payment.refundableInput).toBe('120.00')
    expect(await remaining()).toEqual([0, 0])

    const answer = await refund(paymentId, 'credit_manager', '30,00')
    expect(answer).toMatchObject({ status: 303, location: `/payments/${paymentId}?saved=refunded` })
    expect((await listReversalsOfPayment(database.db, paymentId)).map((r) => [r.kind, r.status, r.amountMinor])).toEqual([['refund', 'succeeded', 3_000]])
    // The refund takes back from the invoices the payment settled, so 30.00 is owed again.
    expect((await remaining()).reduce((sum, minor) => sum + minor, 0)).toBe(3_000)

    const after = (await page(paymentId, 'credit_manager')).data as {
      payment: { refundableInput: string }
      reversals: { kind: string; status: string; amount: string }[]
    }
    expect(after.payment.refundableInput).toBe('90.00')
    expect(after.reversals).toMatchObject([{ kind: 'refund', status: 'succeeded' }])
  })

  test('more than is left, a bad amount or zero is refused with a message and changes nothing', async () => {
    const { paymentId, remaining } = await paidOnline()
    const tooMuch = await refund(paymentId, 'admin', '120.01')
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.data).toMatchObject({ intent: 'refund', fieldErrors: { refundAmount: { key: 'bo-finance.error.refund.exceedsRefundable' } } })
    const notANumber = await refund(paymentId, 'admin', 'douze')
    expect(notANumber.status).toBe(400)
    expect(notANumber.data).toMatchObject({ fieldErrors: { refundAmount: { key: 'bo-finance.error.amount.not-a-number' } } })
    const tooPrecise = await refund(paymentId, 'admin', '0,001')
    expect(tooPrecise.data).toMatchObject({ fieldErrors: { refundAmount: { key: 'bo-finance.error.amount.tooManyDecimals' } } })
    const zero = await refund(paymentId, 'admin', '0')
    expect(zero.status).toBe(422)
    expect(zero.data).toMatchObject({ fieldErrors: { refundAmount: { key: 'bo-finance.error.amountNotPositive' } } })
    expect(await listReversalsOfPayment(database.db, paymentId)).toEqual([])
    expect(await remaining()).toEqual([0, 0])
  })

  test.each(STAFF_ROLES.filter((role) => role !== 'admin' && role !== 'credit_manager'))(
    '%s: no refund form, and a refund they post is refused and changes nothing',
    async (role) => {
      const { paymentId } = await paidOnline()
      const seen = await page(paymentId, role)
      // Sales see only the customers they own, and this one is not theirs.
      expect(seen.status).toBe(role === 'sales' ? 404 : 200)
      if (role !== 'sales') expect((seen.data as { canRefund: boolean }).canRefund).toBe(false)
      expect((await refund(paymentId, role, '10.00')).status).toBe(403)
      expect(await listReversalsOfPayment(database.db, paymentId)).toEqual([])
    },
  )
})
