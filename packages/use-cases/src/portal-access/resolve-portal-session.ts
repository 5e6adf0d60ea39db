import type { Db } from '@quittance/db/client'
import { extendPortalSession, findLivePortalSession } from '@quittance/db/repositories/portal-access'
import {
  PORTAL_SESSION_ABSOLUTE_MS,
  PORTAL_SESSION_IDLE_MS,
  PORTAL_SESSION_TOUCH_INTERVAL_MS,
} from './portal-session-policy'
import { hashOpaqueToken, looksLikeOpaqueToken } from './portal-token'

export type PortalDebtor = {
  sessionId: string
  customerId: string
  contactId: string | null
  entityId: string
  customerName: string
  entityName: string
  entityTimeZone: string
}

/** The debtor behind a session cookie, or null when the session is unknown, revoked, idle or too old. */
export async function resolvePortalSession(
  db: Db,
  input: { sessionToken: string | null | undefined; now: Date },
): Promise<PortalDebtor | null> {
  if (!input.sessionToken || !looksLikeOpaqueToken(input.sessionToken)) return null
  const session = await findLivePortalSession(db, {
    sessionHash: hashOpaqueToken(input.sessionToken),
    now: input.now,
  })
  if (!session) return null
  const absoluteEnd = session.createdAt.getTime() + PORTAL_SESSION_ABSOLUTE_MS
  if (input.now.getTime() >= absoluteEnd) return null
  if (input.now.getTime() - session.lastSeenAt.getTime() >= PORTAL_SESSION_TOUCH_INTERVAL_MS) {
    const expiresAt = new Date(Math.min(input.now.getTime() + PORTAL_SESSION_IDLE_MS, absoluteEnd))
    await extendPortalSession(db, { sessionId: session.id, now: input.now, expiresAt })
  }
  return {
    sessionId: session.id,
    customerId: session.customerId,
    contactId: session.contactId,
    entityId: session.entityId,
    customerName: session.customerName,
    entityName: session.entityName,
    entityTimeZone: session.entityTimeZone,
  }
}
