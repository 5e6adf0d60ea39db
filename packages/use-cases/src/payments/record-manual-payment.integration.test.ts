import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { openDatabase, type Database } from '@quittance/db/client'
import { listCustomerBalances } from '@quittance/db/repositories/customer-balances'
import { findInvoiceForBackoffice } from '@quittance/db/repositories/backoffice-invoices'
import { listPaymentsForBackoffice, sumAllocationsOfInvoice } from '@quittance/db/repositories/backoffice-payments'
import { createCustomer, createInvoice } from '@quittance/db/seed/factories'
import { createLetteringScenario, createStaffMember } from '@quittance/db/seed/factories-finance'
import { tableAsText } from '@quittance/db/testing/inspect'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { recordManualPayment, type RecordManualPaymentInput } from './record-manual-payment'

// 22:30 UTC on 15 June is already 16 June in Paris, the demo creditor's zone: "today" is the 16th.
const NOW = new Date('2026-06-15T22:30:00Z')
const ALL: CustomerVisibility = { kind: 'all' }

describe.each(TEST_DATABASE_KINDS)('recording a manual payment on %s', (kind) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  const scenario = () =>
    createLetteringScenario(database.db, {
      invoices: [
        ['OLD', '2026-03-01', 10_000],
        ['NEW', '2026-05-01', 20_000],
        ['GBP', '2026-04-01', 5_000, 'GBP'],
      ],
    })

  const record = (s: Awaited<ReturnType<typeof scenario>>, overrides: Partial<RecordManualPaymentInput> = {}) =>
    recordManualPayment(database.db, {
      customerId: s.customer.id,
      receivedOn: '2026-06-10',
      currency: 'EUR',
      amount: '250,00',
      method: 'bank_transfer',
      reference: null,
      allocations: [],
      visibility: ALL,
      actor: { id: s.actor.id },
      ipAddress: '198.51.100.7',
      now: NOW,
      ...overrides,
    })

  const invoiceSums = async (invoiceId: string) => {
    const invoice = await findInvoiceForBackoffice(database.db, { invoiceId, visibility: ALL })
    return { paidMinor: invoice!.paidMinor, creditedMinor: invoice!.creditedMinor, writtenOffMinor: invoice!.writtenOffMinor }
  }
  const paymentsOf = async (customerId: string) =>
    (await listPaymentsForBackoffice(database.db, { visibility: ALL, customerId, limit: 50, offset: 0 })).rows

  test('letters one payment against two invoices, keeps the surplus as credit, and audits before and after', async () => {
    const s = await scenario()
    const result = await record(s, {
      amount: '1 000,00',
      reference: 'VIR-2026-0042',
      allocations: [
        { invoiceId: s.invoices.OLD!.id, amount: '100.00' },
        { invoiceId: s.invoices.NEW!.id, amount: '50' },
      ],
    })
    expect(result.ok && result.value).toMatchObject({ allocatedMinor: 15_000, unallocatedMinor: 85_000 })
    expect(await invoiceSums(s.invoices.OLD!.id)).toEqual({ paidMinor: 10_000, creditedMinor: 0, writtenOffMinor: 0 })
    expect(await invoiceSums(s.invoices.NEW!.id)).toEqual({ paidMinor: 5_000, creditedMinor: 0, writtenOffMinor: 0 })
    expect(await listCustomerBalances(database.db, s.customer.id)).toMatchObject([
      { currency: 'EUR', openInvoiceCount: 1, outstandingMinor: 15_000 },
      { currency: 'GBP', openInvoiceCount: 1, outstandingMinor: 5_000 },
    ])
    const [payment] = await paymentsOf(s.customer.id)
    expect(payment).toMatchObject({ amountMinor: 100_000, allocatedMinor: 15_000, method: 'bank_transfer', reference: 'VIR-2026-0042', receivedOn: '2026-06-10' })

    const audit = (await tableAsText(database.db, 'audit_events')).map((row) => JSON.parse(row) as Record<string, unknown>)
    const event = audit.find((e) => e.action === 'payment.recorded' && e.subject_id === payment!.id)
    expect(event).toMatchObject({ actor_type: 'staff', actor_id: s.actor.id, customer_id: s.customer.id, entity_id: s.entity.id, ip_address: '198.51.100.7' })
    expect(event?.before).toMatchObject({ invoices: [{ paidMinor: 0 }, { paidMinor: 0 }] })
    expect(event?.after).toMatchObject({ payment: { amountMinor: 100_000, currency: 'EUR', reference: 'VIR-2026-0042' }, unallocatedMinor: 85_000 })
    expect((event?.after as { invoices: unknown[] }).invoices).toHaveLength(2)
  })

  test('records a payment with no allocation at all: everything is the customer’s credit', async () => {
    const s = await scenario()
    const result = await record(s, { amount: '42', allocations: [{ invoiceId: s.invoices.OLD!.id, amount: '' }, { invoiceId: s.invoices.NEW!.id, amount: '0' }] })
    expect(result.ok && result.value).toMatchObject({ allocatedMinor: 0, unallocatedMinor: 4_200 })
    expect(await invoiceSums(s.invoices.OLD!.id)).toEqual({ paidMinor: 0, creditedMinor: 0, writtenOffMinor: 0 })
  })

  test('accepts the creditor’s today, which may already be tomorrow in UTC', async () => {
    const s = await scenario()
    expect((await record(s, { receivedOn: '2026-06-16' })).ok).toBe(true)
  })

  test.each([
    { name: 'an amount above what the invoice still owes', overrides: (s: Scenario) => ({ amount: '500', allocations: [{ invoiceId: s.invoices.OLD!.id, amount: '100,01' }] }), error: { code: 'exceeds-remaining', remainingMinor: 10_000, requestedMinor: 10_001 } },
    { name: 'allocations above the payment', overrides: (s: Scenario) => ({ amount: '120', allocations: [{ invoiceId: s.invoices.OLD!.id, amount: '100' }, { invoiceId: s.invoices.NEW!.id, amount: '20,01' }] }), error: { code: 'exceeds-available', availableMinor: 12_000, requestedMinor: 12_001 } },
    { name: 'an invoice in another currency', overrides: (s: Scenario) => ({ allocations: [{ invoiceId: s.invoices.GBP!.id, amount: '10' }] }), error: { code: 'invoice-in-another-currency', invoiceCurrency: 'GBP' } },
    { name: 'another customer’s invoice', overrides: (_s: Scenario, foreign: string) => ({ allocations: [{ invoiceId: foreign, amount: '10' }] }), error: { code: 'invoice-of-another-customer' } },
    { name: 'an unknown invoice', overrides: () => ({ allocations: [{ invoiceId: '00000000-0000-4000-8000-000000000001', amount: '10' }] }), error: { code: 'invoice-not-found' } },
    { name: 'the same invoice twice', overrides: (s: Scenario) => ({ allocations: [{ invoiceId: s.invoices.OLD!.id, amount: '1' }, { invoiceId: s.invoices.OLD!.id, amount: '1' }] }), error: { code: 'duplicate-invoice' } },
    { name: 'a date after the creditor’s today', overrides: () => ({ receivedOn: '2026-06-17' }), error: { code: 'date-in-future', today: '2026-06-16' } },
    { name: 'a date that does not exist', overrides: () => ({ receivedOn: '2026-02-30' }), error: { code: 'invalid-date' } },
    { name: 'a zero amount', overrides: () => ({ amount: '0,00' }), error: { code: 'amount-not-positive' } },
    { name: 'a negative amount', overrides: () => ({ amount: '-10' }), error: { code: 'invalid-amount', reason: 'negative' } },
    { name: 'an empty amount', overrides: () => ({ amount: '  ' }), error: { code: 'invalid-amount', reason: 'empty' } },
    { name: 'words for an amount', overrides: () => ({ amount: 'cent euros' }), error: { code: 'invalid-amount', reason: 'not-a-number' } },
    { name: 'three decimals in euros', overrides: () => ({ amount: '10,0001' }), error: { code: 'invalid-amount', reason: 'too-many-decimals' } },
    { name: 'a negative allocation', overrides: (s: Scenario) => ({ allocations: [{ invoiceId: s.invoices.OLD!.id, amount: '-1' }] }), error: { code: 'invalid-allocation-amount', reason: 'negative' } },
    { name: 'an unknown currency', overrides: () => ({ currency: 'EURO' }), error: { code: 'invalid-currency' } },
    { name: 'a lower-case currency', overrides: () => ({ currency: 'eur' }), error: { code: 'invalid-currency' } },
    { name: 'a method staff cannot record', overrides: () => ({ method: 'sepa_debit' }), error: { code: 'invalid-method' } },
    { name: 'a reference longer than 100 characters', overrides: () => ({ reference: 'R'.repeat(101) }), error: { code: 'reference-too-long' } },
    { name: 'an unknown customer', overrides: () => ({ customerId: '00000000-0000-4000-8000-000000000002' }), error: { code: 'customer-not-found' } },
  ])('refuses $name and changes nothing', async ({ overrides, error }) => {
    const s = await scenario()
    const foreignCustomer = await createCustomer(database.db, { entityId: s.entity.id })
    const foreign = await createInvoice(database.db, { entityId: s.entity.id, customerId: foreignCustomer.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 9_000 })
    const auditBefore = (await tableAsText(database.db, 'audit_events')).length
    const result = await record(s, overrides(s, foreign.id))
    expect(result).toMatchObject({ ok: false, error })
    expect(await paymentsOf(s.customer.id)).toEqual([])
    expect(await invoiceSums(s.invoices.OLD!.id)).toEqual({ paidMinor: 0, creditedMinor: 0, writtenOffMinor: 0 })
    expect(await invoiceSums(foreign.id)).toEqual({ paidMinor: 0, creditedMinor: 0, writtenOffMinor: 0 })
    expect((await tableAsText(database.db, 'audit_events')).length).toBe(auditBefore)
  })

  test('refuses a reference already used in the entity, but not one used by another entity', async () => {
    const s = await scenario()
    expect((await record(s, { reference: 'CHQ-1234567' })).ok).toBe(true)
    expect(await record(s, { reference: '  CHQ-1234567 ' })).toEqual({ ok: false, error: { code: 'duplicate-reference' } })
    const elsewhere = await scenario()
    expect((await record(elsewhere, { reference: 'CHQ-1234567' })).ok).toBe(true)
    expect(await paymentsOf(s.customer.id)).toHaveLength(1)
  })

  test('works in yen (no decimals): decimals are refused, whole yen accepted', async () => {
    const s = await createLetteringScenario(database.db, { customerCurrency: 'JPY', invoices: [['JP', '2026-05-01', 385_000]] })
    const jp = s.invoices.JP!.id
    expect(await record(s, { currency: 'JPY', amount: '1000.5' })).toEqual({ ok: false, error: { code: 'invalid-amount', reason: 'too-many-decimals' } })
    expect(await record(s, { currency: 'JPY', amount: '1000', allocations: [{ invoiceId: jp, amount: '999,5' }] })).toMatchObject({ ok: false, error: { code: 'invalid-allocation-amount', reason: 'too-many-decimals' } })
    const ok = await record(s, { currency: 'JPY', amount: '400 000', allocations: [{ invoiceId: jp, amount: '385000' }] })
    expect(ok.ok && ok.value).toMatchObject({ allocatedMinor: 385_000, unallocatedMinor: 15_000 })
    expect(await invoiceSums(jp)).toMatchObject({ paidMinor: 385_000 })
  })

  test('works in Kuwaiti dinars (three decimals): 1.234 is 1 234 fils, a fourth decimal is refused', async () => {
    const s = await createLetteringScenario(database.db, { customerCurrency: 'KWD', invoices: [['KW', '2026-05-01', 5_125]] })
    const kw = s.invoices.KW!.id
    expect(await record(s, { currency: 'KWD', amount: '1,2345' })).toEqual({ ok: false, error: { code: 'invalid-amount', reason: 'too-many-decimals' } })
    const ok = await record(s, { currency: 'KWD', amount: '6', allocations: [{ invoiceId: kw, amount: '5.125' }] })
    expect(ok.ok && ok.value).toMatchObject({ allocatedMinor: 5_125, unallocatedMinor: 875 })
    const second = await record(s, { currency: 'KWD', amount: '0.001', allocations: [{ invoiceId: kw, amount: '0,001' }] })
    expect(second).toMatchObject({ ok: false, error: { code: 'exceeds-remaining', remainingMinor: 0, requestedMinor: 1 } })
  })

  test('keeps sales owners out: a customer they do not own is not found', async () => {
    const s = await scenario()
    const sales = await createStaffMember(database.db, { role: 'sales' })
    const result = await record(s, { visibility: { kind: 'owned-by', staffUserId: sales.id } })
    expect(result).toEqual({ ok: false, error: { code: 'customer-not-found' } })
  })
})

type Scenario = Awaited<ReturnType<typeof createLetteringScenario>>

// PGlite has one connection and runs transactions one after the other; only a server shows a real race.
describe('two payments racing on one invoice (PostgreSQL)', () => {
  let database: TestDatabase
  const clients: Database[] = []

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    // Separate pools, so each payment runs on its own connection as two app servers would.
    for (let i = 0; i < 4; i++) clients.push(await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 4 }))
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await database?.drop()
  })

  const race = (s: Scenario, count: number, make: (i: number) => Partial<RecordManualPaymentInput>) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        recordManualPayment(clients[i % clients.length]!.db, {
          customerId: s.customer.id,
          receivedOn: '2026-06-10',
          currency: 'EUR',
          amount: '100',
          method: 'bank_transfer',
          allocations: [],
          visibility: ALL,
          actor: { id: s.actor.id },
          now: NOW,
          ...make(i),
        }),
      ),
    )

  test('sixteen payments of the full amount: exactly one is allocated, every other one is refused with what is left', async () => {
    const s = await createLetteringScenario(database.db, { invoices: [['RACE', '2026-05-01', 10_000]] })
    const invoiceId = s.invoices.RACE!.id
    const results = await race(s, 16, () => ({ amount: '100', allocations: [{ invoiceId, amount: '100' }] }))
    const won = results.filter((r) => r.ok)
    const lost = results.filter((r) => !r.ok)
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(15)
    for (const r of lost) expect(r).toEqual({ ok: false, error: { code: 'exceeds-remaining', invoiceId, invoiceNumber: expect.any(String) as string, remainingMinor: 0, requestedMinor: 10_000 } })
    expect((await findInvoiceForBackoffice(database.db, { invoiceId, visibility: ALL }))!.paidMinor).toBe(10_000)
    expect(await sumAllocationsOfInvoice(database.db, invoiceId)).toEqual({ paidMinor: 10_000, creditedMinor: 0 })
  })

  test('twenty partial payments of 30 on 100: the allocations never exceed the total, the losers learn the remainder', async () => {
    const s = await createLetteringScenario(database.db, { invoices: [['PART', '2026-05-01', 10_000]] })
    const invoiceId = s.invoices.PART!.id
    // Each loser may instead keep its money as credit: half of them pay 50 and allocate 30.
    const results = await race(s, 20, (i) => ({ amount: i % 2 ? '50' : '30', allocations: [{ invoiceId, amount: '30' }] }))
    const won = results.filter((r) => r.ok)
    expect(won).toHaveLength(3)
    const remainders = results.flatMap((r) => (!r.ok && r.error.code === 'exceeds-remaining' ? [r.error.remainingMinor] : []))
    expect(remainders).toHaveLength(17)
    for (const remaining of remainders) expect([1_000, 4_000, 7_000]).toContain(remaining)
    const sums = await sumAllocationsOfInvoice(database.db, invoiceId)
    expect(sums.paidMinor).toBe(9_000)
    const listed = await listPaymentsForBackoffice(database.db, { visibility: ALL, customerId: s.customer.id, limit: 50, offset: 0 })
    expect(listed.rows.reduce((sum, p) => sum + p.allocatedMinor, 0)).toBe(9_000)
    const invoice = await findInvoiceForBackoffice(database.db, { invoiceId, visibility: ALL })
    expect(invoice!.paidMinor).toBe(9_000)
    expect(invoice!.paidMinor).toBeLessThanOrEqual(invoice!.totalMinor)
  })

  test('payments lettering two invoices in opposite orders do not deadlock', async () => {
    const s = await createLetteringScenario(database.db, { invoices: [['X', '2026-05-01', 100_000], ['Y', '2026-05-02', 100_000]] })
    const x = s.invoices.X!.id
    const y = s.invoices.Y!.id
    const results = await race(s, 12, (i) => ({
      amount: '20',
      allocations: i % 2 ? [{ invoiceId: x, amount: '10' }, { invoiceId: y, amount: '10' }] : [{ invoiceId: y, amount: '10' }, { invoiceId: x, amount: '10' }],
    }))
    expect(results.every((r) => r.ok)).toBe(true)
    expect((await sumAllocationsOfInvoice(database.db, x)).paidMinor).toBe(12_000)
    expect((await sumAllocationsOfInvoice(database.db, y)).paidMinor).toBe(12_000)
  })

  test('two payments with one new reference at the same instant: one is recorded, the other told it is a duplicate', async () => {
    const s = await createLetteringScenario(database.db, { invoices: [] })
    const results = await race(s, 6, () => ({ reference: 'VIR-RACE-1' }))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    for (const r of results.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, error: { code: 'duplicate-reference' } })
  })
})
