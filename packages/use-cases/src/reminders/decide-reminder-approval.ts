import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertJobsBulk } from '@quittance/db/repositories/reminders-planning'
import { closeActionTasks, lockReminderAction, updateReminderAction } from '@quittance/db/repositories/reminders-sending'
import { SEND_REMINDER_JOB } from './reminder-job-names'

/**
 * A credit manager approves a step that needs it (it is queued for sending, and re-checked then like any other),
 * or rejects it (skipped for good: the step counts as done, so it is not planned again).
 */
export async function decideReminderApproval(
  db: Db,
  input: { actionId: string; approve: boolean; actor: { id: string; ipAddress?: string | null }; now: Date },
): Promise<Result<{ status: string }, 'not-found' | 'not-awaiting-approval'>> {
  return db.transaction(async (tx) => {
    const action = await lockReminderAction(tx, input.actionId)
    if (!action) return err('not-found' as const)
    if (action.status !== 'awaiting_approval') return err('not-awaiting-approval' as const)
    if (input.approve) {
      await updateReminderAction(tx, { actionId: action.id, from: ['awaiting_approval'], set: { status: 'planned' }, now: input.now })
      const runAfter = action.sendAfter && action.sendAfter > input.now ? action.sendAfter : input.now
      await insertJobsBulk(tx, [{ name: SEND_REMINDER_JOB, payload: { actionId: action.id }, runAfter }])
    } else {
      await updateReminderAction(tx, { actionId: action.id, from: ['awaiting_approval'], set: { status: 'skipped', skipReason: 'rejected' }, now: input.now })
      // Rejected means decided: the step's records stay (as done), they are not deleted like a re-check's.
    }
    await closeActionTasks(tx, { actionId: action.id, status: 'done', by: input.actor.id, outcome: input.approve ? 'approved' : 'rejected', now: input.now })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: input.approve ? 'reminder_action.approved' : 'reminder_action.rejected',
      subjectType: 'reminder_action',
      subjectId: action.id,
      entityId: action.entityId,
      customerId: action.customerId,
      before: { status: action.status },
      after: { status: input.approve ? 'planned' : 'skipped' },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ status: input.approve ? 'planned' : 'skipped' })
  })
}
