import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client'
import { auditEvents, customers, staffUsers } from '../schema/index'

// Reading the audit log. There is deliberately no function here that changes an event: the table is
// append-only (a trigger refuses UPDATE, DELETE and TRUNCATE), and only use cases add to it, via audit.ts.

export type AuditActorFilter = { kind: 'staff'; staffUserId: string } | { kind: 'system' } | { kind: 'debtor' }

export type AuditLogFilters = {
  actor?: AuditActorFilter
  /** Exact action ("staff.role_changed"), or a prefix when it ends with "*" ("staff.*"). */
  action?: string
  subjectType?: string
  subjectId?: string
  /** Events about these customers (one reference may exist in several entities). */
  customerIds?: string[]
  /** Instants: from inclusive, to exclusive. */
  from?: Date
  to?: Date
}

export type AuditLogCursor = { kind: 'first' } | { kind: 'older-than'; id: number } | { kind: 'newer-than'; id: number }

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function conditions(filters: AuditLogFilters): SQL[] {
  const where: SQL[] = []
  const actor = filters.actor
  if (actor?.kind === 'staff') where.push(and(eq(auditEvents.actorType, 'staff'), eq(auditEvents.actorId, actor.staffUserId))!)
  else if (actor) where.push(eq(auditEvents.actorType, actor.kind))
  if (filters.action) {
    where.push(
      filters.action.endsWith('*')
        ? sql`${auditEvents.action} like ${`${escapeLike(filters.action.slice(0, -1))}%`}`
        : eq(auditEvents.action, filters.action),
    )
  }
  if (filters.subjectType) where.push(eq(auditEvents.subjectType, filters.subjectType))
  if (filters.subjectId) where.push(eq(auditEvents.subjectId, filters.subjectId))
  if (filters.customerIds) {
    // An id list that matched no customer must match no event, not every event.
    if (filters.customerIds.length === 0) where.push(sql`false`)
    else
      where.push(
        or(
          inArray(auditEvents.customerId, filters.customerIds),
          and(eq(auditEvents.subjectType, 'customer'), inArray(auditEvents.subjectId, filters.customerIds)),
        )!,
      )
  }
  if (filters.from) where.push(gte(auditEvents.occurredAt, filters.from))
  if (filters.to) where.push(lt(auditEvents.occurredAt, filters.to))
  return where
}

/**
 * One page of events, newest first, by keyset on the id (stable while new events arrive). `older-than` walks
 * towards the past, `newer-than` back towards the present. Tells whether there are more on either side.
 */
export async function listAuditEvents(db: Db, input: { filters: AuditLogFilters; cursor: AuditLogCursor; limit: number }) {
  const where = conditions(input.filters)
  const cursor = input.cursor
  if (cursor.kind === 'older-than') where.push(lt(auditEvents.id, cursor.id))
  if (cursor.kind === 'newer-than') where.push(gt(auditEvents.id, cursor.id))
  const towardsPresent = cursor.kind === 'newer-than'
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorName: staffUsers.name,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      entityId: auditEvents.entityId,
      customerId: auditEvents.customerId,
      customerName: customers.name,
      before: auditEvents.before,
      after: auditEvents.after,
      ipAddress: auditEvents.ipAddress,
    })
    .from(auditEvents)
    .leftJoin(staffUsers, and(eq(auditEvents.actorType, 'staff'), sql`${staffUsers.id}::text = ${auditEvents.actorId}`))
    .leftJoin(customers, eq(customers.id, auditEvents.customerId))
    .where(and(...where))
    .orderBy(towardsPresent ? asc(auditEvents.id) : desc(auditEvents.id))
    .limit(input.limit + 1)
  const more = rows.length > input.limit
  const page = rows.slice(0, input.limit)
  if (towardsPresent) page.reverse()
  return {
    rows: page,
    hasOlder: towardsPresent ? page.length > 0 : more,
    hasNewer: towardsPresent ? more : cursor.kind === 'older-than' && page.length > 0,
  }
}

/** Action names and subject types seen among the latest events, to suggest in the filters. */
export async function recentAuditVocabulary(db: Db, sample = 5000) {
  const recent = db
    .select({ action: auditEvents.action, subjectType: auditEvents.subjectType })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(sample)
    .as('recent')
  const [actions, subjectTypes] = await Promise.all([
    db.selectDistinct({ value: recent.action }).from(recent).orderBy(asc(recent.action)),
    db.selectDistinct({ value: recent.subjectType }).from(recent).orderBy(asc(recent.subjectType)),
  ])
  return { actions: actions.map((r) => r.value), subjectTypes: subjectTypes.map((r) => r.value) }
}

/** Customers a filter value designates: their id, or their reference (exact, in any entity). At most 20. */
export async function findCustomersForFilter(db: Db, value: string) {
  const trimmed = value.trim()
  if (!trimmed) return []
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed)
  return db
    .select({ id: customers.id, name: customers.name, externalRef: customers.externalRef })
    .from(customers)
    .where(isUuid ? or(eq(customers.id, trimmed), eq(customers.externalRef, trimmed)) : eq(customers.externalRef, trimmed))
    .orderBy(asc(customers.name))
    .limit(20)
}
