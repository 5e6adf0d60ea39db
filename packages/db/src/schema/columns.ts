import { bigint, char, timestamp, uuid } from 'drizzle-orm/pg-core'

// Shared column builders so every table spells ids, money and timestamps the same way.
export const id = () => uuid().primaryKey().defaultRandom()
export const minor = () => bigint({ mode: 'number' })
export const currency = () => char({ length: 3 })
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow()
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow()
