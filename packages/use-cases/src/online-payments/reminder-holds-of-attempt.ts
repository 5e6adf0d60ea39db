import type { Db } from '@quittance/db/client'
import { holdInvoiceReminders } from '../reminders/hold-invoice-reminders'
import { releaseInvoiceReminders } from '../reminders/release-invoice-reminders'

// A payment on its way (SEPA: "processing" for up to ten business days) must not be met by a reminder, and a
// payment that then fails must let the scenario resume where it was (security-research §7 case 16). The hold is
// the reminder engine's own mechanism, keyed by the attempt, so the engine's re-check sees it right before sending.

type AttemptRef = { id: string; items: readonly { invoiceId: string }[] | null }
const source = (attempt: AttemptRef) => ({ type: 'payment_attempt', id: attempt.id })

export async function holdRemindersWhilePaymentProcesses(tx: Db, attempt: AttemptRef, provider: string) {
  for (const item of attempt.items ?? []) {
    await holdInvoiceReminders(tx, {
      invoiceId: item.invoiceId,
      kind: 'payment_processing',
      source: source(attempt),
      actor: { type: 'system', id: provider },
    })
  }
}

export async function releaseRemindersHeldByPayment(tx: Db, attempt: AttemptRef, input: { provider: string; now: Date }) {
  for (const item of attempt.items ?? []) {
    await releaseInvoiceReminders(tx, {
      invoiceId: item.invoiceId,
      kind: 'payment_processing',
      sourceId: attempt.id,
      now: input.now,
      actor: { type: 'system', id: input.provider },
    })
  }
}
