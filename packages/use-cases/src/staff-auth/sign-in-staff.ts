import { isLockedOut, lockedUntilAfterFailure } from '@quittance/domain/staff/sign-in-lockout'
import type { StaffRole } from '@quittance/domain/staff/permissions'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  findStaffCredentialsByEmail,
  insertStaffSession,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  revokeStaffSession,
} from '@quittance/db/repositories/staff'
import { generateOpaqueToken, hashOpaqueToken, looksLikeOpaqueToken } from '../portal-access/portal-token'
import { consumeRateLimit, type RateLimitRule } from '../rate-limits/consume-rate-limit'
import { verifyPassword } from './passwords'
import { STAFF_SESSION_IDLE_MS } from './staff-session-policy'

export type SignInFailure = 'invalid-credentials' | 'locked'
export type SignedIn = { sessionToken: string; staff: { id: string; name: string; role: StaffRole; locale: string } }

// Also counted for addresses that have no account, so a lock-out message reveals nothing.
const ATTEMPTS_PER_ADDRESS: RateLimitRule = { name: 'staff-sign-in-email', limit: 10, windowSeconds: 15 * 60 }

/**
 * E-mail and password sign-in. Unknown e-mail and wrong password are one answer after the same work; repeated
 * failures lock the account with back-off; a success always starts a brand-new session (rotation) and ends the
 * session the browser had before.
 */
export async function signInStaff(
  db: Db,
  input: {
    email: string
    password: string
    now: Date
    previousSessionToken: string | null
    userAgent: string | null
    ipAddress: string | null
  },
): Promise<Result<SignedIn, SignInFailure>> {
  const email = input.email.trim().toLowerCase()
  const perAddress = await consumeRateLimit(db, { rule: ATTEMPTS_PER_ADDRESS, key: email, now: input.now })
  const staff = await findStaffCredentialsByEmail(db, email)
  const passwordOk = await verifyPassword(staff?.passwordHash ?? null, input.password)
  if (!perAddress.allowed) return err('locked')
  if (!staff || staff.disabledAt) return err('invalid-credentials')
  if (isLockedOut(staff.lockedUntil, input.now)) return err('locked')
  if (!passwordOk) {
    const failures = staff.failedLoginCount + 1
    await db.transaction(async (tx) => {
      await recordFailedSignIn(tx, {
        staffUserId: staff.id,
        failedLoginCount: failures,
        lockedUntil: lockedUntilAfterFailure(failures, input.now),
      })
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'staff.sign_in_failed',
        subjectType: 'staff_user',
        subjectId: staff.id,
        after: { consecutiveFailures: failures },
        ipAddress: input.ipAddress,
      })
    })
    return err('invalid-credentials')
  }
  const sessionToken = generateOpaqueToken()
  await db.transaction(async (tx) => {
    await recordSuccessfulSignIn(tx, staff.id)
    if (input.previousSessionToken && looksLikeOpaqueToken(input.previousSessionToken)) {
      await revokeStaffSession(tx, { sessionHash: hashOpaqueToken(input.previousSessionToken), now: input.now })
    }
    await insertStaffSession(tx, {
      sessionHash: hashOpaqueToken(sessionToken),
      staffUserId: staff.id,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + STAFF_SESSION_IDLE_MS),
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      ipAddress: input.ipAddress,
    })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: staff.id,
      action: 'staff.signed_in',
      subjectType: 'staff_user',
      subjectId: staff.id,
      ipAddress: input.ipAddress,
    })
  })
  return ok({ sessionToken, staff: { id: staff.id, name: staff.name, role: staff.role, locale: staff.locale } })
}
