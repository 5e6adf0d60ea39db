import { invariant } from '../shared/invariant'

export const DEFAULT_PORTAL_LINK_TTL_DAYS = 90

const DAY_MS = 86_400_000

export type PortalLinkState = 'usable' | 'expired' | 'revoked'

// Revoked wins, so staff who revoked a link see "revoked" whatever its expiry. Any revocation counts, even one
// stamped slightly after `now` by another clock: access fails closed. A link stops working at its expiry instant.
export function portalLinkState(
  link: { expiresAt: Date; revokedAt: Date | null },
  now: Date,
): PortalLinkState {
  invariant(!Number.isNaN(now.getTime()), 'now is an invalid Date')
  invariant(!Number.isNaN(link.expiresAt.getTime()), 'expiresAt is an invalid Date')
  if (link.revokedAt !== null) return 'revoked'
  if (now.getTime() >= link.expiresAt.getTime()) return 'expired'
  return 'usable'
}

// Days of 24 hours: an expiry is an instant, so it is independent of any zone's DST.
export function portalLinkExpiry(issuedAt: Date, ttlDays: number): Date {
  invariant(!Number.isNaN(issuedAt.getTime()), 'issuedAt is an invalid Date')
  invariant(
    Number.isSafeInteger(ttlDays) && ttlDays > 0,
    `ttlDays must be a positive integer, got ${ttlDays}`,
  )
  return new Date(issuedAt.getTime() + ttlDays * DAY_MS)
}
