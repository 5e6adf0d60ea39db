import { randomBytes, randomUUID } from 'node:crypto'
import type { Db } from '../client'
import { customerNotes, outboxMessages, portalSessions, staffUsers } from '../schema/index'

// Factories for the back office's customer screens: staff members (owners, authors), notes, portal visits and
// queued messages, so timelines and visibility can be tested without going through every use case.

const unique = () => randomUUID().slice(0, 8)

export async function createStaffMember(
  db: Db,
  input: Partial<typeof staffUsers.$inferInsert> & { role: typeof staffUsers.$inferInsert.role },
) {
  const [row] = await db
    .insert(staffUsers)
    .values({ email: `staff-${unique()}@quittance.test`, name: `Staff ${unique()}`, locale: 'en', ...input })
    .returning({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role, email: staffUsers.email })
  return row!
}

export async function createCustomerNote(db: Db, input: { customerId: string; authorId?: string | null; body?: string; createdAt?: Date }) {
  const [row] = await db
    .insert(customerNotes)
    .values({ customerId: input.customerId, authorId: input.authorId ?? null, body: input.body ?? 'Called the customer.', createdAt: input.createdAt })
    .returning()
  return row!
}

/** A debtor's portal session, as the portal starts one when a link is redeemed: a "portal visit". */
export async function createPortalVisit(db: Db, input: { customerId: string; contactId?: string | null; createdAt: Date }) {
  const [row] = await db
    .insert(portalSessions)
    .values({
      sessionHash: randomBytes(32),
      customerId: input.customerId,
      contactId: input.contactId ?? null,
      createdAt: input.createdAt,
      lastSeenAt: input.createdAt,
      expiresAt: new Date(input.createdAt.getTime() + 30 * 60_000),
    })
    .returning()
  return row!
}

export async function createOutboxMessage(
  db: Db,
  input: { entityId: string; customerId: string; contactId?: string | null; createdAt?: Date } & Partial<typeof outboxMessages.$inferInsert>,
) {
  const [row] = await db
    .insert(outboxMessages)
    .values({
      channel: 'email',
      template: 'reminder',
      locale: 'fr',
      recipient: 'compta@example.test',
      subject: 'Rappel : facture échue',
      bodyText: 'Bonjour,',
      idempotencyKey: `test-${unique()}`,
      ...input,
    })
    .returning()
  return row!
}
