import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { rateLimitHits } from '../schema/index'

/** Counts one hit in the bucket's current window and returns the count so far. */
export async function recordRateLimitHit(db: Db, input: { bucket: string; windowStart: Date }) {
  const [row] = await db
    .insert(rateLimitHits)
    .values({ bucket: input.bucket, windowStart: input.windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.bucket, rateLimitHits.windowStart],
      set: { hits: sql`${rateLimitHits.hits} + 1` },
    })
    .returning({ hits: rateLimitHits.hits })
  return row?.hits ?? 1
}

export async function deleteRateLimitWindowsBefore(db: Db, before: Date) {
  await db.delete(rateLimitHits).where(sql`${rateLimitHits.windowStart} < ${before}`)
}
