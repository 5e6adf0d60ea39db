import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { lockStaffUser, revokeOtherStaffSessions } from '@quittance/db/repositories/settings'
import { updateStaffUser } from '@quittance/db/repositories/staff'
import { consumeRateLimit, type RateLimitRule } from '../rate-limits/consume-rate-limit'
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../staff-auth/passwords'

/** Longer than any passphrase; bounds the work argon2 is asked to do. */
export const MAX_PASSWORD_LENGTH = 1024

// Someone who finds an unlocked session must not be able to guess the current password at leisure.
const ATTEMPTS_PER_ACCOUNT: RateLimitRule = { name: 'staff-password-change', limit: 5, windowSeconds: 15 * 60 }

export type ChangeOwnPasswordFailure = 'wrong-password' | 'too-short' | 'too-long' | 'same-as-current' | 'rate-limited' | 'not-found'

/**
 * A staff member changes their own password: the current one is required, the new one has at least 12
 * characters, and every other session of theirs ends (this one stays signed in).
 */
export async function changeOwnPassword(
  db: Db,
  input: { staffUserId: string; sessionId: string; currentPassword: string; newPassword: string; now: Date; ipAddress?: string | null },
): Promise<Result<{ endedSessions: number }, ChangeOwnPasswordFailure>> {
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) return err('too-short')
  if (input.newPassword.length > MAX_PASSWORD_LENGTH || input.currentPassword.length > MAX_PASSWORD_LENGTH) return err('too-long')
  const limit = await consumeRateLimit(db, { rule: ATTEMPTS_PER_ACCOUNT, key: input.staffUserId, now: input.now })
  if (!limit.allowed) return err('rate-limited')
  const newHash = await hashPassword(input.newPassword)
  return db.transaction(async (tx) => {
    const me = await lockStaffUser(tx, input.staffUserId)
    if (!me) return err('not-found' as const)
    if (!(await verifyPassword(me.passwordHash, input.currentPassword))) {
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: me.id,
        action: 'staff.password_change_refused',
        subjectType: 'staff_user',
        subjectId: me.id,
        after: { reason: 'wrong-password' },
        ipAddress: input.ipAddress ?? null,
      })
      return err('wrong-password' as const)
    }
    if (input.newPassword === input.currentPassword) return err('same-as-current' as const)
    await updateStaffUser(tx, me.id, { passwordHash: newHash })
    const endedSessions = await revokeOtherStaffSessions(tx, { staffUserId: me.id, keepSessionId: input.sessionId, now: input.now })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: me.id,
      action: 'staff.password_changed',
      subjectType: 'staff_user',
      subjectId: me.id,
      after: { endedSessions },
      ipAddress: input.ipAddress ?? null,
    })
    return ok({ endedSessions })
  })
}
