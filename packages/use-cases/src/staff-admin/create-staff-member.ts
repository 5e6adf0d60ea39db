import { randomBytes } from 'node:crypto'
import { STAFF_ROLES, type StaffRole } from '@quittance/domain/staff/permissions'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import { isLocale } from '@quittance/i18n/locales'
import type { Db } from '@quittance/db/client'
import { createStaffUser, type CreateStaffUserFailure } from '../staff-auth/create-staff-user'
import { MAX_PASSWORD_LENGTH } from './change-own-password'
import type { StaffActor } from '../settings/entity-profile'

export type CreateStaffMemberFailure = CreateStaffUserFailure | 'invalid-name' | 'invalid-role' | 'invalid-locale' | 'password-too-long'

/** 18 random bytes: 24 URL-safe characters, 144 bits. */
export function generateInitialPassword(): string {
  return randomBytes(18).toString('base64url')
}

/**
 * An administrator opens an account. Without a password one is generated and returned once, to hand over; it
 * is never stored in clear nor written to the audit log.
 */
export async function createStaffMember(
  db: Db,
  input: { name: string; email: string; role: StaffRole; locale: string; password: string | null; actor: StaffActor },
): Promise<Result<{ id: string; generatedPassword: string | null }, CreateStaffMemberFailure>> {
  const name = input.name.trim()
  if (name.length === 0 || name.length > 200) return err('invalid-name')
  if (!STAFF_ROLES.includes(input.role)) return err('invalid-role')
  if (!isLocale(input.locale)) return err('invalid-locale')
  if (input.password !== null && input.password.length > MAX_PASSWORD_LENGTH) return err('password-too-long')
  const generatedPassword = input.password === null ? generateInitialPassword() : null
  const created = await createStaffUser(db, {
    email: input.email,
    name,
    role: input.role,
    locale: input.locale,
    password: generatedPassword ?? input.password!,
    actor: { type: 'staff', id: input.actor.id },
  })
  if (!created.ok) return created
  return ok({ id: created.value.id, generatedPassword })
}
