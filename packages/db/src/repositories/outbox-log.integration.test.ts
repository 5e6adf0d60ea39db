import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { outboxMessages } from '../schema/index'
import { createOutboxEntry, createStoredDocument } from '../seed/factories-admin'
import { createCustomer, createEntity } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { findOutboxAttachment, findOutboxLogMessage, listOutboxAttachments, listOutboxLog, type OutboxLogFilters } from './outbox-log'

describe.each(TEST_DATABASE_KINDS)('outbox reads on %s', (kind) => {
  let database: TestDatabase
  let entityId: string
  let customerA: { id: string }
  let customerB: { id: string }
  let expectedOrder: string[]

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const { db } = database
    entityId = (await createEntity(db)).id
    customerA = await createCustomer(db, { entityId, name: 'Alpha SARL' })
    customerB = await createCustomer(db, { entityId, name: 'Beta GmbH' })
    // 30 messages; groups of three share one creation instant (with microseconds) so the id must break ties.
    for (let i = 0; i < 30; i++) {
      await createOutboxEntry(db, {
        entityId,
        customerId: i % 2 === 0 ? customerA.id : customerB.id,
        channel: i % 5 === 0 ? 'letter' : 'email',
        status: i % 3 === 0 ? 'sent' : 'pending',
        subject: `Message ${i}`,
      })
    }
    await db.execute(sql`update outbox_messages set created_at = timestamptz '2026-03-01 08:00:00.123456+00' + (substr(subject, 9)::int / 3) * interval '1 minute'`)
    const rows = await db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .orderBy(sql`${outboxMessages.createdAt} desc, ${outboxMessages.id} desc`)
    expectedOrder = rows.map((r) => r.id)
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('pages newest first, ties broken by id, without losing or repeating a message, both ways', async () => {
    const seen: string[] = []
    let page = await listOutboxLog(database.db, { filters: {}, cursor: { kind: 'first' }, limit: 7 })
    const pages = [page]
    seen.push(...page.rows.map((r) => r.id))
    while (page.hasOlder) {
      const last = page.rows.at(-1)!
      page = await listOutboxLog(database.db, { filters: {}, cursor: { kind: 'older-than', at: { micros: last.createdMicros, id: last.id } }, limit: 7 })
      pages.push(page)
      seen.push(...page.rows.map((r) => r.id))
    }
    expect(seen).toEqual(expectedOrder)
    expect(pages).toHaveLength(5)
    const lastPage = pages.at(-1)!
    const back = await listOutboxLog(database.db, {
      filters: {},
      cursor: { kind: 'newer-than', at: { micros: lastPage.rows[0]!.createdMicros, id: lastPage.rows[0]!.id } },
      limit: 7,
    })
    expect(back.rows.map((r) => r.id)).toEqual(pages.at(-2)!.rows.map((r) => r.id))
    expect(back).toMatchObject({ hasOlder: true, hasNewer: true })
  })

  test.each([
    { filters: { channel: 'letter' }, expected: 6 },
    { filters: { status: 'sent' }, expected: 10 },
    { filters: { channel: 'email', status: 'sent' }, expected: 8 },
    { filters: { customerIds: [] }, expected: 0 },
  ] as { filters: OutboxLogFilters; expected: number }[])('filters by $filters', async ({ filters, expected }) => {
    const { rows } = await listOutboxLog(database.db, { filters, cursor: { kind: 'first' }, limit: 100 })
    expect(rows).toHaveLength(expected)
  })

  test('filters by customer and names it', async () => {
    const { rows } = await listOutboxLog(database.db, { filters: { customerIds: [customerB.id] }, cursor: { kind: 'first' }, limit: 100 })
    expect(rows).toHaveLength(15)
    expect(new Set(rows.map((r) => r.customerName))).toEqual(new Set(['Beta GmbH']))
  })

  test('serves an attachment only through the message it is attached to', async () => {
    const { db } = database
    const pdf = await createStoredDocument(db, { entityId, customerId: customerA.id, filename: 'relance.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.7 test') })
    const other = await createStoredDocument(db, { entityId, customerId: customerB.id, filename: 'other.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF other') })
    const message = await createOutboxEntry(db, { entityId, customerId: customerA.id, channel: 'letter', attachmentDocumentIds: [pdf.id, 'not-a-uuid'] })
    const found = await findOutboxLogMessage(db, message.id)
    expect(found).toMatchObject({ customerName: 'Alpha SARL', attachmentDocumentIds: [pdf.id, 'not-a-uuid'] })
    expect(await listOutboxAttachments(db, found!.attachmentDocumentIds)).toEqual([
      { id: pdf.id, filename: 'relance.pdf', contentType: 'application/pdf', sizeBytes: 13 },
    ])
    const attachment = await findOutboxAttachment(db, { messageId: message.id, documentId: pdf.id })
    expect(new TextDecoder().decode(attachment!.content)).toBe('%PDF-1.7 test')
    expect(await findOutboxAttachment(db, { messageId: message.id, documentId: other.id })).toBeNull()
  })
})
