import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client'
import { reminderTasks } from '../schema/reminders'

/** Closes an open task that needs no decision (calls, manual steps, unreachable, failed, reconcile). */
export async function completeReminderTaskRow(db: Db, input: { taskId: string; by: string; outcome: string; now: Date }) {
  const [row] = await db
    .update(reminderTasks)
    .set({ status: 'done', completedBy: input.by, completedAt: input.now, outcome: input.outcome })
    .where(and(eq(reminderTasks.id, input.taskId), eq(reminderTasks.status, 'open'), inArray(reminderTasks.kind, ['phone', 'manual', 'unreachable', 'failed', 'reconcile'])))
    .returning({ id: reminderTasks.id, entityId: reminderTasks.entityId, customerId: reminderTasks.customerId, kind: reminderTasks.kind })
  return row ?? null
}

export async function findReminderTask(db: Db, taskId: string) {
  const [row] = await db
    .select({ id: reminderTasks.id, kind: reminderTasks.kind, status: reminderTasks.status, actionId: reminderTasks.actionId, customerId: reminderTasks.customerId })
    .from(reminderTasks)
    .where(eq(reminderTasks.id, taskId))
  return row ?? null
}
