import { portalLinkState } from '@quittance/domain/access/portal-link-validity'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { findPortalAccessTokenByHash } from '@quittance/db/repositories/portal-access'
import { startPortalSession, type StartedPortalSession } from './start-portal-session'
import { hashOpaqueToken, looksLikeOpaqueToken } from './portal-token'

export type RedeemedPortalLink = StartedPortalSession & { preferredLanguage: string | null }

/**
 * Turns a link into a session. Unknown, expired and revoked links give the same answer after the same work
 * (one hash, one indexed lookup), so the response tells an attacker nothing. Nothing but the session changes.
 */
export async function redeemPortalLink(
  db: Db,
  input: { token: string; now: Date; userAgent: string | null; ipAddress: string | null },
): Promise<Result<RedeemedPortalLink, 'link-unusable'>> {
  const candidate = looksLikeOpaqueToken(input.token) ? input.token : 'x'.repeat(43)
  const link = await findPortalAccessTokenByHash(db, hashOpaqueToken(candidate))
  if (!link || candidate !== input.token || portalLinkState(link, input.now) !== 'usable') return err('link-unusable')
  const session = await startPortalSession(db, {
    customerId: link.customerId,
    contactId: link.contactId,
    accessTokenId: link.id,
    now: input.now,
    userAgent: input.userAgent,
    ipAddress: input.ipAddress,
  })
  return ok({ ...session, preferredLanguage: link.contactLanguage ?? link.customerLanguage })
}
