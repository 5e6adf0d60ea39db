import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createCustomer, createEntity, createInvoice } from '@quittance/db/seed/factories'
import {
  createTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '@quittance/db/testing/test-databases'
import type { StaffRole } from '@quittance/domain/staff/permissions'
import * as newCreditNote from '~/routes/_app.credit-notes.new'
import * as newPayment from '~/routes/_app.payments.new'
import { callRoute, signInEveryRole } from '~/testing/route-calls'

// The first step the "record a payment" and "record a credit note" pages share (settlement-target.server.ts): the
// customer search, then the customer, its currency and open invoices, and the invoice the form was opened from.
// Through the routes' own loaders, with real sessions, on both databases.

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 })

const NOW = new Date('2026-03-02T09:00:00Z')
const ORIGIN = 'http://backoffice.test'

describe.each(TEST_DATABASE_KINDS)('choosing whom a payment or a credit note is for, on %s', (kind) => {
  let database: TestDatabase
  let cookies: Record<StaffRole, string>
  let customerId: string
  let eurInvoice: { id: string; number: string }

  const context = (): AppLoadContext => ({
    db: database.db,
    config: { publicUrl: ORIGIN, portalPublicUrl: 'http://portal.test', secureCookies: false },
    cspNonce: 'test',
    clientIp: '203.0.113.9',
    requestId: 'test',
    now: () => NOW,
    payments: {
      forEntity: () => ({ checkoutProviders: () => [], provider: () => null, bankTransfer: false }),
    },
  })
  const open = (route: { loader: (args: never) => unknown }, path: string, role: StaffRole) =>
    callRoute(route.loader, {
      request: new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookies[role] } }),
      context: context(),
      params: {},
    })

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    ;({ cookies } = await signInEveryRole(database.db, context(), NOW))
    const entity = await createEntity(database.db)
    const customer = await createCustomer(database.db, {
      entityId: entity.id,
      name: 'Atelier Dupuis',
      currency: 'EUR',
    })
    customerId = customer.id
    const invoice = (currency: string, totalMinor: number, dueDate: string) =>
      createInvoice(database.db, {
        entityId: entity.id,
        customerId,
        currency,
        totalMinor,
        issueDate: '2026-01-05',
        dueDate,
      })
    eurInvoice = await invoice('EUR', 45_000, '2026-02-04')
    await invoice('EUR', 12_000, '2026-02-20')
    await invoice('GBP', 9_900, '2026-02-10')
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('without a customer, the search finds it by name', async () => {
    const found = await open(newPayment, '/payments/new?q=Dupuis', 'collector')
    expect(found.status).toBe(200)
    expect(found.data).toMatchObject({ step: 'customer', q: 'Dupuis' })
    expect((found.data as { results: { id: string }[] }).results.map((r) => r.id)).toEqual([customerId])
  })

  test('opened from an invoice, the payment is for its remaining amount, in its currency, lettered to it', async () => {
    const page = await open(
      newPayment,
      `/payments/new?customerId=${customerId}&invoiceId=${eurInvoice.id}`,
      'collector',
    )
    expect(page.status).toBe(200)
    const data = page.data as {
      step: string
      currency: string
      currencies: string[]
      defaults: { amount: string }
      rows: { id: string }[]
      fromInvoice: { number: string }
    }
    expect(data.step).toBe('payment')
    expect(data.currency).toBe('EUR')
    expect(data.currencies).toEqual(['EUR', 'GBP'])
    expect(data.rows).toHaveLength(2)
    expect(data.fromInvoice.number).toBe(eurInvoice.number)
    expect(data.defaults.amount).toMatch(/^450[.,]00$/)
  })

  test('another currency lists its own open invoices; a credit note opened from an invoice names it', async () => {
    const gbp = await open(
      newPayment,
      `/payments/new?customerId=${customerId}&currency=GBP`,
      'credit_manager',
    )
    expect((gbp.data as { currency: string; rows: unknown[] }).currency).toBe('GBP')
    expect((gbp.data as { rows: unknown[] }).rows).toHaveLength(1)

    const note = await open(
      newCreditNote,
      `/credit-notes/new?customerId=${customerId}&invoiceId=${eurInvoice.id}`,
      'credit_manager',
    )
    expect(note.data).toMatchObject({
      step: 'credit-note',
      currency: 'EUR',
      fromInvoice: { number: eurInvoice.number },
    })
  })

  test('an unknown or malformed customer is a 404, and a role without the permission is refused', async () => {
    expect(
      (await open(newPayment, '/payments/new?customerId=00000000-0000-4000-8000-000000000000', 'collector'))
        .status,
    ).toBe(404)
    expect((await open(newPayment, '/payments/new?customerId=not-an-id', 'collector')).status).toBe(404)
    expect(
      (await open(newCreditNote, `/credit-notes/new?customerId=${customerId}`, 'collector')).status,
    ).toBe(403)
    expect((await open(newPayment, `/payments/new?customerId=${customerId}`, 'sales')).status).toBe(403)
  })
})
