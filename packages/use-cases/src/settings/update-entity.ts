import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { lockEntity, updateEntityProfile, type EntityRow } from '@quittance/db/repositories/settings'
import { changedFields, validateEntityProfile, type EntityProfile, type EntityProfileInvalid, type StaffActor } from './entity-profile'

export type UpdateEntityFailure = EntityProfileInvalid | { kind: 'not-found' }

function profileOf(entity: EntityRow): EntityProfile {
  return {
    legalName: entity.legalName,
    tradeName: entity.tradeName,
    legalForm: entity.legalForm,
    shareCapital: entity.shareCapital,
    addressLines: entity.addressLines,
    postalCode: entity.postalCode,
    city: entity.city,
    country: entity.country,
    siren: entity.siren,
    vatNumber: entity.vatNumber,
    registration: entity.registration,
    email: entity.email,
    phone: entity.phone,
    baseCurrency: entity.baseCurrency,
    timeZone: entity.timeZone,
    legalMentions: entity.legalMentions,
    penaltyRateBasisPoints: entity.penaltyRateBasisPoints,
    portalLinkTtlDays: entity.portalLinkTtlDays,
  }
}

/** Saves an entity's legal identity; the audit event holds the fields that changed, before and after. */
export async function updateEntity(
  db: Db,
  input: { entityId: string; profile: EntityProfile; actor: StaffActor; now: Date },
): Promise<Result<{ changed: boolean }, UpdateEntityFailure>> {
  const validated = validateEntityProfile(input.profile, input.now)
  if (!validated.ok) return err(validated.error)
  return db.transaction(async (tx) => {
    const entity = await lockEntity(tx, input.entityId)
    if (!entity) return err({ kind: 'not-found' as const })
    const diff = changedFields(profileOf(entity), validated.value)
    if (!diff.changed) return ok({ changed: false })
    await updateEntityProfile(tx, entity.id, validated.value)
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'entity.updated',
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
