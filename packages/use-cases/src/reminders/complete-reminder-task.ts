import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { completeReminderTaskRow } from '@quittance/db/repositories/reminders-tasks'

/** A collector closes a worklist task (a call made, a manual step done), with what came of it. */
export async function completeReminderTask(
  db: Db,
  input: { taskId: string; outcome: string; actor: { id: string; ipAddress?: string | null }; now: Date },
): Promise<Result<{ done: true }, 'not-found' | 'outcome-too-long'>> {
  const outcome = input.outcome.trim()
  if (outcome.length > 2_000) return err('outcome-too-long')
  return db.transaction(async (tx) => {
    const task = await completeReminderTaskRow(tx, { taskId: input.taskId, by: input.actor.id, outcome, now: input.now })
    if (!task) return err('not-found' as const)
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'reminder_task.completed',
      subjectType: 'reminder_task',
      subjectId: task.id,
      entityId: task.entityId,
      customerId: task.customerId,
      after: { kind: task.kind, outcome },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ done: true as const })
  })
}
