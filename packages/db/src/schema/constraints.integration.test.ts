import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { queryRows, sqlStateOf } from '../client'
import { insertAuditEvent } from '../repositories/audit'
import { createCustomer, createEntity, createInvoice } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { auditEvents, invoices } from './index'

async function sqlStateOfFailure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return sqlStateOf(error)
  }
  return 'no error'
}

describe.each(TEST_DATABASE_KINDS)('constraints on %s', (kind) => {
  let database: TestDatabase
  let entityId: string
  let customerId: string

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    entityId = (await createEntity(database.db)).id
    customerId = (await createCustomer(database.db, { entityId, externalRef: 'C-1' })).id
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('applies every committed migration', async () => {
    const rows = await queryRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    )
    expect(rows[0]?.count).toBe(11)
  })

  test('refuses a second customer with the same external reference in one entity', async () => {
    expect(await sqlStateOfFailure(createCustomer(database.db, { entityId, externalRef: 'C-1' }))).toBe('23505')
  })

  test('refuses a negative invoice total', async () => {
    const failure = createInvoice(database.db, {
      entityId,
      customerId,
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      totalMinor: -1,
    })
    expect(await sqlStateOfFailure(failure)).toBe('23514')
  })

  test('refuses to settle more than an invoice total', async () => {
    const invoice = await createInvoice(database.db, {
      entityId,
      customerId,
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      totalMinor: 1_000,
    })
    const overpay = database.db.update(invoices).set({ paidMinor: 1_001 }).where(eq(invoices.id, invoice.id))
    expect(await sqlStateOfFailure(overpay)).toBe('23514')
  })

  test('refuses an invoice for a customer that does not exist', async () => {
    const failure = createInvoice(database.db, {
      entityId,
      customerId: '00000000-0000-4000-8000-000000000000',
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
    })
    expect(await sqlStateOfFailure(failure)).toBe('23503')
  })

  test('refuses a reminder history record for an invoice that does not exist (checked per statement)', async () => {
    const failure = database.db.execute(
      sql`insert into reminder_step_history (invoice_id, customer_id, step_key, "on", outcome)
          values ('00000000-0000-4000-8000-000000000000', ${customerId}, 'd3', '2026-02-03', 'skipped')`,
    )
    expect(await sqlStateOfFailure(failure)).toBe('23503')
  })

  test('deletes an invoice with its reminder history', async () => {
    const invoice = await createInvoice(database.db, { entityId, customerId, issueDate: '2026-01-01', dueDate: '2026-01-31' })
    await database.db.execute(
      sql`insert into reminder_step_history (invoice_id, customer_id, step_key, "on", outcome)
          values (${invoice.id}, ${customerId}, 'd3', '2026-02-03', 'skipped')`,
    )
    await database.db.delete(invoices).where(eq(invoices.id, invoice.id))
    const rows = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from reminder_step_history where invoice_id = ${invoice.id}`,
    )
    expect(rows[0]?.n).toBe(0)
  })

  test('keeps the audit log append-only', async () => {
    await insertAuditEvent(database.db, { actorType: 'system', action: 'test.done', subjectType: 'test' })
    expect(await sqlStateOfFailure(database.db.update(auditEvents).set({ action: 'rewritten' }))).toBe('42501')
    expect(await sqlStateOfFailure(database.db.delete(auditEvents))).toBe('42501')
    const rows = await database.db.select({ action: auditEvents.action }).from(auditEvents)
    expect(rows).toEqual([{ action: 'test.done' }])
  })
})
