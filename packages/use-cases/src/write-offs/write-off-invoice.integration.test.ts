import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { openDatabase, type Database } from '@quittance/db/client'
import { listCustomerBalances } from '@quittance/db/repositories/customer-balances'
import { findInvoiceForBackoffice } from '@quittance/db/repositories/backoffice-invoices'
import { createPayment } from '@quittance/db/seed/factories'
import { createLetteringScenario, createStaffMember } from '@quittance/db/seed/factories-finance'
import { tableAsText } from '@quittance/db/testing/inspect'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { recordManualPayment } from '../payments/record-manual-payment'
import { writeOffInvoice } from './write-off-invoice'

const ALL: CustomerVisibility = { kind: 'all' }

describe.each(TEST_DATABASE_KINDS)('writing off an invoice on %s', (kind) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  /** An invoice of 120.00 EUR of which 100.00 is paid: 20.00 is left. */
  const scenario = async (currency = 'EUR', totalMinor = 12_000, paidMinor = 10_000) => {
    const s = await createLetteringScenario(database.db, { customerCurrency: currency, invoices: [['W', '2026-03-01', totalMinor]] })
    const invoice = s.invoices.W!
    if (paidMinor > 0) {
      await createPayment(database.db, { entityId: s.entity.id, customerId: s.customer.id, currency, amountMinor: paidMinor, receivedOn: '2026-03-05', allocations: [{ invoiceId: invoice.id, amountMinor: paidMinor }] })
    }
    return { ...s, invoice }
  }
  const writeOff = (s: Awaited<ReturnType<typeof scenario>>, amount: string, reason = 'Short payment: bank fees', visibility: CustomerVisibility = ALL) =>
    writeOffInvoice(database.db, { invoiceId: s.invoice.id, amount, reason, visibility, actor: { id: s.actor.id }, ipAddress: '203.0.113.9' })
  const found = (s: { invoice: { id: string } }) => findInvoiceForBackoffice(database.db, { invoiceId: s.invoice.id, visibility: ALL })

  test('writes off the whole remainder: the invoice is settled, the balance closed, the reason kept and audited', async () => {
    const s = await scenario()
    const result = await writeOff(s, '20,00')
    expect(result.ok && result.value.remainingMinor).toBe(0)
    const invoice = await found(s)
    expect(invoice).toMatchObject({ paidMinor: 10_000, writtenOffMinor: 2_000 })
    expect(invoice?.writeOffs).toMatchObject([{ amountMinor: 2_000, reason: 'Short payment: bank fees', staffName: expect.any(String) as string }])
    expect(await listCustomerBalances(database.db, s.customer.id)).toEqual([])
    const audit = (await tableAsText(database.db, 'audit_events')).map((row) => JSON.parse(row) as Record<string, unknown>)
    const event = audit.find((e) => e.action === 'invoice.written_off' && e.subject_id === s.invoice.id)
    expect(event).toMatchObject({ actor_id: s.actor.id, ip_address: '203.0.113.9' })
    expect(event?.before).toMatchObject({ remainingMinor: 2_000, invoice: { writtenOffMinor: 0 } })
    expect(event?.after).toMatchObject({ remainingMinor: 0, invoice: { writtenOffMinor: 2_000 }, writeOff: { reason: 'Short payment: bank fees', currency: 'EUR' } })
  })

  test('writes off part of the remainder, twice, never more than is left', async () => {
    const s = await scenario()
    expect(await writeOff(s, '5')).toMatchObject({ ok: true, value: { remainingMinor: 1_500 } })
    expect(await writeOff(s, '15,01')).toEqual({ ok: false, error: { code: 'exceeds-remaining', remainingMinor: 1_500, requestedMinor: 1_501 } })
    expect(await writeOff(s, '15')).toMatchObject({ ok: true, value: { remainingMinor: 0 } })
    expect((await found(s))?.writeOffs).toHaveLength(2)
  })

  test.each([
    { name: 'a zero amount', amount: '0', reason: 'x', error: { code: 'amount-not-positive' } },
    { name: 'a negative amount', amount: '-1', reason: 'x', error: { code: 'invalid-amount', reason: 'negative' } },
    { name: 'three decimals in euros', amount: '0,005', reason: 'x', error: { code: 'invalid-amount', reason: 'too-many-decimals' } },
    { name: 'more than is left', amount: '20,01', reason: 'x', error: { code: 'exceeds-remaining', remainingMinor: 2_000, requestedMinor: 2_001 } },
    { name: 'no reason', amount: '1', reason: '   ', error: { code: 'reason-required' } },
    { name: 'a reason of 1001 characters', amount: '1', reason: 'r'.repeat(1001), error: { code: 'reason-too-long' } },
  ])('refuses $name and changes nothing', async ({ amount, reason, error }) => {
    const s = await scenario()
    expect(await writeOff(s, amount, reason)).toEqual({ ok: false, error })
    expect(await found(s)).toMatchObject({ writtenOffMinor: 0, writeOffs: [] })
  })

  test('refuses anything on a settled invoice', async () => {
    const s = await scenario('EUR', 5_000, 5_000)
    expect(await writeOff(s, '0,01')).toEqual({ ok: false, error: { code: 'exceeds-remaining', remainingMinor: 0, requestedMinor: 1 } })
  })

  test('parses in the invoice’s currency: yen without decimals, dinars with three', async () => {
    const yen = await scenario('JPY', 10_000, 0)
    expect(await writeOff(yen, '99.5')).toEqual({ ok: false, error: { code: 'invalid-amount', reason: 'too-many-decimals' } })
    expect(await writeOff(yen, '100')).toMatchObject({ ok: true, value: { remainingMinor: 9_900 } })
    const dinars = await scenario('KWD', 10_000, 9_000)
    expect(await writeOff(dinars, '0,0001')).toEqual({ ok: false, error: { code: 'invalid-amount', reason: 'too-many-decimals' } })
    expect(await writeOff(dinars, '0.999')).toMatchObject({ ok: true, value: { remainingMinor: 1 } })
    expect(await writeOff(dinars, '1.000')).toEqual({ ok: false, error: { code: 'exceeds-remaining', remainingMinor: 1, requestedMinor: 1_000 } })
  })

  test('answers “not found” for an unknown invoice and for a sales owner who does not own the customer', async () => {
    const s = await scenario()
    const sales = await createStaffMember(database.db, { role: 'sales' })
    expect(await writeOff(s, '1', 'x', { kind: 'owned-by', staffUserId: sales.id })).toEqual({ ok: false, error: { code: 'invoice-not-found' } })
    expect(await writeOffInvoice(database.db, { invoiceId: '00000000-0000-4000-8000-000000000003', amount: '1', reason: 'x', visibility: ALL, actor: { id: s.actor.id } })).toEqual({ ok: false, error: { code: 'invoice-not-found' } })
  })
})

describe('a write-off racing a payment on one invoice (PostgreSQL)', () => {
  let database: TestDatabase
  const clients: Database[] = []

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    for (let i = 0; i < 2; i++) clients.push(await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 2 }))
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await database?.drop()
  })

  test('one of them settles the remainder, the other is refused with what is left', async () => {
    for (let round = 0; round < 5; round++) {
      const s = await createLetteringScenario(database.db, { invoices: [['W', '2026-03-01', 10_000]] })
      const invoiceId = s.invoices.W!.id
      const [written, paid] = await Promise.all([
        writeOffInvoice(clients[0]!.db, { invoiceId, amount: '100', reason: 'Race', visibility: ALL, actor: { id: s.actor.id } }),
        recordManualPayment(clients[1]!.db, {
          customerId: s.customer.id,
          receivedOn: '2026-06-01',
          currency: 'EUR',
          amount: '100',
          method: 'cheque',
          allocations: [{ invoiceId, amount: '100' }],
          visibility: ALL,
          actor: { id: s.actor.id },
          now: new Date('2026-06-15T10:00:00Z'),
        }),
      ])
      expect([written.ok, paid.ok].filter(Boolean)).toHaveLength(1)
      const loser = written.ok ? paid : written
      expect(loser).toMatchObject({ ok: false, error: { code: 'exceeds-remaining', remainingMinor: 0 } })
      const invoice = await findInvoiceForBackoffice(database.db, { invoiceId, visibility: ALL })
      expect(invoice!.paidMinor + invoice!.writtenOffMinor).toBe(10_000)
    }
  })
})
