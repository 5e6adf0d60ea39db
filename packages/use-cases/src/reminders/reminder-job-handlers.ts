import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import type { Db } from '@quittance/db/client'
import { listEntitiesForReminders } from '@quittance/db/repositories/reminders-config'
import { findReminderRun, updateReminderRun } from '@quittance/db/repositories/reminders-runs'
import { PermanentJobError, type JobContext, type JobHandlers } from '@quittance/jobs/types'
import { planReminders, type PlanRemindersCounts } from './plan-reminders'
import { PLAN_REMINDERS_JOB, SEND_REMINDER_JOB } from './reminder-job-names'
import { sendReminderAction, type SendReminderConfig } from './send-reminder-action'

/**
 * The reminder engine's job handlers, with their configuration (channels, portal URL). The same handlers run on
 * the in-process PostgreSQL runner and on BullMQ workers.
 */
export function createReminderJobHandlers(config: SendReminderConfig & { now?: () => Date }): JobHandlers {
  const now = config.now ?? (() => new Date())
  return {
    [SEND_REMINDER_JOB]: async (payload: { actionId: string }, context: JobContext) => {
      if (typeof payload?.actionId !== 'string') throw new PermanentJobError('reminders.send needs an actionId')
      await sendReminderAction(context.db, {
        ...config,
        actionId: payload.actionId,
        now: now(),
        attempt: context.attempt,
        maxAttempts: context.maxAttempts,
      })
    },
    [PLAN_REMINDERS_JOB]: async (payload: { runId: string }, context: JobContext) => {
      const run = typeof payload?.runId === 'string' ? await findReminderRun(context.db, payload.runId) : null
      if (!run) throw new PermanentJobError('reminders.plan needs an existing runId')
      await runPlanner(context.db, { run, now: now(), reportProgress: (n) => context.reportProgress(n) })
    },
  }
}

async function runPlanner(
  db: Db,
  input: { run: { id: string; entityId: string | null; planningDate: string }; now: Date; reportProgress: (n: number) => Promise<void> },
) {
  const { run } = input
  await updateReminderRun(db, { id: run.id, status: 'running', started: true, error: null })
  const entities = (await listEntitiesForReminders(db)).filter((e) => run.entityId === null || e.id === run.entityId)
  const total: Record<string, number> = {}
  try {
    for (const entity of entities) {
      const before = { ...total }
      const result = await planReminders(db, {
        entityId: entity.id,
        today: run.planningDate,
        now: input.now,
        onProgress: async (counts: PlanRemindersCounts) => {
          await input.reportProgress(counts.customers)
          await updateReminderRun(db, { id: run.id, counts: sum(before, counts) })
        },
      })
      Object.assign(total, sum(before, result.counts))
    }
    await updateReminderRun(db, { id: run.id, status: 'done', counts: total, finished: true })
  } catch (error) {
    await updateReminderRun(db, { id: run.id, status: 'failed', error: error instanceof Error ? error.message : String(error) })
    throw error
  }
}

function sum(a: Record<string, number>, b: Record<string, number>) {
  const out: Record<string, number> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v
  return out
}

/** Today in the entity's zone: the planner's day. */
export function planningDayOf(now: Date, timeZone: string) {
  return localDateInTimeZone(now, timeZone)
}
