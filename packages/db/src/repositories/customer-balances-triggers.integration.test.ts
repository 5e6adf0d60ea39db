import { eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, queryRows, type Db } from '../client'
import { invoices } from '../schema/index'
import { createCustomer, createEntity, createInvoice } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'

// The customer_balances triggers (migrations 0003 and 0008) against an oracle: after every kind of write, the read
// model equals the aggregate of the invoices themselves, and customers.oldest_open_due_date its minimum.

type Row = {
  customer_id: string
  currency: string
  count: number
  outstanding: string
  oldest: string | null
}

async function readModel(db: Db, customerIds: string[]) {
  const balances = await queryRows<Row>(
    db,
    sql`select customer_id, currency, open_invoice_count as count, outstanding_minor::text as outstanding, oldest_open_due_date::text as oldest
          from customer_balances where customer_id = any(${`{${customerIds.join(',')}}`}::uuid[]) order by customer_id, currency`,
  )
  const oldest = await queryRows<{ id: string; oldest: string | null }>(
    db,
    sql`select id, oldest_open_due_date::text as oldest from customers where id = any(${`{${customerIds.join(',')}}`}::uuid[]) order by id`,
  )
  return { balances, oldest }
}

async function oracle(db: Db, customerIds: string[]) {
  const ids = `{${customerIds.join(',')}}`
  const balances = await queryRows<Row>(
    db,
    sql`select customer_id, currency, count(*)::int as count,
               sum(total_minor - paid_minor - credited_minor - written_off_minor)::text as outstanding, min(due_date)::text as oldest
          from invoices where customer_id = any(${ids}::uuid[]) and total_minor - paid_minor - credited_minor - written_off_minor > 0
         group by customer_id, currency order by customer_id, currency`,
  )
  const oldest = await queryRows<{ id: string; oldest: string | null }>(
    db,
    sql`select c.id, (select min(i.due_date) from invoices i
                       where i.customer_id = c.id and i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor > 0)::text as oldest
          from customers c where c.id = any(${ids}::uuid[]) order by c.id`,
  )
  return { balances, oldest }
}

describe.each(TEST_DATABASE_KINDS)('customer balance triggers on %s', (kind) => {
  let database: TestDatabase
  let db: Db
  let entityId: string

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    db = database.db
    entityId = (await createEntity(db)).id
  })
  afterAll(async () => {
    await database?.drop()
  })

  const invoice = (customerId: string, currency: string, dueDate: string, totalMinor: number) =>
    createInvoice(db, { entityId, customerId, currency, issueDate: '2026-01-01', dueDate, totalMinor })
  const exact = async (customerIds: string[]) => {
    const [model, truth] = await Promise.all([readModel(db, customerIds), oracle(db, customerIds)])
    expect(model).toEqual(truth)
    return model
  }

  test('a payment closes the oldest invoice, a refund re-opens it', async () => {
    const customer = await createCustomer(db, { entityId })
    const oldest = await invoice(customer.id, 'EUR', '2026-02-01', 5_000)
    await invoice(customer.id, 'EUR', '2026-03-01', 7_000)
    await db.update(invoices).set({ paidMinor: 5_000 }).where(eq(invoices.id, oldest.id))
    const paid = await exact([customer.id])
    expect(paid.balances.map((b) => [b.count, b.oldest])).toEqual([[1, '2026-03-01']])
    expect(paid.oldest[0]!.oldest).toBe('2026-03-01')

    await db.update(invoices).set({ paidMinor: 1_000 }).where(eq(invoices.id, oldest.id)) // refunded 4,000
    const reopened = await exact([customer.id])
    expect(reopened.balances.map((b) => [b.count, b.outstanding, b.oldest])).toEqual([
      [2, '11000', '2026-02-01'],
    ])
    expect(reopened.oldest[0]!.oldest).toBe('2026-02-01')

    await db
      .update(invoices)
      .set({ paidMinor: sql`${invoices.totalMinor}` })
      .where(eq(invoices.customerId, customer.id))
    const settled = await exact([customer.id])
    expect(settled.balances).toEqual([])
    expect(settled.oldest[0]!.oldest).toBeNull()
  })

  test('an invoice moved to another customer or another currency, and a due date moved', async () => {
    const [from, to] = [await createCustomer(db, { entityId }), await createCustomer(db, { entityId })]
    const moving = await invoice(from.id, 'EUR', '2026-01-15', 3_000)
    await invoice(from.id, 'EUR', '2026-04-15', 1_000)
    await invoice(to.id, 'EUR', '2026-05-15', 2_000)
    await db.update(invoices).set({ customerId: to.id }).where(eq(invoices.id, moving.id))
    const moved = await exact([from.id, to.id])
    expect(moved.oldest.find((c) => c.id === from.id)!.oldest).toBe('2026-04-15')
    expect(moved.oldest.find((c) => c.id === to.id)!.oldest).toBe('2026-01-15')

    await db.update(invoices).set({ currency: 'GBP' }).where(eq(invoices.id, moving.id))
    const regrouped = await exact([to.id])
    expect(regrouped.balances.map((b) => [b.currency, b.count])).toEqual([
      ['EUR', 1],
      ['GBP', 1],
    ])
    await db.update(invoices).set({ dueDate: '2026-06-30' }).where(eq(invoices.id, moving.id))
    expect((await exact([to.id])).oldest[0]!.oldest).toBe('2026-05-15')
  })

  test('deletes, and statements over many customers (planned per call) or a few (generic plans)', async () => {
    const customers = await Promise.all(Array.from({ length: 14 }, () => createCustomer(db, { entityId })))
    const ids = customers.map((c) => c.id)
    const created = []
    for (const [i, customer] of customers.entries()) {
      created.push(
        await invoice(customer.id, i % 3 === 0 ? 'GBP' : 'EUR', `2026-0${1 + (i % 9)}-10`, 1_000 + i),
      )
      created.push(await invoice(customer.id, 'EUR', `2026-0${1 + ((i + 4) % 9)}-20`, 2_000 + i))
    }
    await exact(ids)
    // One statement over 14 customers, then one over 3 of them.
    await db
      .update(invoices)
      .set({ paidMinor: sql`${invoices.totalMinor} / 2` })
      .where(inArray(invoices.customerId, ids))
    await exact(ids)
    await db
      .update(invoices)
      .set({ creditedMinor: sql`${invoices.totalMinor} - ${invoices.paidMinor}` })
      .where(inArray(invoices.customerId, ids.slice(0, 3)))
    await exact(ids)
    // Columns no balance depends on.
    await db
      .update(invoices)
      .set({ purchaseOrder: 'PO-1', updatedAt: new Date() })
      .where(inArray(invoices.customerId, ids))
    await exact(ids)
    await db.delete(invoices).where(eq(invoices.id, created[9]!.id))
    await exact(ids)
    await db.delete(invoices).where(inArray(invoices.customerId, ids.slice(5)))
    const after = await exact(ids)
    expect(after.oldest.filter((c) => ids.slice(5).includes(c.id)).every((c) => c.oldest === null)).toBe(true)
  })
})

describe('customer balance triggers under concurrent payments on postgres', () => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('payments closing and re-opening invoices of one customer in parallel transactions stay exact', async () => {
    const { db } = database
    const entityId = (await createEntity(db)).id
    const customer = await createCustomer(db, { entityId })
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        createInvoice(db, {
          entityId,
          customerId: customer.id,
          currency: i % 4 === 0 ? 'GBP' : 'EUR',
          issueDate: '2026-01-01',
          dueDate: `2026-05-${String(i + 1).padStart(2, '0')}`,
          totalMinor: 1_000,
        }),
      ),
    )
    const other = await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 10 })
    try {
      // Each transaction settles what one invoice still owes and credits 10 on another, locking both first in id
      // order as the webhook does; then half of them are refunded in part.
      await Promise.all(
        created.map((inv, i) =>
          (i % 2 ? other.db : db).transaction(async (tx) => {
            const next = created[(i + 5) % created.length]!
            await tx.execute(
              sql`select id from invoices where id in (${inv.id}, ${next.id}) order by id for update`,
            )
            await tx
              .update(invoices)
              .set({ paidMinor: sql`${invoices.totalMinor} - ${invoices.creditedMinor}` })
              .where(eq(invoices.id, inv.id))
            await tx
              .update(invoices)
              .set({
                creditedMinor: sql`${invoices.creditedMinor} + least(10, ${invoices.totalMinor} - ${invoices.paidMinor} - ${invoices.creditedMinor})`,
              })
              .where(eq(invoices.id, next.id))
          }),
        ),
      )
      await Promise.all(
        created
          .filter((_, i) => i % 2 === 0)
          .map((inv, i) =>
            (i % 2 ? other.db : db)
              .update(invoices)
              .set({ paidMinor: sql`least(400, ${invoices.paidMinor})` })
              .where(eq(invoices.id, inv.id)),
          ),
      )
    } finally {
      await other.close()
    }
    const [model, truth] = await Promise.all([readModel(db, [customer.id]), oracle(db, [customer.id])])
    expect(model).toEqual(truth)
    expect(model.balances.map((b) => [b.currency, b.count])).toEqual([
      ['EUR', 6],
      ['GBP', 6],
    ])
  })
})
