import type { Database } from '@quittance/db/client'
import type { JobEvent } from '@quittance/jobs/types'
import { startWorkers, type WorkerSettings } from '@quittance/reminders/worker/start-workers'
import { JOB_HANDLERS } from '@quittance/use-cases/jobs/job-handlers'

/**
 * The job runner of this process: inside `start` and `serve backoffice` (PGlite has one process, so its jobs run
 * there), or alone in `quittance worker` for PostgreSQL deployments. Events are logged as JSON lines.
 */
export function startBackgroundJobs(database: Database, options: { concurrency?: number; settings: WorkerSettings }) {
  // With REDIS_URL the same handlers run on BullMQ (reminders: packages/reminders/src/worker), else on PostgreSQL.
  return startWorkers({
    db: database.db,
    settings: { ...options.settings, concurrency: options.concurrency ?? options.settings.concurrency },
    otherHandlers: JOB_HANDLERS,
    onEvent: logJobEvent,
  })
}

function logJobEvent(event: JobEvent) {
  const level = event.type === 'job.failed' || event.type === 'runner.error' ? 'error' : event.type === 'job.retry' ? 'warn' : 'info'
  console.log(JSON.stringify({ level, message: event.type, ...event, type: undefined }))
}
