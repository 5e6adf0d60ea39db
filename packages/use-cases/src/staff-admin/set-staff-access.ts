import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { revokeAllStaffSessions, updateStaffUser } from '@quittance/db/repositories/staff'
import type { StaffActor } from '../settings/entity-profile'
import { lockForAdminChange, type StaffAdminRefusal } from './staff-admin-rules'

/**
 * Disables an account (it can no longer sign in, and every session it has ends now) or enables it again.
 * An administrator cannot disable themselves, nor the last enabled administrator.
 */
export async function setStaffAccess(
  db: Db,
  input: { staffUserId: string; enabled: boolean; actor: StaffActor; now: Date },
): Promise<Result<{ changed: boolean; endedSessions: number }, StaffAdminRefusal>> {
  return db.transaction(async (tx) => {
    const locked = await lockForAdminChange(tx, { actorId: input.actor.id, staffUserId: input.staffUserId, removesAdmin: !input.enabled })
    if (!locked.ok) return err(locked.error)
    const target = locked.target
    const isEnabled = target.disabledAt === null
    if (isEnabled === input.enabled) return ok({ changed: false, endedSessions: 0 })
    await updateStaffUser(tx, target.id, { disabledAt: input.enabled ? null : input.now })
    const endedSessions = input.enabled ? 0 : await revokeAllStaffSessions(tx, { staffUserId: target.id, now: input.now })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: input.enabled ? 'staff.enabled' : 'staff.disabled',
      subjectType: 'staff_user',
      subjectId: target.id,
      before: { disabledAt: target.disabledAt?.toISOString() ?? null },
      after: { disabledAt: input.enabled ? null : input.now.toISOString(), ...(input.enabled ? {} : { endedSessions }) },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ changed: true, endedSessions })
  })
}
