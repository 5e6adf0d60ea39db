import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createContact, createCustomer, createDocument, createEntity, createInvoice, createPayment } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { findInvoiceForCustomer, findOriginalInvoiceDocument, listInvoicesForCustomer, openTotalsForCustomer } from './invoices'
import { listPaymentsForCustomer } from './payments'

const TODAY = '2026-11-23'

describe.each(TEST_DATABASE_KINDS)('invoice reads on %s', (kind) => {
  let database: TestDatabase
  let alice: { id: string }
  let bob: { id: string }
  let aliceInvoiceIds: Record<string, string>
  let bobInvoiceId: string
  let entityId: string

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const { db } = database
    const entity = await createEntity(db)
    entityId = entity.id
    alice = await createCustomer(db, { entityId: entity.id, name: 'Alice SARL' })
    bob = await createCustomer(db, { entityId: entity.id, name: 'Bob GmbH' })
    await createContact(db, { customerId: alice.id })
    const make = (customerId: string, number: string, currency: string, dueDate: string, totalMinor: number) =>
      createInvoice(db, { entityId: entity.id, customerId, number, currency, issueDate: '2026-09-01', dueDate, totalMinor })
    const a1 = await make(alice.id, 'A-1', 'EUR', '2026-10-01', 10_000)
    const a2 = await make(alice.id, 'A-2', 'EUR', '2026-12-15', 25_000)
    const a3 = await make(alice.id, 'A-3', 'GBP', '2026-11-01', 7_000)
    const a4 = await make(alice.id, 'A-4', 'EUR', '2026-09-30', 5_000)
    const b1 = await make(bob.id, 'B-1', 'EUR', '2026-10-01', 99_999)
    aliceInvoiceIds = { 'A-1': a1.id, 'A-2': a2.id, 'A-3': a3.id, 'A-4': a4.id }
    bobInvoiceId = b1.id
    await createPayment(db, {
      entityId: entity.id,
      customerId: alice.id,
      currency: 'EUR',
      amountMinor: 9_000,
      receivedOn: '2026-10-05',
      allocations: [
        { invoiceId: a4.id, amountMinor: 5_000 },
        { invoiceId: a1.id, amountMinor: 4_000 },
      ],
    })
  })

  afterAll(async () => {
    await database?.drop()
  })

  test('lists only the open invoices of the customer asked for, by due date', async () => {
    const { rows, total } = await listInvoicesForCustomer(database.db, {
      customerId: alice.id,
      settlement: 'open',
      sort: 'due_asc',
      limit: 50,
      offset: 0,
    })
    expect(rows.map((r) => r.number)).toEqual(['A-1', 'A-3', 'A-2'])
    expect(total).toBe(3)
    expect(rows[0]).toMatchObject({ totalMinor: 10_000, paidMinor: 4_000, currency: 'EUR' })
  })

  test('lists paid invoices apart from open ones', async () => {
    const { rows } = await listInvoicesForCustomer(database.db, {
      customerId: alice.id,
      settlement: 'paid',
      sort: 'due_asc',
      limit: 50,
      offset: 0,
    })
    expect(rows.map((r) => r.number)).toEqual(['A-4'])
  })

  test('keeps only overdue invoices when asked and sorts by remaining amount', async () => {
    const { rows } = await listInvoicesForCustomer(database.db, {
      customerId: alice.id,
      settlement: 'open',
      timing: { kind: 'overdue', today: TODAY },
      sort: 'amount_desc',
      limit: 50,
      offset: 0,
    })
    expect(rows.map((r) => r.number)).toEqual(['A-3', 'A-1'])
  })

  test('keeps invoices not yet due, or partly settled ones, when asked', async () => {
    const list = (extra: object) =>
      listInvoicesForCustomer(database.db, { customerId: alice.id, settlement: 'open', sort: 'due_asc', limit: 50, offset: 0, ...extra })
    expect((await list({ timing: { kind: 'not_due', today: TODAY } })).rows.map((r) => r.number)).toEqual(['A-2'])
    expect((await list({ onlyPartlySettled: true })).rows.map((r) => r.number)).toEqual(['A-1'])
  })

  test('totals open amounts per currency without mixing currencies', async () => {
    const totals = await openTotalsForCustomer(database.db, { customerId: alice.id, today: TODAY })
    expect(totals).toEqual([
      { currency: 'EUR', invoiceCount: 2, overdueCount: 1, remainingMinor: 31_000, overdueMinor: 6_000 },
      { currency: 'GBP', invoiceCount: 1, overdueCount: 1, remainingMinor: 7_000, overdueMinor: 7_000 },
    ])
  })

  test("never returns another customer's invoice, even by its exact id", async () => {
    expect(await findInvoiceForCustomer(database.db, { customerId: alice.id, invoiceId: bobInvoiceId })).toBeNull()
    expect(await findOriginalInvoiceDocument(database.db, { customerId: alice.id, invoiceId: bobInvoiceId })).toBeNull()
    const own = await findInvoiceForCustomer(database.db, { customerId: alice.id, invoiceId: aliceInvoiceIds['A-2']! })
    expect(own?.number).toBe('A-2')
    expect(own?.lines).toHaveLength(1)
  })

  test('returns the imported original PDF of an invoice only to its customer', async () => {
    const invoiceId = aliceInvoiceIds['A-3']!
    const content = new TextEncoder().encode('%PDF-1.4 original of A-3')
    await createDocument(database.db, { entityId, customerId: alice.id, filename: 'A-3.pdf', content, attachToInvoiceId: invoiceId })
    const original = await findOriginalInvoiceDocument(database.db, { customerId: alice.id, invoiceId })
    expect(original?.filename).toBe('A-3.pdf')
    expect(new TextDecoder().decode(original!.content)).toBe('%PDF-1.4 original of A-3')
    expect(await findOriginalInvoiceDocument(database.db, { customerId: bob.id, invoiceId })).toBeNull()
  })

  test('lists payments with the invoices they settled', async () => {
    const payments = await listPaymentsForCustomer(database.db, { customerId: alice.id, limit: 10 })
    expect(payments).toHaveLength(1)
    expect(payments[0]).toMatchObject({ amountMinor: 9_000, invoiceNumbers: ['A-1', 'A-4'] })
    expect(await listPaymentsForCustomer(database.db, { customerId: bob.id, limit: 10 })).toEqual([])
  })
})
