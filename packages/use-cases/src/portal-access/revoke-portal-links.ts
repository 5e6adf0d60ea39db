import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { revokePortalAccessForCustomer } from '@quittance/db/repositories/portal-access'

/** Revokes every link of a customer and signs its debtors out, in one transaction, with an audit entry. */
export async function revokePortalLinks(
  db: Db,
  input: { customerId: string; now: Date; actor: { type: 'staff' | 'system'; id: string | null }; reason: string },
) {
  return db.transaction(async (tx) => {
    const revokedCount = await revokePortalAccessForCustomer(tx, { customerId: input.customerId, now: input.now })
    await insertAuditEvent(tx, {
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: 'portal_link.revoked_all',
      subjectType: 'customer',
      subjectId: input.customerId,
      customerId: input.customerId,
      after: { revokedCount, reason: input.reason },
    })
    return { revokedCount }
  })
}
