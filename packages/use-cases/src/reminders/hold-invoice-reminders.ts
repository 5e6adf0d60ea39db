import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertInvoiceHold, type HoldKind } from '@quittance/db/repositories/reminders-config'

/**
 * For the features that hold reminders (an open dispute, a promise until its date plus grace, a payment plan): the
 * engine skips the invoice while the hold is open and resumes when it ends (`releaseInvoiceReminders`). Call it in
 * the transaction that opens the dispute, records the promise or accepts the plan.
 */
export async function holdInvoiceReminders(
  db: Db,
  input: { invoiceId: string; kind: HoldKind; until?: LocalDate | null; source: { type: string; id: string } | null; actor: { type: 'staff' | 'debtor' | 'system'; id: string | null } },
) {
  const hold = await insertInvoiceHold(db, {
    invoiceId: input.invoiceId,
    kind: input.kind,
    until: input.until ?? null,
    sourceType: input.source?.type ?? null,
    sourceId: input.source?.id ?? null,
  })
  await insertAuditEvent(db, {
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: 'reminders.invoice_held',
    subjectType: 'invoice',
    subjectId: input.invoiceId,
    after: { kind: input.kind, until: input.until ?? null, source: input.source },
  })
  return hold
}
