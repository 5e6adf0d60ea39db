import type { Db } from '@quittance/db/client'
import { listAttemptsToReconcile } from '@quittance/db/repositories/online-payments'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { refreshOnlinePayment } from './refresh-online-payment'

/** An attempt is asked about once nothing happened to it for this long (a webhook normally comes in seconds). */
export const RECONCILE_AFTER_MS = 15 * 60_000
const PAGE = 100

export type ReconciliationSummary = {
  checked: number
  /** How many ended in each outcome: applied, stale (nothing new), duplicate (already known), provider-unavailable… */
  outcomes: Record<string, number>
}

/**
 * Asks the provider about every checkout attempt left pending or processing for longer than `staleAfterMs` (a
 * webhook lost, a checkout abandoned and expired), with the entity's own key, and applies the answer through the
 * same path as a webhook (refreshOnlinePayment → applyProviderNotification): a payment it confirms is recorded
 * exactly once, whichever of the webhook and this run comes first. At most `limit` attempts per run, oldest first.
 */
export async function reconcileOnlinePayments(
  db: Db,
  gateway: PaymentGateway,
  input: {
    now: Date
    staleAfterMs?: number
    limit?: number
    logger?: (line: Record<string, unknown>) => void
  },
): Promise<ReconciliationSummary> {
  const updatedBefore = new Date(input.now.getTime() - (input.staleAfterMs ?? RECONCILE_AFTER_MS))
  const limit = input.limit ?? 1_000
  const summary: ReconciliationSummary = { checked: 0, outcomes: {} }
  let after: { updatedAt: string; id: string } | null = null
  while (summary.checked < limit) {
    const page = await listAttemptsToReconcile(db, {
      updatedBefore,
      after,
      limit: Math.min(PAGE, limit - summary.checked),
    })
    if (page.length === 0) break
    for (const attempt of page) {
      const outcome = await refreshOnlinePayment(db, gateway, {
        attemptId: attempt.id,
        customerId: attempt.customerId,
        now: input.now,
      })
      summary.checked++
      summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1
      if (outcome === 'provider-unavailable')
        input.logger?.({
          level: 'warn',
          message: 'reconciliation: provider unavailable',
          attemptId: attempt.id,
        })
    }
    const last = page[page.length - 1]!
    after = { updatedAt: last.updatedAt, id: last.id }
  }
  return summary
}
