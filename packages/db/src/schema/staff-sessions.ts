import { customType, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id } from './columns'
import { staffUsers } from './staff'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/** A staff browser session; the cookie carries a random id whose SHA-256 is stored here. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: id(),
    sessionHash: bytea().notNull(),
    staffUserId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
    ipAddress: text(),
  },
  (t) => [uniqueIndex('staff_sessions_hash_key').on(t.sessionHash), index('staff_sessions_user_idx').on(t.staffUserId)],
)
