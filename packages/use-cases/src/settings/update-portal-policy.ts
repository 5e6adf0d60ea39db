import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { lockEntity, updateEntityPortalPolicy } from '@quittance/db/repositories/settings'
import { changedFields, type StaffActor } from './entity-profile'
import { effectivePortalPolicy, type EffectivePortalPolicy } from './portal-policy'

/** Which actions debtors may take on the portal for this entity's invoices. */
export async function updatePortalPolicy(
  db: Db,
  input: { entityId: string; policy: EffectivePortalPolicy; actor: StaffActor },
): Promise<Result<{ changed: boolean }, 'not-found'>> {
  return db.transaction(async (tx) => {
    const entity = await lockEntity(tx, input.entityId)
    if (!entity) return err('not-found' as const)
    const before = effectivePortalPolicy(entity.portalPolicy)
    const after = effectivePortalPolicy(input.policy)
    const diff = changedFields(before, after)
    // Writes the full policy even when unchanged keys were only implied, so the stored row says it all.
    if (!diff.changed) return ok({ changed: false })
    await updateEntityPortalPolicy(tx, entity.id, after)
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'entity.portal_policy_changed',
      subjectType: 'entity',
      subjectId: entity.id,
      entityId: entity.id,
      before: diff.before,
      after: diff.after,
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ changed: true })
  })
}
