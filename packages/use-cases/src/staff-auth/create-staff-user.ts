import type { StaffRole } from '@quittance/domain/staff/permissions'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import { sqlStateOf, type Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertStaffUser } from '@quittance/db/repositories/staff'
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords'

export type CreateStaffUserFailure = 'email-taken' | 'password-too-short' | 'invalid-email'

export async function createStaffUser(
  db: Db,
  input: {
    email: string
    name: string
    role: StaffRole
    password: string
    locale: string
    actor: { type: 'staff' | 'system'; id: string | null }
  },
): Promise<Result<{ id: string }, CreateStaffUserFailure>> {
  const email = input.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return err('invalid-email')
  if (input.password.length < MIN_PASSWORD_LENGTH) return err('password-too-short')
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction(async (tx) => {
      const user = await insertStaffUser(tx, { email, name: input.name.trim(), role: input.role, passwordHash, locale: input.locale })
      await insertAuditEvent(tx, {
        actorType: input.actor.type,
        actorId: input.actor.id,
        action: 'staff.created',
        subjectType: 'staff_user',
        subjectId: user.id,
        after: { email, name: user.name, role: user.role, locale: user.locale },
      })
      return ok({ id: user.id })
    })
  } catch (error) {
    if (sqlStateOf(error) === '23505') return err('email-taken')
    throw error
  }
}
