import type { Db } from '@quittance/db/client'
import { recordRateLimitHit } from '@quittance/db/repositories/rate-limits'

export type RateLimitRule = { name: string; limit: number; windowSeconds: number }

export const RATE_LIMITS = {
  linkRedemption: { name: 'link-redemption', limit: 30, windowSeconds: 60 },
  linkRequestPerIp: { name: 'link-request-ip', limit: 10, windowSeconds: 15 * 60 },
  linkRequestPerAddress: { name: 'link-request-email', limit: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>

/**
 * Counts a hit against a fixed window kept in the database (shared by every process) and says whether the
 * caller is still within the limit.
 */
export async function consumeRateLimit(db: Db, input: { rule: RateLimitRule; key: string; now: Date }) {
  const windowMs = input.rule.windowSeconds * 1000
  const windowStart = new Date(Math.floor(input.now.getTime() / windowMs) * windowMs)
  const hits = await recordRateLimitHit(db, { bucket: `${input.rule.name}:${input.key}`, windowStart })
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - input.now.getTime()) / 1000)
  return { allowed: hits <= input.rule.limit, retryAfterSeconds }
}
