import { sql } from 'drizzle-orm'
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const jobStatus = pgEnum('job_status', ['queued', 'running', 'done', 'failed'])

/**
 * Background work, written in the same transaction as the change that asks for it. Workers claim rows with
 * FOR UPDATE SKIP LOCKED; a crashed worker's claim expires and the job runs again, so handlers are idempotent.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    name: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: jobStatus().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    runAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.runAfter),
    // Migration 0007: the claim walks queued rows only.
    index('jobs_queued_idx')
      .on(t.id)
      .where(sql`${t.status} = 'queued'`),
  ],
)
