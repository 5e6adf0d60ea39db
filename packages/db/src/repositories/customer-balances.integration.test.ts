import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase } from '../client'
import { invoices } from '../schema/index'
import { createCustomer, createEntity, createInvoice, createPayment } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { listCustomerBalances } from './customer-balances'
import { findCustomerForPortal } from './customers'

describe.each(TEST_DATABASE_KINDS)('customer balances on %s', (kind) => {
  let database: TestDatabase
  let entityId: string

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    entityId = (await createEntity(database.db)).id
  })
  afterAll(async () => {
    await database?.drop()
  })

  const invoice = (customerId: string, currency: string, dueDate: string, totalMinor: number) =>
    createInvoice(database.db, { entityId, customerId, currency, issueDate: '2026-01-01', dueDate, totalMinor })

  test('follow invoices, payments and deletions, per currency, with the oldest open due date', async () => {
    const { db } = database
    const customer = await createCustomer(db, { entityId })
    expect(await listCustomerBalances(db, customer.id)).toEqual([])

    const a = await invoice(customer.id, 'EUR', '2026-03-01', 10_000)
    const older = await invoice(customer.id, 'EUR', '2026-02-01', 5_000)
    const gbp = await invoice(customer.id, 'GBP', '2026-04-01', 700)
    expect(await listCustomerBalances(db, customer.id)).toEqual([
      { currency: 'EUR', openInvoiceCount: 2, outstandingMinor: 15_000, oldestOpenDueDate: '2026-02-01' },
      { currency: 'GBP', openInvoiceCount: 1, outstandingMinor: 700, oldestOpenDueDate: '2026-04-01' },
    ])

    await createPayment(db, {
      entityId,
      customerId: customer.id,
      currency: 'GBP',
      amountMinor: 700,
      receivedOn: '2026-04-02',
      allocations: [{ invoiceId: gbp.id, amountMinor: 700 }],
    })
    await createPayment(db, {
      entityId,
      customerId: customer.id,
      currency: 'EUR',
      amountMinor: 4_000,
      receivedOn: '2026-04-02',
      allocations: [{ invoiceId: a.id, amountMinor: 4_000 }],
    })
    expect(await listCustomerBalances(db, customer.id)).toEqual([
      { currency: 'EUR', openInvoiceCount: 2, outstandingMinor: 11_000, oldestOpenDueDate: '2026-02-01' },
    ])
    expect((await findCustomerForPortal(db, customer.id))?.id).toBe(customer.id)

    await db.delete(invoices).where(eq(invoices.id, older.id))
    expect(await listCustomerBalances(db, customer.id)).toEqual([
      { currency: 'EUR', openInvoiceCount: 1, outstandingMinor: 6_000, oldestOpenDueDate: '2026-03-01' },
    ])
  })
})

describe('customer balances under concurrency on postgres', () => {
  let database: TestDatabase
  let entityId: string

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    entityId = (await createEntity(database.db)).id
  })
  afterAll(async () => {
    await database?.drop()
  })

  const invoice = (customerId: string, currency: string, dueDate: string, totalMinor: number) =>
    createInvoice(database.db, { entityId, customerId, currency, issueDate: '2026-01-01', dueDate, totalMinor })

  test('stay exact when two connections change one customer at once', async () => {
    const customer = await createCustomer(database.db, { entityId })
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => invoice(customer.id, 'EUR', `2026-05-${String(i + 1).padStart(2, '0')}`, 1_000)),
    )
    // A second pool, so the updates really run in parallel transactions.
    const other = await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 10 })
    try {
      await Promise.all(
        created.map((inv, i) =>
          (i % 2 ? other.db : database.db)
            .update(invoices)
            .set({ paidMinor: sql`${invoices.paidMinor} + 250` })
            .where(eq(invoices.id, inv.id)),
        ),
      )
    } finally {
      await other.close()
    }
    expect(await listCustomerBalances(database.db, customer.id)).toEqual([
      { currency: 'EUR', openInvoiceCount: 20, outstandingMinor: 20 * 750, oldestOpenDueDate: '2026-05-01' },
    ])
  })
})
