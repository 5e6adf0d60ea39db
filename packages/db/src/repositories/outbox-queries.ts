import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { outboxMessages } from '../schema/index'

/** How many messages were queued for one contact, optionally only those of one template. */
export async function countOutboxMessagesForContact(db: Db, input: { contactId: string; template?: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.contactId, input.contactId),
        input.template === undefined ? undefined : eq(outboxMessages.template, input.template),
      ),
    )
  return row?.count ?? 0
}
