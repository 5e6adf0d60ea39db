/**
 * Lock-out with back-off after repeated wrong passwords: from the 5th failure in a row the account is locked for
 * 1 minute, doubling with each further failure up to 1 hour. A right password resets the count.
 */
export const FAILURES_BEFORE_LOCKOUT = 5
const FIRST_LOCK_MS = 60_000
const LONGEST_LOCK_MS = 60 * 60_000

export function lockedUntilAfterFailure(consecutiveFailures: number, now: Date): Date | null {
  if (consecutiveFailures < FAILURES_BEFORE_LOCKOUT) return null
  const doublings = consecutiveFailures - FAILURES_BEFORE_LOCKOUT
  const duration = Math.min(FIRST_LOCK_MS * 2 ** Math.min(doublings, 30), LONGEST_LOCK_MS)
  return new Date(now.getTime() + duration)
}

export function isLockedOut(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime()
}
