import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client'
import { creditorEntities, customers, documents, outboxMessages } from '../schema/index'

// Reading the outbox: every message the system sent or would send, as it was rendered.

export const OUTBOX_CHANNELS = outboxMessages.channel.enumValues
export const OUTBOX_STATUSES = outboxMessages.status.enumValues
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number]
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

export type OutboxLogFilters = { channel?: OutboxChannel; status?: OutboxStatus; customerIds?: string[] }

/**
 * Keyset position: creation time in whole microseconds (what PostgreSQL stores; a JS Date would drop them) and
 * the id to break ties.
 */
export type OutboxCursor = { micros: string; id: string }
export type OutboxPageCursor = { kind: 'first' } | { kind: 'older-than'; at: OutboxCursor } | { kind: 'newer-than'; at: OutboxCursor }

const createdMicros = sql<string>`(extract(epoch from ${outboxMessages.createdAt}) * 1000000)::bigint::text`

function instantOf(micros: string) {
  return sql`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`
}

function conditions(filters: OutboxLogFilters): SQL[] {
  const where: SQL[] = []
  if (filters.channel) where.push(eq(outboxMessages.channel, filters.channel))
  if (filters.status) where.push(eq(outboxMessages.status, filters.status))
  if (filters.customerIds) where.push(filters.customerIds.length ? inArray(outboxMessages.customerId, filters.customerIds) : sql`false`)
  return where
}

/** One page of messages, newest first, with whether there are more on either side. */
export async function listOutboxLog(db: Db, input: { filters: OutboxLogFilters; cursor: OutboxPageCursor; limit: number }) {
  const where = conditions(input.filters)
  const cursor = input.cursor
  if (cursor.kind !== 'first') {
    const position = sql`(${outboxMessages.createdAt}, ${outboxMessages.id})`
    const at = sql`(${instantOf(cursor.at.micros)}, ${cursor.at.id}::uuid)`
    where.push(cursor.kind === 'older-than' ? sql`${position} < ${at}` : sql`${position} > ${at}`)
  }
  const towardsPresent = cursor.kind === 'newer-than'
  const direction = towardsPresent ? asc : desc
  const rows = await db
    .select({
      id: outboxMessages.id,
      createdMicros,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
      channel: outboxMessages.channel,
      template: outboxMessages.template,
      locale: outboxMessages.locale,
      recipient: outboxMessages.recipient,
      subject: outboxMessages.subject,
      status: outboxMessages.status,
      customerId: outboxMessages.customerId,
      customerName: customers.name,
      attachmentCount: sql<number>`jsonb_array_length(${outboxMessages.attachmentDocumentIds})::int`,
    })
    .from(outboxMessages)
    .leftJoin(customers, eq(customers.id, outboxMessages.customerId))
    .where(and(...where))
    .orderBy(direction(outboxMessages.createdAt), direction(outboxMessages.id))
    .limit(input.limit + 1)
  const more = rows.length > input.limit
  const page = rows.slice(0, input.limit)
  if (towardsPresent) page.reverse()
  return {
    rows: page,
    hasOlder: towardsPresent ? page.length > 0 : more,
    hasNewer: towardsPresent ? more : cursor.kind === 'older-than' && page.length > 0,
  }
}

/** One message as it was rendered, with its customer and entity names. */
export async function findOutboxLogMessage(db: Db, messageId: string) {
  const [row] = await db
    .select({
      id: outboxMessages.id,
      entityId: outboxMessages.entityId,
      entityName: creditorEntities.legalName,
      customerId: outboxMessages.customerId,
      customerName: customers.name,
      customerRef: customers.externalRef,
      contactId: outboxMessages.contactId,
      channel: outboxMessages.channel,
      template: outboxMessages.template,
      locale: outboxMessages.locale,
      recipient: outboxMessages.recipient,
      subject: outboxMessages.subject,
      bodyText: outboxMessages.bodyText,
      bodyHtml: outboxMessages.bodyHtml,
      attachmentDocumentIds: outboxMessages.attachmentDocumentIds,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .leftJoin(customers, eq(customers.id, outboxMessages.customerId))
    .leftJoin(creditorEntities, eq(creditorEntities.id, outboxMessages.entityId))
    .where(eq(outboxMessages.id, messageId))
  return row ?? null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Names and sizes (not contents) of a message's attachments, in the message's order. */
export async function listOutboxAttachments(db: Db, documentIds: readonly string[]) {
  const ids = documentIds.filter((id) => UUID.test(id))
  if (ids.length === 0) return []
  const rows = await db
    .select({ id: documents.id, filename: documents.filename, contentType: documents.contentType, sizeBytes: documents.sizeBytes })
    .from(documents)
    .where(inArray(documents.id, ids))
  return ids.flatMap((id) => rows.filter((row) => row.id === id))
}

/** A document's content, only if it is attached to that message: the message is what grants access to it. */
export async function findOutboxAttachment(db: Db, input: { messageId: string; documentId: string }) {
  const [row] = await db
    .select({
      id: documents.id,
      filename: documents.filename,
      contentType: documents.contentType,
      sizeBytes: documents.sizeBytes,
      content: documents.content,
    })
    .from(outboxMessages)
    .innerJoin(documents, eq(documents.id, input.documentId))
    .where(
      and(
        eq(outboxMessages.id, input.messageId),
        sql`${outboxMessages.attachmentDocumentIds} @> jsonb_build_array(${input.documentId}::text)`,
      ),
    )
  return row ?? null
}
