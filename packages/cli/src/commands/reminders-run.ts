import type { Database } from '@quittance/db/client'
import { listEntitiesForReminders } from '@quittance/db/repositories/reminders-config'
import { countUnfinishedJobs } from '@quittance/db/repositories/reminders-queue'
import { localDateInTimeZone, isLocalDate } from '@quittance/domain/dates/local-date'
import { formatMoney } from '@quittance/domain/money/format-money'
import { runJobsUntilIdle } from '@quittance/jobs/job-runner'
import { reminderHandlersFor, type WorkerSettings } from '@quittance/reminders/worker/start-workers'
import { planReminders } from '@quittance/use-cases/reminders/plan-reminders'
import { SEND_REMINDER_JOB } from '@quittance/use-cases/reminders/reminder-job-names'
import { CommandError } from './command-error'
import type { HostEnv } from '../env'

/** What the worker wiring needs from the host's environment. */
export function workerSettingsOf(env: HostEnv): WorkerSettings {
  return {
    ...env.reminders,
    redisUrl: env.redisUrl,
    portalPublicUrl: env.portalPublicUrl,
    concurrency: env.reminders.workerConcurrency,
    leaseMs: env.reminders.jobLeaseMs,
    schedule: env.reminders.schedule,
  }
}

/**
 * `pnpm quittance reminders:run [--date YYYY-MM-DD] [--dry-run]`: plans the day now for every entity, then sends
 * what is due (here, in this process, alongside any running workers: the database hands each action to one of
 * them). A dry run prints who gets what and writes nothing.
 */
export async function remindersRunCommand(database: Database, env: HostEnv, input: { date?: string; dryRun: boolean; log?: (line: string) => void }) {
  const log = input.log ?? ((line: string) => console.log(line))
  if (input.date !== undefined && !isLocalDate(input.date)) throw new CommandError('--date must be a date like 2026-03-15.')
  const now = new Date()
  let planned = 0
  for (const entity of await listEntitiesForReminders(database.db)) {
    const today = input.date ?? localDateInTimeZone(now, entity.timeZone)
    const result = await planReminders(database.db, { entityId: entity.id, today, now, dryRun: input.dryRun })
    const c = result.counts
    log(
      `${entity.code} ${today}: ${c.actionsPlanned} action(s) ${input.dryRun ? 'would be planned' : 'planned'}` +
        ` (${c.awaitingApproval} awaiting approval, ${c.actionsAlreadyPlanned} already planned, ${c.skipsRecorded} step(s) skipped, ` +
        `${c.unreachable} unreachable) over ${c.invoices} invoice(s) of ${c.customers} customer(s) in ${(result.durationMs / 1000).toFixed(1)} s`,
    )
    if (input.dryRun) {
      for (const a of result.actions.slice(0, 200)) {
        log(`  ${a.sendAfter.slice(0, 16)}  ${a.channel.padEnd(17)} ${a.stepName.padEnd(32)} ${a.customerId}  ${a.invoiceIds.length} invoice(s)  ${formatMoney(a.total, 'en-GB')}${a.requiresApproval ? '  [approval]' : ''}`)
      }
      if (result.actions.length > 200) log(`  … and ${result.actions.length - 200} more`)
    }
    planned += c.actionsPlanned
  }
  if (input.dryRun) return { planned, sent: 0 }
  const { handlers, channels } = reminderHandlersFor(workerSettingsOf(env))
  try {
    // Only the send jobs that are due now; later ones (outside the send window) wait for the workers.
    const sent = await runJobsUntilIdle(database.db, { handlers: { [SEND_REMINDER_JOB]: handlers[SEND_REMINDER_JOB]! } })
    const left = await countUnfinishedJobs(database.db, [SEND_REMINDER_JOB])
    log(`${sent} send job(s) run now; ${left} waiting for their send window or a worker.`)
    return { planned, sent }
  } finally {
    channels.close()
  }
}
