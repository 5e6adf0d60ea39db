import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertJobsBulk } from '@quittance/db/repositories/reminders-planning'
import { insertReminderRun } from '@quittance/db/repositories/reminders-runs'
import { PLAN_REMINDERS_JOB } from './reminder-job-names'

/**
 * Asks for a planner run (PRODUCT.md B6: every day, and on demand): a run row and its job, in one transaction, so
 * the job exists if and only if the run does. The daily run has a key (`scheduled:<entity>:<date>`): every process
 * may try to schedule it, one run is made.
 */
export async function requestReminderRun(
  db: Db,
  input: {
    entityId: string | null
    planningDate: LocalDate
    trigger: 'schedule' | 'staff' | 'cli'
    actor: { type: 'staff' | 'system'; id: string | null }
    now: Date
  },
): Promise<{ runId: string } | null> {
  return db.transaction(async (tx) => {
    const runKey = input.trigger === 'schedule' ? `scheduled:${input.entityId ?? 'all'}:${input.planningDate}` : null
    const run = await insertReminderRun(tx, {
      entityId: input.entityId,
      planningDate: input.planningDate,
      trigger: input.trigger,
      runKey,
      requestedBy: input.actor.type === 'staff' ? input.actor.id : null,
    })
    if (!run) return null
    await insertJobsBulk(tx, [{ name: PLAN_REMINDERS_JOB, payload: { runId: run.id }, runAfter: input.now, maxAttempts: 3 }])
    if (input.actor.type === 'staff') {
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: input.actor.id,
        action: 'reminders.run_requested',
        subjectType: 'reminder_run',
        subjectId: run.id,
        entityId: input.entityId,
        after: { planningDate: input.planningDate },
      })
    }
    return { runId: run.id }
  })
}
