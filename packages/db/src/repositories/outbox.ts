import type { Db } from '../client'
import { outboxMessages } from '../schema/index'

export type NewOutboxMessage = typeof outboxMessages.$inferInsert

/** Writes a message to send; a repeated idempotency key is ignored so retries never queue it twice. */
export async function insertOutboxMessage(db: Db, message: NewOutboxMessage) {
  const rows = await db
    .insert(outboxMessages)
    .values(message)
    .onConflictDoNothing({ target: outboxMessages.idempotencyKey })
    .returning({ id: outboxMessages.id })
  return rows[0] ?? null
}
