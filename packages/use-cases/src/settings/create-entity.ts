import { err, ok, type Result } from '@quittance/domain/shared/result'
import { sqlStateOf, type Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertEntity } from '@quittance/db/repositories/settings'
import { validateEntityProfile, type EntityProfile, type EntityProfileInvalid, type StaffActor } from './entity-profile'
import { DEFAULT_PORTAL_POLICY } from './portal-policy'

export type CreateEntityFailure = EntityProfileInvalid | { kind: 'code-invalid' } | { kind: 'code-taken' }

/** Upper-case letters, digits, "-" and "_": it shows in lists, exports and invoice numbering. */
export const ENTITY_CODE = /^[A-Z0-9][A-Z0-9_-]{0,19}$/

export async function createEntity(
  db: Db,
  input: { code: string; profile: EntityProfile; actor: StaffActor; now: Date },
): Promise<Result<{ id: string }, CreateEntityFailure>> {
  const code = input.code.trim().toUpperCase()
  const validated = validateEntityProfile(input.profile, input.now)
  if (!ENTITY_CODE.test(code)) {
    return err(validated.ok ? { kind: 'code-invalid' } : validated.error)
  }
  if (!validated.ok) return err(validated.error)
  try {
    return await db.transaction(async (tx) => {
      const entity = await insertEntity(tx, { ...validated.value, code, portalPolicy: DEFAULT_PORTAL_POLICY })
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: input.actor.id,
        action: 'entity.created',
        subjectType: 'entity',
        subjectId: entity.id,
        entityId: entity.id,
        after: { code, ...validated.value, portalPolicy: DEFAULT_PORTAL_POLICY },
        ipAddress: input.actor.ipAddress ?? null,
      })
      return ok({ id: entity.id })
    })
  } catch (error) {
    if (sqlStateOf(error) === '23505') return err({ kind: 'code-taken' })
    throw error
  }
}
