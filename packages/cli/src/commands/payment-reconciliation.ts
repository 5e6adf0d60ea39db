import type { Db } from '@quittance/db/client'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { reconcileOnlinePayments, type ReconciliationSummary } from '@quittance/use-cases/online-payments/reconcile-online-payments'

/**
 * Asks the providers about checkouts left pending (a webhook lost, a checkout abandoned) every `everyMs`, in the
 * processes that run background jobs. Several processes may do it at once: what a run applies goes through the
 * webhook path, where a second answer is a no-op, so the cost of overlap is only repeated provider reads.
 */
export function startPaymentReconciliation(options: {
  db: Db
  gateway: PaymentGateway
  everyMs: number
  now?: () => Date
  log?: (line: Record<string, unknown>) => void
}) {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)))
  let stopped = false
  let wake: (() => void) | null = null
  const tick = async (): Promise<ReconciliationSummary> => {
    const summary = await reconcileOnlinePayments(options.db, options.gateway, {
      now: now(),
      logger: (line) => log({ level: 'warn', ...line }),
    })
    if (summary.checked > 0) log({ level: 'info', message: 'payments reconciled', ...summary })
    return summary
  }
  const loop = (async () => {
    while (!stopped) {
      await tick().catch((error: unknown) =>
        log({ level: 'error', message: 'payments reconciliation failed', error: error instanceof Error ? error.message : String(error) }),
      )
      if (stopped) break
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, options.everyMs).unref?.()
      })
    }
  })()
  return {
    tick,
    /** Ends the loop after the run in progress, if any. */
    async stop() {
      stopped = true
      wake?.()
      await loop
    },
  }
}
