import type { Db } from '@quittance/db/client'
import { insertPortalSession } from '@quittance/db/repositories/portal-access'
import { PORTAL_SESSION_IDLE_MS } from './portal-session-policy'
import { generateOpaqueToken, hashOpaqueToken } from './portal-token'

export type StartedPortalSession = { sessionToken: string; sessionId: string; customerId: string; expiresAt: Date }

/** Always a brand-new session id, so a cookie planted before sign-in is worthless (no fixation). */
export async function startPortalSession(
  db: Db,
  input: {
    customerId: string
    contactId: string | null
    accessTokenId: string | null
    now: Date
    userAgent: string | null
    ipAddress: string | null
  },
): Promise<StartedPortalSession> {
  const sessionToken = generateOpaqueToken()
  const expiresAt = new Date(input.now.getTime() + PORTAL_SESSION_IDLE_MS)
  const { id } = await insertPortalSession(db, {
    sessionHash: hashOpaqueToken(sessionToken),
    customerId: input.customerId,
    contactId: input.contactId,
    accessTokenId: input.accessTokenId,
    // The caller's clock, not the database's: session lifetimes are business rules tested with a pinned `now`.
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
    ipAddress: input.ipAddress,
  })
  return { sessionToken, sessionId: id, customerId: input.customerId, expiresAt }
}
