import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm'
import type { StaffRole } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import { staffSessions, staffUsers } from '../schema/index'

const staffColumns = {
  id: staffUsers.id,
  email: staffUsers.email,
  name: staffUsers.name,
  role: staffUsers.role,
  locale: staffUsers.locale,
  disabledAt: staffUsers.disabledAt,
  createdAt: staffUsers.createdAt,
}

export async function insertStaffUser(
  db: Db,
  input: { email: string; name: string; role: StaffRole; passwordHash: string; locale: string },
) {
  const [row] = await db.insert(staffUsers).values(input).returning(staffColumns)
  return row!
}

/** With the password hash and lock-out state: for sign-in only. */
export async function findStaffCredentialsByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ ...staffColumns, passwordHash: staffUsers.passwordHash, failedLoginCount: staffUsers.failedLoginCount, lockedUntil: staffUsers.lockedUntil })
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = lower(${email})`)
  return row ?? null
}

export async function findStaffUser(db: Db, id: string) {
  const [row] = await db.select(staffColumns).from(staffUsers).where(eq(staffUsers.id, id))
  return row ?? null
}

export async function listStaffUsers(db: Db) {
  return db.select(staffColumns).from(staffUsers).orderBy(asc(staffUsers.name))
}

export async function countStaffUsers(db: Db) {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(staffUsers)
  return row?.count ?? 0
}

export async function recordFailedSignIn(db: Db, input: { staffUserId: string; failedLoginCount: number; lockedUntil: Date | null }) {
  await db
    .update(staffUsers)
    .set({ failedLoginCount: input.failedLoginCount, lockedUntil: input.lockedUntil })
    .where(eq(staffUsers.id, input.staffUserId))
}

export async function recordSuccessfulSignIn(db: Db, staffUserId: string) {
  await db.update(staffUsers).set({ failedLoginCount: 0, lockedUntil: null }).where(eq(staffUsers.id, staffUserId))
}

export async function updateStaffUser(
  db: Db,
  staffUserId: string,
  changes: Partial<{ name: string; role: StaffRole; locale: string; disabledAt: Date | null; passwordHash: string }>,
) {
  const [row] = await db
    .update(staffUsers)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(staffUsers.id, staffUserId))
    .returning(staffColumns)
  return row ?? null
}

export async function insertStaffSession(
  db: Db,
  input: {
    sessionHash: Uint8Array
    staffUserId: string
    createdAt: Date
    expiresAt: Date
    userAgent: string | null
    ipAddress: string | null
  },
) {
  const [row] = await db
    .insert(staffSessions)
    .values({ ...input, lastSeenAt: input.createdAt })
    .returning({ id: staffSessions.id })
  return row!
}

/** A live session of an enabled staff member. */
export async function findLiveStaffSession(db: Db, input: { sessionHash: Uint8Array; now: Date }) {
  const [row] = await db
    .select({
      ...staffColumns,
      sessionId: staffSessions.id,
      sessionCreatedAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffUserId))
    .where(
      and(
        eq(staffSessions.sessionHash, input.sessionHash),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, input.now),
        isNull(staffUsers.disabledAt),
      ),
    )
  return row ?? null
}

export async function extendStaffSession(db: Db, input: { sessionId: string; now: Date; expiresAt: Date }) {
  await db
    .update(staffSessions)
    .set({ lastSeenAt: input.now, expiresAt: input.expiresAt })
    .where(eq(staffSessions.id, input.sessionId))
}

export async function revokeStaffSession(db: Db, input: { sessionHash: Uint8Array; now: Date }) {
  await db
    .update(staffSessions)
    .set({ revokedAt: input.now })
    .where(and(eq(staffSessions.sessionHash, input.sessionHash), isNull(staffSessions.revokedAt)))
}

export async function revokeAllStaffSessions(db: Db, input: { staffUserId: string; now: Date }) {
  const rows = await db
    .update(staffSessions)
    .set({ revokedAt: input.now })
    .where(and(eq(staffSessions.staffUserId, input.staffUserId), isNull(staffSessions.revokedAt)))
    .returning({ id: staffSessions.id })
  return rows.length
}
