import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertJobsBulk } from '@quittance/db/repositories/reminders-planning'
import { closeActionTasks, findDelivery, lockReminderAction, updateDelivery, updateReminderAction } from '@quittance/db/repositories/reminders-sending'
import { SEND_REMINDER_JOB } from './reminder-job-names'

/**
 * Sends a failed action again, by hand (after the automatic retries with back-off gave up): the same stored message
 * with the same idempotency key, so a provider that did accept it after all drops the replay.
 */
export async function retryReminderAction(
  db: Db,
  input: { actionId: string; actor: { id: string; ipAddress?: string | null }; now: Date },
): Promise<Result<{ status: 'sending' }, 'not-found' | 'not-failed'>> {
  return db.transaction(async (tx) => {
    const action = await lockReminderAction(tx, input.actionId)
    if (!action) return err('not-found' as const)
    if (action.status !== 'failed') return err('not-failed' as const)
    const delivery = await findDelivery(tx, action.id)
    if (delivery) {
      await updateDelivery(tx, { deliveryId: delivery.id, from: ['failed'], state: 'sending', error: null, event: { at: input.now.toISOString(), state: 'retry-requested' } })
    }
    await updateReminderAction(tx, { actionId: action.id, from: ['failed'], set: { status: delivery ? 'sending' : 'planned', lastError: null }, now: input.now })
    await insertJobsBulk(tx, [{ name: SEND_REMINDER_JOB, payload: { actionId: action.id }, runAfter: input.now }])
    await closeActionTasks(tx, { actionId: action.id, status: 'done', by: input.actor.id, outcome: 'retried', now: input.now })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'reminder_action.retried',
      subjectType: 'reminder_action',
      subjectId: action.id,
      entityId: action.entityId,
      customerId: action.customerId,
      before: { status: 'failed' },
      after: { status: 'sending' },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ status: 'sending' as const })
  })
}
