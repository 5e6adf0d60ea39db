import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importJobs } from '../schema/index'
import { createCustomer, createEntity, createInvoice, createPayment } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { listCustomerBalances } from './customer-balances'
import {
  clearStagedInvoices,
  countStagedInvoices,
  planStagedInvoiceChunks,
  stageImportedInvoices,
  upsertNextStagedInvoices,
  upsertStagedInvoices,
  type StagedInvoiceRow,
} from './imports'

describe.each(TEST_DATABASE_KINDS)('staged invoice imports on %s', (kind) => {
  let database: TestDatabase
  let entityId: string
  const customers: Record<string, string> = {}

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    entityId = (await createEntity(database.db)).id
    for (const ref of ['C-A', 'C-B', 'C-C']) customers[ref] = (await createCustomer(database.db, { entityId, externalRef: ref })).id
  })
  afterAll(async () => {
    await database?.drop()
  })

  const newImport = async () => {
    const [row] = await database.db
      .insert(importJobs)
      .values({ entityId, kind: 'invoices', filename: 'f.csv', content: new Uint8Array([0x61]), sizeBytes: 1 })
      .returning({ id: importJobs.id })
    return row!.id
  }
  const row = (line: number, number: string, customerRef: string, totalMinor: number): StagedInvoiceRow => ({
    line,
    number,
    customerRef,
    issueDate: '2026-01-01',
    dueDate: '2026-02-01',
    currency: 'EUR',
    subtotalMinor: totalMinor,
    taxMinor: 0,
    totalMinor,
    purchaseOrder: null,
    rawLine: `raw ${line}`,
  })
  const chunk = (importId: string, maxRows: number) =>
    database.db.transaction((tx) => upsertNextStagedInvoices(tx, { importId, entityId, maxRows, updatePurchaseOrder: false }))

  test('takes whole customers per chunk until nothing is left, and a re-import changes nothing', async () => {
    const { db } = database
    const rows = [
      row(2, 'S-1', 'C-B', 1_000),
      row(3, 'S-2', 'C-A', 2_000),
      row(4, 'S-3', 'C-B', 3_000),
      row(5, 'S-4', 'NOBODY', 4_000),
      row(6, 'S-5', 'C-A', 5_000),
      row(7, 'S-6', 'C-C', 6_000),
    ]
    const importId = await newImport()
    await db.transaction((tx) => stageImportedInvoices(tx, { importId, rows }))
    expect(await countStagedInvoices(db, importId)).toBe(6)

    // Two rows asked for: C-A's two rows (customer refs in order), never half a customer.
    expect(await chunk(importId, 2)).toEqual({ taken: 2, inserted: 2, updated: 0, unchanged: 0, rejections: [] })
    expect(await countStagedInvoices(db, importId)).toBe(4)
    expect(await listCustomerBalances(db, customers['C-A']!)).toMatchObject([{ currency: 'EUR', openInvoiceCount: 2, outstandingMinor: 7_000 }])
    // One row asked for, but C-B has two: both go together.
    expect(await chunk(importId, 1)).toMatchObject({ taken: 2, inserted: 2 })
    // The rest, with the unknown customer refused with its line and raw text.
    expect(await chunk(importId, 100)).toEqual({
      taken: 2,
      inserted: 1,
      updated: 0,
      unchanged: 0,
      rejections: [{ line: 5, reason: 'unknown_customer', field: 'customer_ref', rawLine: 'raw 5' }],
    })
    expect(await chunk(importId, 100)).toMatchObject({ taken: 0 })
    expect(await listCustomerBalances(db, customers['C-B']!)).toMatchObject([{ openInvoiceCount: 2, outstandingMinor: 4_000 }])

    // The same rows again: all unchanged; a changed total is an update.
    const again = await newImport()
    await db.transaction((tx) => stageImportedInvoices(tx, { importId: again, rows: rows.map((r) => (r.number === 'S-6' ? { ...r, totalMinor: 6_500, subtotalMinor: 6_500 } : r)) }))
    expect(await chunk(again, 100)).toMatchObject({ taken: 6, inserted: 0, updated: 1, unchanged: 4 })
    expect(await listCustomerBalances(db, customers['C-C']!)).toMatchObject([{ outstandingMinor: 6_500 }])
  })

  test('a settled invoice keeps its customer and cannot fall below what is paid', async () => {
    const { db } = database
    const invoice = await createInvoice(db, { entityId, customerId: customers['C-A']!, number: 'PAID-1', issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 10_000 })
    await createPayment(db, { entityId, customerId: customers['C-A']!, currency: 'EUR', amountMinor: 6_000, receivedOn: '2026-01-15', allocations: [{ invoiceId: invoice.id, amountMinor: 6_000 }] })
    const importId = await newImport()
    await db.transaction((tx) => stageImportedInvoices(tx, { importId, rows: [row(2, 'PAID-1', 'C-A', 5_000)] }))
    expect(await chunk(importId, 100)).toMatchObject({ taken: 1, inserted: 0, rejections: [{ line: 2, reason: 'invoice_settled_conflict', field: 'total' }] })
    const moved = await newImport()
    await db.transaction((tx) => stageImportedInvoices(tx, { importId: moved, rows: [row(9, 'PAID-1', 'C-B', 10_000)] }))
    expect(await chunk(moved, 100)).toMatchObject({ taken: 1, rejections: [{ line: 9, reason: 'invoice_settled_conflict' }] })
  })

  test('plans ranges of whole customers that writers can take side by side', async () => {
    const { db } = database
    const importId = await newImport()
    const rows = [
      row(2, 'P-1', 'C-C', 100),
      row(3, 'P-2', 'C-A', 100),
      row(4, 'P-3', 'C-A', 100),
      row(5, 'P-4', 'C-B', 100),
      row(6, 'P-5', 'C-A', 100),
      row(7, 'P-6', 'C-C', 100),
    ]
    await db.transaction((tx) => stageImportedInvoices(tx, { importId, rows }))
    // About two rows per range, whole customers: rows 1, 3 and 5 in (customer, line) order start a range, and
    // are C-A, C-A again (its three rows stay together, with C-B's that follows) and C-C.
    const ranges = await planStagedInvoiceChunks(db, { importId, maxRows: 2 })
    expect(ranges).toEqual([
      { from: null, to: 'C-C' },
      { from: 'C-C', to: null },
    ])
    const outcomes = await Promise.all(
      ranges.map((range) => db.transaction((tx) => upsertStagedInvoices(tx, { importId, entityId, range, updatePurchaseOrder: false }))),
    )
    expect(outcomes.map((o) => o.inserted)).toEqual([4, 2])
    expect(await countStagedInvoices(db, importId)).toBe(0)
  })

  test('a chunk rolled back leaves its rows staged; clearing removes them', async () => {
    const { db } = database
    const importId = await newImport()
    await db.transaction((tx) => stageImportedInvoices(tx, { importId, rows: [row(2, 'R-1', 'C-C', 100), row(3, 'R-2', 'C-C', 200)] }))
    await expect(
      db.transaction(async (tx) => {
        await upsertNextStagedInvoices(tx, { importId, entityId, maxRows: 100, updatePurchaseOrder: false })
        throw new Error('crash before commit')
      }),
    ).rejects.toThrow('crash before commit')
    expect(await countStagedInvoices(db, importId)).toBe(2)
    await clearStagedInvoices(db, importId)
    expect(await countStagedInvoices(db, importId)).toBe(0)
  })
})
