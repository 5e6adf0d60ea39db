import type { Database } from '@quittance/db/client'
import type { JobEvent } from '@quittance/jobs/types'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { startWorkers, type WorkerSettings } from '@quittance/reminders/worker/start-workers'
import { JOB_HANDLERS } from '@quittance/use-cases/jobs/job-handlers'
import { startPaymentReconciliation } from './payment-reconciliation'

/**
 * The job runner of this process: inside `start` and `serve backoffice` (PGlite has one process, so its jobs run
 * there), or alone in `quittance worker` for PostgreSQL deployments. Events are logged as JSON lines.
 */
export async function startBackgroundJobs(
  database: Database,
  options: {
    concurrency?: number
    settings: WorkerSettings
    /** Checkouts left pending are asked about every `everyMs` (null: not in this process). */
    paymentReconciliation: { gateway: PaymentGateway; everyMs: number } | null
  },
) {
  // With REDIS_URL the same handlers run on BullMQ (reminders: packages/reminders/src/worker), else on PostgreSQL.
  const workers = await startWorkers({
    db: database.db,
    settings: { ...options.settings, concurrency: options.concurrency ?? options.settings.concurrency },
    otherHandlers: JOB_HANDLERS,
    onEvent: logJobEvent,
  })
  const reconciliation = options.paymentReconciliation
    ? startPaymentReconciliation({ db: database.db, ...options.paymentReconciliation })
    : null
  return {
    kind: workers.kind,
    async stop() {
      await reconciliation?.stop()
      await workers.stop()
    },
  }
}

function logJobEvent(event: JobEvent) {
  const level = event.type === 'job.failed' || event.type === 'runner.error' ? 'error' : event.type === 'job.retry' ? 'warn' : 'info'
  console.log(JSON.stringify({ level, message: event.type, ...event, type: undefined }))
}
