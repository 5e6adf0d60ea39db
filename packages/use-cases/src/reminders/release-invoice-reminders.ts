import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { endInvoiceHolds, type HoldKind } from '@quittance/db/repositories/reminders-config'

/**
 * Ends a hold: a dispute resolved, a promise kept or broken, a plan completed or broken. `brokenOn` (a broken
 * promise or plan) starts the scenario's dedicated steps from that day; otherwise the invoice simply resumes its
 * scenario, catching up as the scenario says.
 */
export async function releaseInvoiceReminders(
  db: Db,
  input: { invoiceId: string; kind: HoldKind; sourceId?: string | null; brokenOn?: LocalDate | null; now: Date; actor: { type: 'staff' | 'debtor' | 'system'; id: string | null } },
): Promise<{ ended: number }> {
  const ended = await endInvoiceHolds(db, { invoiceId: input.invoiceId, kind: input.kind, sourceId: input.sourceId ?? null, brokenOn: input.brokenOn ?? null, now: input.now })
  if (ended > 0) {
    await insertAuditEvent(db, {
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: 'reminders.invoice_released',
      subjectType: 'invoice',
      subjectId: input.invoiceId,
      after: { kind: input.kind, brokenOn: input.brokenOn ?? null },
    })
  }
  return { ended }
}
