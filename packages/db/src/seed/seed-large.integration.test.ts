import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { queryRows } from '../client'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { seedLarge } from './seed-large'

// The generated portfolio the benchmarks load: small chunks here, so that several are inserted two at a time.
describe.each(TEST_DATABASE_KINDS)('the large seed on %s', (kind) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('loads every customer and invoice once, numbered without gaps, with balances that match the invoices; a second run adds more', async () => {
    const { db } = database
    const first = await seedLarge(db, { customers: 40, invoices: 730, today: '2026-11-23', chunkSize: 100 })
    expect(first.customerCount).toBe(40)
    const second = await seedLarge(db, { customers: 10, invoices: 70, today: '2026-11-23', chunkSize: 100 })
    expect(second.customerCount).toBe(50)

    const [counts] = await queryRows<{
      invoices: number
      numbers: number
      first: string
      last: string
      contacts: number
    }>(
      db,
      sql`select count(*)::int as invoices, count(distinct number)::int as numbers, min(number) as first, max(number) as last,
                 (select count(*)::int from contacts) as contacts
            from invoices where entity_id = ${first.entityId}`,
    )
    expect(counts).toEqual({
      invoices: 800,
      numbers: 800,
      first: 'LRG-INV-000000001',
      last: 'LRG-INV-000000800',
      contacts: 50,
    })

    // The read model equals a fresh aggregate of the open invoices, per customer and currency.
    const mismatches = await queryRows<{ customer_id: string }>(
      db,
      sql`with expected as (
            select customer_id, currency, count(*)::int as n, sum(total_minor - paid_minor)::bigint as outstanding
              from invoices where entity_id = ${first.entityId} and total_minor - paid_minor > 0
             group by customer_id, currency)
          select coalesce(e.customer_id, b.customer_id) as customer_id
            from expected e
            full join (select * from customer_balances where entity_id = ${first.entityId}) b
              on b.customer_id = e.customer_id and b.currency = e.currency
           where e.n is distinct from b.open_invoice_count or e.outstanding is distinct from b.outstanding_minor`,
    )
    expect(mismatches).toEqual([])
    const [{ balances } = { balances: 0 }] = await queryRows<{ balances: number }>(
      db,
      sql`select count(*)::int as balances from customer_balances`,
    )
    expect(balances).toBeGreaterThan(40)
  })
})
