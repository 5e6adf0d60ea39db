import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sqlStateOf } from '../client'
import { auditEvents } from '../schema/index'
import { createAuditEventAt, createStaffMember } from '../seed/factories-admin'
import { createCustomer, createEntity } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { insertAuditEvent } from './audit'
import * as auditLog from './audit-log'
import { findCustomersForFilter, listAuditEvents, recentAuditVocabulary, type AuditLogFilters } from './audit-log'

const T0 = new Date('2026-03-01T08:00:00Z')
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return sqlStateOf(error)
  }
  return 'no error'
}

describe.each(TEST_DATABASE_KINDS)('audit log reads on %s', (kind) => {
  let database: TestDatabase
  let alice: { id: string; name: string }
  let customerA: { id: string }
  let customerB: { id: string }
  let allIds: number[]

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const { db } = database
    const entity = await createEntity(db)
    alice = await createStaffMember(db, { role: 'admin', name: 'Alice Admin' })
    customerA = await createCustomer(db, { entityId: entity.id, externalRef: 'REF-A', name: 'Alpha SARL' })
    customerB = await createCustomer(db, { entityId: entity.id, externalRef: 'REF-B', name: 'Beta GmbH' })
    // 120 events a minute apart: staff, system and debtor actions, some about customers.
    for (let i = 0; i < 120; i++) {
      const actor = i % 3 === 0 ? { actorType: 'staff' as const, actorId: alice.id } : i % 3 === 1 ? { actorType: 'system' as const } : { actorType: 'debtor' as const, actorId: 'contact-1' }
      await createAuditEventAt(db, {
        ...actor,
        occurredAt: minutes(i),
        action: i % 2 === 0 ? 'staff.role_changed' : 'portal.link_issued',
        subjectType: i % 2 === 0 ? 'staff_user' : 'customer',
        subjectId: i % 2 === 0 ? alice.id : i % 4 === 1 ? customerA.id : customerB.id,
        customerId: i === 7 ? customerA.id : null,
        before: { n: i - 1 },
        after: { n: i },
      })
    }
    const rows = await db.select({ id: auditEvents.id }).from(auditEvents)
    allIds = rows.map((r) => r.id).sort((a, b) => b - a)
  })
  afterAll(async () => {
    await database?.drop()
  })

  const list = (filters: AuditLogFilters, cursor: Parameters<typeof listAuditEvents>[1]['cursor'] = { kind: 'first' }, limit = 50) =>
    listAuditEvents(database.db, { filters, cursor, limit })

  test('pages newest first, 50 at a time, by keyset on the id, and back again', async () => {
    const first = await list({})
    expect(first.rows.map((r) => r.id)).toEqual(allIds.slice(0, 50))
    expect(first).toMatchObject({ hasOlder: true, hasNewer: false })
    const second = await list({}, { kind: 'older-than', id: first.rows.at(-1)!.id })
    expect(second.rows.map((r) => r.id)).toEqual(allIds.slice(50, 100))
    expect(second).toMatchObject({ hasOlder: true, hasNewer: true })
    const third = await list({}, { kind: 'older-than', id: second.rows.at(-1)!.id })
    expect(third.rows.map((r) => r.id)).toEqual(allIds.slice(100))
    expect(third).toMatchObject({ hasOlder: false, hasNewer: true })
    const backToSecond = await list({}, { kind: 'newer-than', id: third.rows[0]!.id })
    expect(backToSecond.rows.map((r) => r.id)).toEqual(allIds.slice(50, 100))
    expect(backToSecond).toMatchObject({ hasOlder: true, hasNewer: true })
    const backToFirst = await list({}, { kind: 'newer-than', id: backToSecond.rows[0]!.id })
    expect(backToFirst.rows.map((r) => r.id)).toEqual(allIds.slice(0, 50))
    expect(backToFirst).toMatchObject({ hasOlder: true, hasNewer: false })
  })

  test('names the staff actor and the customer', async () => {
    const { rows } = await list({ actor: { kind: 'staff', staffUserId: alice.id } }, { kind: 'first' }, 200)
    expect(rows).toHaveLength(40)
    expect(rows.every((r) => r.actorName === 'Alice Admin' && r.actorType === 'staff')).toBe(true)
    const aboutA = await list({ customerIds: [customerA.id] }, { kind: 'first' }, 200)
    expect(aboutA.rows.find((r) => r.customerId === customerA.id)?.customerName).toBe('Alpha SARL')
  })

  test.each([
    { name: 'system actor', filters: { actor: { kind: 'system' } }, expected: 40 },
    { name: 'debtor actor', filters: { actor: { kind: 'debtor' } }, expected: 40 },
    { name: 'exact action', filters: { action: 'portal.link_issued' }, expected: 60 },
    { name: 'action prefix', filters: { action: 'staff.*' }, expected: 60 },
    { name: 'prefix is not a pattern', filters: { action: 'staff%*' }, expected: 0 },
    { name: 'unknown action', filters: { action: 'staff' }, expected: 0 },
    { name: 'subject type', filters: { subjectType: 'customer' }, expected: 60 },
    { name: 'date range', filters: { from: minutes(10), to: minutes(20) }, expected: 10 },
    { name: 'no customer matched', filters: { customerIds: [] }, expected: 0 },
    { name: 'staff and action', filters: { action: 'staff.role_changed', actor: { kind: 'system' } }, expected: 20 },
  ] as { name: string; filters: AuditLogFilters; expected: number }[])('filters by $name', async ({ filters, expected }) => {
    const { rows } = await list(filters, { kind: 'first' }, 500)
    expect(rows).toHaveLength(expected)
  })

  test('filters by customer: events carrying it, and events whose subject it is', async () => {
    const { rows } = await list({ customerIds: [customerA.id] }, { kind: 'first' }, 500)
    // Odd i with i % 4 === 1 (30 events) have A as subject; i = 7 carries A as customer.
    expect(rows).toHaveLength(31)
    const bySubject = await list({ subjectType: 'customer', subjectId: customerB.id }, { kind: 'first' }, 500)
    expect(bySubject.rows).toHaveLength(30)
  })

  test('suggests the actions and subject types seen recently', async () => {
    expect(await recentAuditVocabulary(database.db)).toEqual({
      actions: ['portal.link_issued', 'staff.role_changed'],
      subjectTypes: ['customer', 'staff_user'],
    })
  })

  test('finds customers by reference or id for the filter', async () => {
    expect((await findCustomersForFilter(database.db, 'REF-A')).map((c) => c.id)).toEqual([customerA.id])
    expect((await findCustomersForFilter(database.db, customerB.id)).map((c) => c.id)).toEqual([customerB.id])
    expect(await findCustomersForFilter(database.db, 'nope')).toEqual([])
    expect(await findCustomersForFilter(database.db, '  ')).toEqual([])
  })

  test('is append-only: an UPDATE or DELETE through the repository layer is refused and changes nothing', async () => {
    await insertAuditEvent(database.db, { actorType: 'system', action: 'test.original', subjectType: 'test' })
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'test.original'))
    expect(await failureOf(database.db.update(auditEvents).set({ action: 'test.rewritten', after: { forged: true } }).where(eq(auditEvents.id, event!.id)))).toBe('42501')
    expect(await failureOf(database.db.delete(auditEvents).where(eq(auditEvents.id, event!.id)))).toBe('42501')
    expect(await failureOf(database.db.execute(sql`truncate audit_events`))).toBe('42501')
    expect(await failureOf(database.db.transaction((tx) => tx.update(auditEvents).set({ actorId: 'someone-else' })))).toBe('42501')
    const [after] = await database.db.select().from(auditEvents).where(eq(auditEvents.id, event!.id))
    expect(after).toEqual(event)
  })

  test('offers no way to change an event: the read module exports reads only', () => {
    expect(Object.keys(auditLog).sort()).toEqual(['findCustomersForFilter', 'listAuditEvents', 'recentAuditVocabulary'])
  })
})
