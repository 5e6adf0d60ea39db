import { asc, sql } from 'drizzle-orm'
import { queryRows, type Db } from '../client'
import { outboxMessages } from '../schema/index'

// Read-only views for tests that must look at what was stored, not at what the code returned.

const INSPECTABLE_TABLES = ['portal_access_tokens', 'portal_sessions', 'outbox_messages', 'audit_events'] as const

/** Every row of a table as JSON text: lets a test prove that a secret was never stored in clear. */
export async function tableAsText(db: Db, table: (typeof INSPECTABLE_TABLES)[number]): Promise<string[]> {
  if (!INSPECTABLE_TABLES.includes(table)) throw new Error(`not inspectable: ${table}`)
  const rows = await queryRows<{ row: string }>(db, sql`select row_to_json(t)::text as row from ${sql.identifier(table)} t`)
  return rows.map((r) => r.row)
}

export async function listOutboxMessages(db: Db) {
  return db
    .select({
      id: outboxMessages.id,
      customerId: outboxMessages.customerId,
      contactId: outboxMessages.contactId,
      recipient: outboxMessages.recipient,
      locale: outboxMessages.locale,
      subject: outboxMessages.subject,
      bodyText: outboxMessages.bodyText,
      template: outboxMessages.template,
    })
    .from(outboxMessages)
    .orderBy(asc(outboxMessages.createdAt))
}
