import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/** Fixed-window counters, in the database so that every process shares them. */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    bucket: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    hits: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
)
