import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { queryRowsPrepared, type Db } from '../client'
import { contacts, creditorEntities, customers, portalAccessTokens, portalSessions } from '../schema/index'

export async function insertPortalAccessToken(
  db: Db,
  input: {
    customerId: string
    contactId: string | null
    tokenHash: Uint8Array
    purpose: string
    createdAt: Date
    expiresAt: Date
  },
) {
  const [row] = await db.insert(portalAccessTokens).values(input).returning({ id: portalAccessTokens.id })
  return row!
}

/**
 * A new token and its audit event ('portal_link.issued') in one statement, as `insertPortalAccessToken` then
 * `insertAuditEvent`: for the reminder worker, which issues one link per message.
 */
export async function insertPortalAccessTokenWithAudit(
  db: Db,
  input: {
    id: string
    customerId: string
    contactId: string | null
    tokenHash: Uint8Array
    purpose: string
    createdAt: Date
    expiresAt: Date
    audit: {
      actorType: 'staff' | 'debtor' | 'system'
      actorId: string | null
      action: string
      after: Record<string, unknown>
    }
  },
) {
  await queryRowsPrepared(
    db,
    sql`with token as (
          insert into portal_access_tokens (id, customer_id, contact_id, token_hash, purpose, created_at, expires_at)
          values (${input.id}::uuid, ${input.customerId}::uuid, ${input.contactId}::uuid, ${Buffer.from(input.tokenHash)}::bytea, ${input.purpose}::text,
                  ${input.createdAt.toISOString()}::timestamptz, ${input.expiresAt.toISOString()}::timestamptz)
          returning id)
        insert into audit_events (actor_type, actor_id, action, subject_type, subject_id, customer_id, after)
        select ${input.audit.actorType}::actor_type, ${input.audit.actorId}::text, ${input.audit.action}::text, 'portal_access_token',
               token.id::text, ${input.customerId}::uuid, ${JSON.stringify(input.audit.after)}::jsonb
          from token`,
  )
}

export async function findPortalAccessTokenByHash(db: Db, tokenHash: Uint8Array) {
  const [row] = await db
    .select({
      id: portalAccessTokens.id,
      customerId: portalAccessTokens.customerId,
      contactId: portalAccessTokens.contactId,
      expiresAt: portalAccessTokens.expiresAt,
      revokedAt: portalAccessTokens.revokedAt,
      contactLanguage: contacts.language,
      customerLanguage: customers.language,
    })
    .from(portalAccessTokens)
    .innerJoin(customers, eq(customers.id, portalAccessTokens.customerId))
    .leftJoin(contacts, eq(contacts.id, portalAccessTokens.contactId))
    .where(eq(portalAccessTokens.tokenHash, tokenHash))
  return row ?? null
}

/** Revokes every live link of the customer and ends its sessions; returns how many links were revoked. */
export async function revokePortalAccessForCustomer(db: Db, input: { customerId: string; now: Date }) {
  const revoked = await db
    .update(portalAccessTokens)
    .set({ revokedAt: input.now })
    .where(and(eq(portalAccessTokens.customerId, input.customerId), isNull(portalAccessTokens.revokedAt)))
    .returning({ id: portalAccessTokens.id })
  await db
    .update(portalSessions)
    .set({ revokedAt: input.now })
    .where(and(eq(portalSessions.customerId, input.customerId), isNull(portalSessions.revokedAt)))
  return revoked.length
}

export async function insertPortalSession(
  db: Db,
  input: {
    sessionHash: Uint8Array
    customerId: string
    contactId: string | null
    accessTokenId: string | null
    createdAt: Date
    lastSeenAt: Date
    expiresAt: Date
    userAgent: string | null
    ipAddress: string | null
  },
) {
  const [row] = await db.insert(portalSessions).values(input).returning({ id: portalSessions.id })
  return row!
}

function buildLiveSessionStatement(db: Db) {
  return db
    .select({
      id: portalSessions.id,
      customerId: portalSessions.customerId,
      contactId: portalSessions.contactId,
      lastSeenAt: portalSessions.lastSeenAt,
      expiresAt: portalSessions.expiresAt,
      createdAt: portalSessions.createdAt,
      entityId: customers.entityId,
      customerName: customers.name,
      entityName: sql<string>`coalesce(${creditorEntities.tradeName}, ${creditorEntities.legalName})`,
      entityTimeZone: creditorEntities.timeZone,
    })
    .from(portalSessions)
    .innerJoin(customers, eq(customers.id, portalSessions.customerId))
    .innerJoin(creditorEntities, eq(creditorEntities.id, customers.entityId))
    .where(
      and(
        // Placeholders are encoded like their columns (the instant as an ISO string), as plain values are.
        eq(portalSessions.sessionHash, sql.param(sql.placeholder('sessionHash'), portalSessions.sessionHash)),
        isNull(portalSessions.revokedAt),
        gt(portalSessions.expiresAt, sql.param(sql.placeholder('now'), portalSessions.expiresAt)),
      ),
    )
    .prepare('portal_live_session')
}

// Every portal request looks its session up: the query is built once per database client and prepared.
const liveSessionStatements = new WeakMap<Db, ReturnType<typeof buildLiveSessionStatement>>()

/** A live session with what every portal page needs about its customer. */
export async function findLivePortalSession(db: Db, input: { sessionHash: Uint8Array; now: Date }) {
  let statement = liveSessionStatements.get(db)
  if (!statement) {
    statement = buildLiveSessionStatement(db)
    liveSessionStatements.set(db, statement)
  }
  const [row] = await statement.execute({ sessionHash: input.sessionHash, now: input.now })
  return row ?? null
}

export async function extendPortalSession(db: Db, input: { sessionId: string; now: Date; expiresAt: Date }) {
  await db
    .update(portalSessions)
    .set({ lastSeenAt: input.now, expiresAt: input.expiresAt })
    .where(eq(portalSessions.id, input.sessionId))
}

export async function revokePortalSession(db: Db, input: { sessionHash: Uint8Array; now: Date }) {
  await db
    .update(portalSessions)
    .set({ revokedAt: input.now })
    .where(and(eq(portalSessions.sessionHash, input.sessionHash), isNull(portalSessions.revokedAt)))
}

export async function countLivePortalLinks(db: Db, input: { customerId: string; now: Date }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(portalAccessTokens)
    .where(
      and(
        eq(portalAccessTokens.customerId, input.customerId),
        isNull(portalAccessTokens.revokedAt),
        gt(portalAccessTokens.expiresAt, input.now),
      ),
    )
  return row?.count ?? 0
}
