import { customType, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './columns'
import { contacts, customers } from './customers'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/** A debtor link. Only the SHA-256 of the 256-bit token is stored. */
export const portalAccessTokens = pgTable(
  'portal_access_tokens',
  {
    id: id(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    contactId: uuid().references(() => contacts.id, { onDelete: 'set null' }),
    tokenHash: bytea().notNull(),
    purpose: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('portal_access_tokens_hash_key').on(t.tokenHash),
    index('portal_access_tokens_customer_idx').on(t.customerId),
  ],
)

/** A debtor's browser session; the cookie carries a random id whose hash is stored here. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    id: id(),
    sessionHash: bytea().notNull(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    contactId: uuid().references(() => contacts.id, { onDelete: 'set null' }),
    accessTokenId: uuid().references(() => portalAccessTokens.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
    ipAddress: text(),
  },
  (t) => [
    uniqueIndex('portal_sessions_hash_key').on(t.sessionHash),
    index('portal_sessions_customer_idx').on(t.customerId),
  ],
)
