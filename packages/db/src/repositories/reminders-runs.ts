import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { reminderRuns } from '../schema/reminders'

// Planner runs: the daily one (unique by its run key, so every process may try to schedule it) and those asked for.

export type ReminderRunRow = {
  id: string
  entityId: string | null
  planningDate: string
  trigger: string
  status: string
  counts: Record<string, number>
  error: string | null
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

const columns = {
  id: reminderRuns.id,
  entityId: reminderRuns.entityId,
  planningDate: reminderRuns.planningDate,
  trigger: reminderRuns.trigger,
  status: reminderRuns.status,
  counts: reminderRuns.counts,
  error: reminderRuns.error,
  createdAt: reminderRuns.createdAt,
  startedAt: reminderRuns.startedAt,
  finishedAt: reminderRuns.finishedAt,
}

/** Null when a run with this key exists already. */
export async function insertReminderRun(
  db: Db,
  input: { entityId: string | null; planningDate: string; trigger: string; runKey: string | null; requestedBy: string | null },
): Promise<{ id: string } | null> {
  const [row] = await db.insert(reminderRuns).values(input).onConflictDoNothing().returning({ id: reminderRuns.id })
  return row ?? null
}

export async function findReminderRun(db: Db, id: string): Promise<ReminderRunRow | null> {
  const [row] = await db.select(columns).from(reminderRuns).where(eq(reminderRuns.id, id))
  return row ?? null
}

export async function updateReminderRun(
  db: Db,
  input: { id: string; status?: string; counts?: Record<string, number>; error?: string | null; started?: boolean; finished?: boolean },
) {
  await db
    .update(reminderRuns)
    .set({
      ...(input.status ? { status: input.status } : {}),
      ...(input.counts ? { counts: input.counts } : {}),
      ...(input.error !== undefined ? { error: input.error } : {}),
      ...(input.started ? { startedAt: sql`coalesce(${reminderRuns.startedAt}, now())` } : {}),
      ...(input.finished ? { finishedAt: sql`now()` } : {}),
    })
    .where(eq(reminderRuns.id, input.id))
}

export async function listRecentReminderRuns(db: Db, limit = 10): Promise<ReminderRunRow[]> {
  return db.select(columns).from(reminderRuns).orderBy(desc(reminderRuns.createdAt)).limit(limit)
}
