import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { openDatabase, type Database } from '@quittance/db/client'
import { findInvoiceForBackoffice } from '@quittance/db/repositories/backoffice-invoices'
import { findPaymentForBackoffice, sumAllocationsOfInvoice } from '@quittance/db/repositories/backoffice-payments'
import { applyReversalAmounts, insertReversal } from '@quittance/db/repositories/online-payments'
import { createCustomer, createInvoice, createPayment } from '@quittance/db/seed/factories'
import { createLetteringScenario, createStaffMember } from '@quittance/db/seed/factories-finance'
import { tableAsText } from '@quittance/db/testing/inspect'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { allocatePayment } from './allocate-payment'

const ALL: CustomerVisibility = { kind: 'all' }
type Scenario = Awaited<ReturnType<typeof createLetteringScenario>>

/** A customer with two open EUR invoices, a GBP one, and a 300 EUR payment of which 100 is already lettered. */
async function creditScenario(db: TestDatabase['db']) {
  const s = await createLetteringScenario(db, {
    invoices: [
      ['A', '2026-03-01', 10_000],
      ['B', '2026-04-01', 25_000],
      ['G', '2026-04-01', 9_000, 'GBP'],
    ],
  })
  const payment = await createPayment(db, {
    entityId: s.entity.id,
    customerId: s.customer.id,
    currency: 'EUR',
    amountMinor: 30_000,
    receivedOn: '2026-05-01',
    allocations: [{ invoiceId: s.invoices.A!.id, amountMinor: 10_000 }],
  })
  return { ...s, payment }
}

describe.each(TEST_DATABASE_KINDS)('allocating a payment’s credit on %s', (kind) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  const allocate = (s: Scenario & { payment: { id: string } }, allocations: { invoiceId: string; amount: string }[], visibility: CustomerVisibility = ALL) =>
    allocatePayment(database.db, { paymentId: s.payment.id, allocations, visibility, actor: { id: s.actor.id } })

  test('letters the unallocated remainder to another open invoice and audits it', async () => {
    const s = await creditScenario(database.db)
    const result = await allocate(s, [{ invoiceId: s.invoices.B!.id, amount: '150,00' }])
    expect(result).toEqual({ ok: true, value: { allocatedMinor: 15_000, unallocatedMinor: 5_000 } })
    const payment = await findPaymentForBackoffice(database.db, { paymentId: s.payment.id, visibility: ALL })
    expect(payment).toMatchObject({ allocatedMinor: 25_000, unallocatedMinor: 5_000 })
    expect(payment?.allocations).toHaveLength(2)
    expect((await findInvoiceForBackoffice(database.db, { invoiceId: s.invoices.B!.id, visibility: ALL }))?.paidMinor).toBe(15_000)
    const audit = (await tableAsText(database.db, 'audit_events')).map((row) => JSON.parse(row) as Record<string, unknown>)
    const event = audit.find((e) => e.action === 'payment.allocated' && e.subject_id === s.payment.id)
    expect(event?.before).toMatchObject({ unallocatedMinor: 20_000, invoices: [{ paidMinor: 0 }] })
    expect(event?.after).toMatchObject({ unallocatedMinor: 5_000, invoices: [{ paidMinor: 15_000 }] })
  })

  test.each([
    { name: 'more than the payment has left', typed: (s: Scenario) => [{ invoiceId: s.invoices.B!.id, amount: '200,01' }], error: { code: 'exceeds-available', availableMinor: 20_000, requestedMinor: 20_001 } },
    { name: 'more than the invoice owes', typed: (s: Scenario) => [{ invoiceId: s.invoices.A!.id, amount: '0,01' }], error: { code: 'exceeds-remaining', remainingMinor: 0 } },
    { name: 'an invoice in another currency', typed: (s: Scenario) => [{ invoiceId: s.invoices.G!.id, amount: '1' }], error: { code: 'invoice-in-another-currency', invoiceCurrency: 'GBP' } },
    { name: 'another customer’s invoice', typed: (_s: Scenario, foreign: string) => [{ invoiceId: foreign, amount: '1' }], error: { code: 'invoice-of-another-customer' } },
    { name: 'nothing at all', typed: (s: Scenario) => [{ invoiceId: s.invoices.B!.id, amount: '' }], error: { code: 'nothing-to-allocate' } },
    { name: 'a negative amount', typed: (s: Scenario) => [{ invoiceId: s.invoices.B!.id, amount: '-5' }], error: { code: 'invalid-allocation-amount', reason: 'negative' } },
    { name: 'three decimals in euros', typed: (s: Scenario) => [{ invoiceId: s.invoices.B!.id, amount: '0,001' }], error: { code: 'invalid-allocation-amount', reason: 'too-many-decimals' } },
  ])('refuses $name and changes nothing', async ({ typed, error }) => {
    const s = await creditScenario(database.db)
    const otherCustomer = await createCustomer(database.db, { entityId: s.entity.id })
    const foreign = await createInvoice(database.db, { entityId: s.entity.id, customerId: otherCustomer.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 5_000 })
    expect(await allocate(s, typed(s, foreign.id))).toMatchObject({ ok: false, error })
    expect(await findPaymentForBackoffice(database.db, { paymentId: s.payment.id, visibility: ALL })).toMatchObject({ unallocatedMinor: 20_000 })
    expect((await sumAllocationsOfInvoice(database.db, s.invoices.B!.id)).paidMinor).toBe(0)
    expect((await sumAllocationsOfInvoice(database.db, foreign.id)).paidMinor).toBe(0)
  })

  test('money refunded from the credit cannot be lettered any more', async () => {
    const s = await creditScenario(database.db)
    // 150 of the 200 left are refunded to the customer.
    const reversalId = await insertReversal(database.db, {
      paymentId: s.payment.id, entityId: s.entity.id, customerId: s.customer.id, kind: 'refund', status: 'succeeded', provider: 'bank_transfer',
      providerRef: null, idempotencyKey: null, currency: 'EUR', amountMinor: 15_000, reason: null,
    })
    await applyReversalAmounts(database.db, { reversalId, paymentId: s.payment.id, reversedDelta: 15_000, fromInvoices: [] })
    expect(await findPaymentForBackoffice(database.db, { paymentId: s.payment.id, visibility: ALL })).toMatchObject({ unallocatedMinor: 5_000 })
    expect(await allocate(s, [{ invoiceId: s.invoices.B!.id, amount: '50,01' }])).toEqual({
      ok: false,
      error: { code: 'exceeds-available', availableMinor: 5_000, requestedMinor: 5_001 },
    })
    expect(await allocate(s, [{ invoiceId: s.invoices.B!.id, amount: '50,00' }])).toEqual({ ok: true, value: { allocatedMinor: 5_000, unallocatedMinor: 0 } })
  })

  test('parses in the payment’s currency: a yen payment refuses decimals', async () => {
    const s = await createLetteringScenario(database.db, { customerCurrency: 'JPY', invoices: [['J', '2026-03-01', 50_000]] })
    const payment = await createPayment(database.db, { entityId: s.entity.id, customerId: s.customer.id, currency: 'JPY', amountMinor: 60_000, receivedOn: '2026-05-01', allocations: [] })
    const scenario = { ...s, payment }
    expect(await allocate(scenario, [{ invoiceId: s.invoices.J!.id, amount: '100,5' }])).toMatchObject({ ok: false, error: { code: 'invalid-allocation-amount', reason: 'too-many-decimals' } })
    expect(await allocate(scenario, [{ invoiceId: s.invoices.J!.id, amount: '50 000' }])).toEqual({ ok: true, value: { allocatedMinor: 50_000, unallocatedMinor: 10_000 } })
  })

  test('answers “not found” for an unknown payment and for a sales owner’s view of another customer', async () => {
    const s = await creditScenario(database.db)
    const sales = await createStaffMember(database.db, { role: 'sales' })
    expect(await allocatePayment(database.db, { paymentId: '00000000-0000-4000-8000-000000000009', allocations: [], visibility: ALL, actor: { id: s.actor.id } })).toEqual({ ok: false, error: { code: 'payment-not-found' } })
    expect(await allocate(s, [{ invoiceId: s.invoices.B!.id, amount: '1' }], { kind: 'owned-by', staffUserId: sales.id })).toEqual({ ok: false, error: { code: 'payment-not-found' } })
  })
})

describe('two people lettering one payment’s credit at once (PostgreSQL)', () => {
  let database: TestDatabase
  const clients: Database[] = []

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    for (let i = 0; i < 4; i++) clients.push(await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 4 }))
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await database?.drop()
  })

  test('cannot spend the same credit twice, across different invoices', async () => {
    const s = await createLetteringScenario(database.db, {
      invoices: Array.from({ length: 10 }, (_, i) => [`I${i}`, `2026-03-${String(i + 1).padStart(2, '0')}`, 50_000] as [string, string, number]),
    })
    const payment = await createPayment(database.db, { entityId: s.entity.id, customerId: s.customer.id, currency: 'EUR', amountMinor: 25_000, receivedOn: '2026-05-01', allocations: [] })
    // Ten people each put 100 of a 250 credit against a different invoice: only two can.
    const results = await Promise.all(
      Object.values(s.invoices).map((invoice, i) =>
        allocatePayment(clients[i % clients.length]!.db, { paymentId: payment.id, allocations: [{ invoiceId: invoice.id, amount: '100' }], visibility: ALL, actor: { id: s.actor.id } }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'exceeds-available' } })
    const found = await findPaymentForBackoffice(database.db, { paymentId: payment.id, visibility: ALL })
    expect(found).toMatchObject({ allocatedMinor: 20_000, unallocatedMinor: 5_000 })
  })
})
