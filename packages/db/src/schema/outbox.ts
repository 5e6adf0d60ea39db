import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './columns'
import { outboxChannel, outboxStatus } from './enums'

/** Every message the system sends is written here first, in the transaction that decided to send it. */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: id(),
    entityId: uuid().notNull(),
    customerId: uuid(),
    contactId: uuid(),
    channel: outboxChannel().notNull(),
    template: text().notNull(),
    locale: text().notNull(),
    recipient: text().notNull(),
    subject: text(),
    bodyText: text().notNull(),
    bodyHtml: text(),
    attachmentDocumentIds: jsonb().$type<string[]>().notNull().default([]),
    idempotencyKey: text().notNull(),
    status: outboxStatus().notNull().default('pending'),
    attempts: jsonb().$type<{ at: string; error: string }[]>().notNull().default([]),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_messages_idempotency_key').on(t.idempotencyKey),
    index('outbox_messages_status_idx').on(t.status, t.createdAt),
    index('outbox_messages_customer_idx').on(t.customerId),
  ],
)
