import { randomUUID } from 'node:crypto'
import { portalLinkExpiry } from '@quittance/domain/access/portal-link-validity'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  insertPortalAccessToken,
  insertPortalAccessTokenWithAudit,
} from '@quittance/db/repositories/portal-access'
import type { Locale } from '@quittance/i18n/locales'
import { generateOpaqueToken, hashOpaqueToken } from './portal-token'

export type PortalLinkPurpose = 'reminder' | 'requested' | 'operator' | 'staff'

export type IssuedPortalLink = { url: string; tokenId: string; expiresAt: Date }

/**
 * A fresh debtor link whose rows are written by `record(tx)` (the token and its audit event, one statement): for a
 * caller that renders the link into a message before writing it, in its transaction (the reminder worker).
 */
export function preparePortalLink(input: {
  customerId: string
  contactId: string | null
  purpose: PortalLinkPurpose
  locale: Locale
  portalBaseUrl: string
  ttlDays: number
  now: Date
  actor: { type: 'staff' | 'system' | 'debtor'; id: string | null }
}): IssuedPortalLink & { record(tx: Db): Promise<void> } {
  const token = generateOpaqueToken()
  const expiresAt = portalLinkExpiry(input.now, input.ttlDays)
  const id = randomUUID()
  const base = input.portalBaseUrl.replace(/\/+$/, '')
  return {
    url: `${base}/${input.locale}/a/${token}`,
    tokenId: id,
    expiresAt,
    async record(tx) {
      await insertPortalAccessTokenWithAudit(tx, {
        id,
        customerId: input.customerId,
        contactId: input.contactId,
        tokenHash: hashOpaqueToken(token),
        purpose: input.purpose,
        createdAt: input.now,
        expiresAt,
        audit: {
          actorType: input.actor.type,
          actorId: input.actor.id,
          action: 'portal_link.issued',
          after: { purpose: input.purpose, contactId: input.contactId, expiresAt: expiresAt.toISOString() },
        },
      })
    },
  }
}

/** Creates a fresh debtor link. The token itself exists only in the returned URL; we keep its hash. */
export async function issuePortalLink(
  db: Db,
  input: {
    customerId: string
    contactId: string | null
    purpose: PortalLinkPurpose
    locale: Locale
    portalBaseUrl: string
    ttlDays: number
    now: Date
    actor: { type: 'staff' | 'system' | 'debtor'; id: string | null }
  },
): Promise<IssuedPortalLink> {
  const token = generateOpaqueToken()
  const expiresAt = portalLinkExpiry(input.now, input.ttlDays)
  const { id } = await insertPortalAccessToken(db, {
    customerId: input.customerId,
    contactId: input.contactId,
    tokenHash: hashOpaqueToken(token),
    purpose: input.purpose,
    createdAt: input.now,
    expiresAt,
  })
  await insertAuditEvent(db, {
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: 'portal_link.issued',
    subjectType: 'portal_access_token',
    subjectId: id,
    customerId: input.customerId,
    after: { purpose: input.purpose, contactId: input.contactId, expiresAt: expiresAt.toISOString() },
  })
  const base = input.portalBaseUrl.replace(/\/+$/, '')
  return { url: `${base}/${input.locale}/a/${token}`, tokenId: id, expiresAt }
}
