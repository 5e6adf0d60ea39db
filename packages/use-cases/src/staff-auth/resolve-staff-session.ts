import type { StaffRole } from '@quittance/domain/staff/permissions'
import type { Db } from '@quittance/db/client'
import { extendStaffSession, findLiveStaffSession } from '@quittance/db/repositories/staff'
import { hashOpaqueToken, looksLikeOpaqueToken } from '../portal-access/portal-token'
import { STAFF_SESSION_ABSOLUTE_MS, STAFF_SESSION_IDLE_MS, STAFF_SESSION_TOUCH_INTERVAL_MS } from './staff-session-policy'

export type StaffMember = { sessionId: string; id: string; email: string; name: string; role: StaffRole; locale: string }

/** The staff member behind a session cookie, or null when unknown, revoked, idle, too old, or the account disabled. */
export async function resolveStaffSession(
  db: Db,
  input: { sessionToken: string | null | undefined; now: Date },
): Promise<StaffMember | null> {
  if (!input.sessionToken || !looksLikeOpaqueToken(input.sessionToken)) return null
  const session = await findLiveStaffSession(db, { sessionHash: hashOpaqueToken(input.sessionToken), now: input.now })
  if (!session) return null
  const absoluteEnd = session.sessionCreatedAt.getTime() + STAFF_SESSION_ABSOLUTE_MS
  if (input.now.getTime() >= absoluteEnd) return null
  if (input.now.getTime() - session.lastSeenAt.getTime() >= STAFF_SESSION_TOUCH_INTERVAL_MS) {
    const expiresAt = new Date(Math.min(input.now.getTime() + STAFF_SESSION_IDLE_MS, absoluteEnd))
    await extendStaffSession(db, { sessionId: session.sessionId, now: input.now, expiresAt })
  }
  return {
    sessionId: session.sessionId,
    id: session.id,
    email: session.email,
    name: session.name,
    role: session.role,
    locale: session.locale,
  }
}
