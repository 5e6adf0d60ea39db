import type { StaffRole } from '@quittance/domain/staff/permissions'
import type { Db } from '@quittance/db/client'
import { lockEnabledAdmins, lockStaffUser } from '@quittance/db/repositories/settings'

export type StaffAdminRefusal = 'not-found' | 'self' | 'last-admin' | 'actor-not-admin'

type Target = NonNullable<Awaited<ReturnType<typeof lockStaffUser>>>

/**
 * Locks what a change of someone's role or access depends on, always in the same order (every enabled
 * administrator by id, then the target) so two administrators acting at once queue instead of deadlocking,
 * and decides the lock-out rules: the actor must still be an enabled administrator, may not change themselves,
 * and at least one enabled administrator must remain.
 */
export async function lockForAdminChange(
  tx: Db,
  input: { actorId: string; staffUserId: string; removesAdmin: boolean },
): Promise<{ ok: true; target: Target } | { ok: false; error: StaffAdminRefusal }> {
  const admins = await lockEnabledAdmins(tx)
  const target = await lockStaffUser(tx, input.staffUserId)
  if (!target) return { ok: false, error: 'not-found' }
  if (!admins.includes(input.actorId)) return { ok: false, error: 'actor-not-admin' }
  if (target.id === input.actorId) return { ok: false, error: 'self' }
  const targetIsEnabledAdmin = target.role === ('admin' satisfies StaffRole) && target.disabledAt === null
  if (targetIsEnabledAdmin && input.removesAdmin && admins.filter((id) => id !== target.id).length === 0) {
    return { ok: false, error: 'last-admin' }
  }
  return { ok: true, target }
}
