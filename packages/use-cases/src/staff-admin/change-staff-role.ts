import { STAFF_ROLES, type StaffRole } from '@quittance/domain/staff/permissions'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { updateStaffUser } from '@quittance/db/repositories/staff'
import type { StaffActor } from '../settings/entity-profile'
import { lockForAdminChange, type StaffAdminRefusal } from './staff-admin-rules'

/**
 * Gives a staff member another role; it applies from their next request (sessions read the role each time).
 * An administrator cannot change their own role, nor leave the back office without an enabled administrator.
 */
export async function changeStaffRole(
  db: Db,
  input: { staffUserId: string; role: StaffRole; actor: StaffActor },
): Promise<Result<{ changed: boolean }, StaffAdminRefusal | 'invalid-role'>> {
  if (!STAFF_ROLES.includes(input.role)) return err('invalid-role')
  return db.transaction(async (tx) => {
    const locked = await lockForAdminChange(tx, { actorId: input.actor.id, staffUserId: input.staffUserId, removesAdmin: input.role !== 'admin' })
    if (!locked.ok) return err(locked.error)
    const target = locked.target
    if (target.role === input.role) return ok({ changed: false })
    await updateStaffUser(tx, target.id, { role: input.role })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'staff.role_changed',
      subjectType: 'staff_user',
      subjectId: target.id,
      before: { role: target.role },
      after: { role: input.role },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ changed: true })
  })
}
