import { and, desc, eq, notInArray, sql } from 'drizzle-orm'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import {
  auditEvents,
  contacts,
  customerNotes,
  customers,
  outboxMessages,
  payments,
  portalSessions,
  staffUsers,
} from '../schema/index'
import { visibleCustomers } from './backoffice-customers'

export type TimelineEntry =
  | {
      kind: 'audit'
      id: string
      at: Date
      action: string
      actorType: 'staff' | 'debtor' | 'system'
      actorName: string | null
      subjectType: string
      before: unknown
      after: unknown
    }
  | { kind: 'payment'; id: string; at: Date; receivedOn: string; currency: string; amountMinor: number; method: string }
  | { kind: 'portal_visit'; id: string; at: Date; contactName: string | null }
  | { kind: 'note'; id: string; at: Date; body: string; authorName: string | null }
  | {
      kind: 'message'
      id: string
      at: Date
      channel: string
      template: string
      recipient: string
      subject: string | null
      status: string
      sentAt: Date | null
    }

// What the timeline shows from its own table rather than from the audit log, so it is not listed twice.
const SHOWN_FROM_THEIR_OWN_TABLE = ['customer_note.added']

/**
 * What happened to a visible customer, newest first: changes and link events from the audit log, payments,
 * portal visits (sessions started), notes and the messages queued for them. Each source is read newest first
 * with the same limit, then merged.
 */
export async function listCustomerTimeline(
  db: Db,
  input: { customerId: string; visibility: CustomerVisibility; limit: number },
): Promise<TimelineEntry[]> {
  const visible = visibleCustomers(input.visibility)
  const [audits, paid, visits, notes, messages] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.occurredAt,
        action: auditEvents.action,
        actorType: auditEvents.actorType,
        actorName: staffUsers.name,
        subjectType: auditEvents.subjectType,
        before: auditEvents.before,
        after: auditEvents.after,
      })
      .from(auditEvents)
      .innerJoin(customers, eq(customers.id, auditEvents.customerId))
      .leftJoin(
        staffUsers,
        and(eq(auditEvents.actorType, 'staff'), sql`${staffUsers.id}::text = ${auditEvents.actorId}`),
      )
      .where(and(eq(auditEvents.customerId, input.customerId), notInArray(auditEvents.action, SHOWN_FROM_THEIR_OWN_TABLE), visible))
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(input.limit),
    db
      .select({
        id: payments.id,
        at: payments.createdAt,
        receivedOn: payments.receivedOn,
        currency: payments.currency,
        amountMinor: payments.amountMinor,
        method: payments.method,
      })
      .from(payments)
      .innerJoin(customers, eq(customers.id, payments.customerId))
      .where(and(eq(payments.customerId, input.customerId), visible))
      .orderBy(desc(payments.createdAt))
      .limit(input.limit),
    db
      .select({ id: portalSessions.id, at: portalSessions.createdAt, contactName: contacts.name })
      .from(portalSessions)
      .innerJoin(customers, eq(customers.id, portalSessions.customerId))
      .leftJoin(contacts, eq(contacts.id, portalSessions.contactId))
      .where(and(eq(portalSessions.customerId, input.customerId), visible))
      .orderBy(desc(portalSessions.createdAt))
      .limit(input.limit),
    db
      .select({ id: customerNotes.id, at: customerNotes.createdAt, body: customerNotes.body, authorName: staffUsers.name })
      .from(customerNotes)
      .innerJoin(customers, eq(customers.id, customerNotes.customerId))
      .leftJoin(staffUsers, eq(staffUsers.id, customerNotes.authorId))
      .where(and(eq(customerNotes.customerId, input.customerId), visible))
      .orderBy(desc(customerNotes.createdAt))
      .limit(input.limit),
    db
      .select({
        id: outboxMessages.id,
        at: outboxMessages.createdAt,
        channel: outboxMessages.channel,
        template: outboxMessages.template,
        recipient: outboxMessages.recipient,
        subject: outboxMessages.subject,
        status: outboxMessages.status,
        sentAt: outboxMessages.sentAt,
      })
      .from(outboxMessages)
      .innerJoin(customers, eq(customers.id, outboxMessages.customerId))
      .where(and(eq(outboxMessages.customerId, input.customerId), visible))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(input.limit),
  ])
  const entries: TimelineEntry[] = [
    ...audits.map((row) => ({ ...row, kind: 'audit' as const, id: String(row.id) })),
    ...paid.map((row) => ({ ...row, kind: 'payment' as const })),
    ...visits.map((row) => ({ ...row, kind: 'portal_visit' as const })),
    ...notes.map((row) => ({ ...row, kind: 'note' as const })),
    ...messages.map((row) => ({ ...row, kind: 'message' as const })),
  ]
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, input.limit)
}
