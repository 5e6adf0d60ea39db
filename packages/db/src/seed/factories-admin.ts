import { createHash, randomUUID } from 'node:crypto'
import type { StaffRole } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import { auditEvents, documents, outboxMessages, staffUsers } from '../schema/index'

// Factories for the settings, users, audit log and outbox screens' tests.

const unique = () => randomUUID().slice(0, 8)

/**
 * A staff member without a usable password (tests that sign in use the createStaffUser use case, which hashes
 * one). Disabled when `disabledAt` is given.
 */
export async function createStaffMember(
  db: Db,
  input: { role: StaffRole; name?: string; email?: string; locale?: string; disabledAt?: Date | null },
) {
  const [row] = await db
    .insert(staffUsers)
    .values({
      email: input.email ?? `staff-${unique()}@quittance.test`,
      name: input.name ?? `Staff ${unique()}`,
      role: input.role,
      locale: input.locale ?? 'fr',
      passwordHash: null,
      disabledAt: input.disabledAt ?? null,
    })
    .returning({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role })
  return row!
}

/** An audit event as a use case would write it, at a chosen time. */
export async function createAuditEventAt(db: Db, input: Partial<typeof auditEvents.$inferInsert> & { action: string; occurredAt: Date }) {
  const [row] = await db
    .insert(auditEvents)
    .values({ actorType: 'system', subjectType: 'test', ...input })
    .returning({ id: auditEvents.id })
  return row!
}

/** A message in the outbox, by default an e-mail waiting to be sent. */
export async function createOutboxEntry(
  db: Db,
  input: { entityId: string } & Partial<typeof outboxMessages.$inferInsert>,
) {
  const [row] = await db
    .insert(outboxMessages)
    .values({
      channel: 'email',
      template: 'reminder-1',
      locale: 'fr',
      recipient: `debtor-${unique()}@example.test`,
      subject: 'Rappel : facture échue',
      bodyText: 'Bonjour,\n\nSauf erreur de notre part, la facture F-1 reste impayée.\n',
      idempotencyKey: `test:${randomUUID()}`,
      ...input,
    })
    .returning({ id: outboxMessages.id, createdAt: outboxMessages.createdAt })
  return row!
}

/** A stored file of any kind (a letter PDF, an attachment). */
export async function createStoredDocument(
  db: Db,
  input: { entityId: string; customerId?: string | null; filename: string; contentType: string; content: Uint8Array; kind?: typeof documents.$inferInsert.kind },
) {
  const [row] = await db
    .insert(documents)
    .values({
      entityId: input.entityId,
      customerId: input.customerId ?? null,
      kind: input.kind ?? 'letter',
      filename: input.filename,
      contentType: input.contentType,
      sizeBytes: input.content.byteLength,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      content: input.content,
    })
    .returning({ id: documents.id })
  return row!
}
