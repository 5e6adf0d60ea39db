import type { Db } from '../client'
import { auditEvents } from '../schema/index'

export type NewAuditEvent = typeof auditEvents.$inferInsert

export async function insertAuditEvent(db: Db, event: NewAuditEvent) {
  await db.insert(auditEvents).values(event)
}
