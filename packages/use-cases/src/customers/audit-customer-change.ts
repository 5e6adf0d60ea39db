import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import type { StaffActor } from './customer-rules'

/** One audit entry for a change a staff member made to a customer or what hangs off it, with before and after. */
export async function auditCustomerChange(
  tx: Db,
  input: {
    actor: StaffActor
    action: string
    customer: { id: string; entityId: string }
    subjectType: 'customer' | 'contact' | 'customer_note'
    subjectId: string
    before: Record<string, unknown> | null
    after: Record<string, unknown> | null
  },
) {
  await insertAuditEvent(tx, {
    actorType: 'staff',
    actorId: input.actor.id,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    entityId: input.customer.entityId,
    customerId: input.customer.id,
    before: input.before,
    after: input.after,
    ipAddress: input.actor.ipAddress ?? null,
  })
}
