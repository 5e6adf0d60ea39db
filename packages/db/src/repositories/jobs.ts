import { sql } from 'drizzle-orm'
import { queryRows, queryRowsPrepared, type Db } from '../client'
import { jobs } from '../schema/index'

// The `jobs` table as a queue. Claims use FOR UPDATE SKIP LOCKED, so any number of workers (processes or
// connections) share it without blocking each other and never take the same job twice. A claim is a lease: a
// worker that dies stops renewing it, and once `locked_until` has passed another worker takes the job back.

export type JobPayload = Record<string, unknown>

export type ClaimedJob = {
  id: number
  name: string
  payload: JobPayload
  /** Including this run. */
  attempts: number
  maxAttempts: number
}

export async function insertJob(
  db: Db,
  input: { name: string; payload: JobPayload; runAfter?: Date; maxAttempts?: number },
): Promise<{ id: number }> {
  const [row] = await db
    .insert(jobs)
    .values({
      name: input.name,
      payload: input.payload,
      ...(input.runAfter ? { runAfter: input.runAfter } : {}),
      ...(input.maxAttempts ? { maxAttempts: input.maxAttempts } : {}),
    })
    .returning({ id: jobs.id })
  return row!
}

type ClaimRow = { id: number | string; name: string; payload: JobPayload; attempts: number; max_attempts: number }

const toClaimed = (row: ClaimRow): ClaimedJob => ({
  id: Number(row.id),
  name: row.name,
  payload: row.payload,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
})

/** Takes the oldest due job whose name this worker handles, or nothing. */
export async function claimNextJob(
  db: Db,
  input: { workerId: string; leaseMs: number; names: readonly string[] },
): Promise<ClaimedJob | null> {
  if (input.names.length === 0) return null
  const [row] = await queryRows<ClaimRow>(
    db,
    sql`update jobs
           set status = 'running', attempts = attempts + 1, locked_by = ${input.workerId},
               locked_until = now() + ${input.leaseMs} * interval '1 millisecond'
         where id = (select id from jobs
                      where status = 'queued' and run_after <= now()
                        and name in (${sql.join(input.names.map((n) => sql`${n}`), sql`, `)})
                      order by id
                      for update skip locked
                      limit 1)
     returning id, name, payload, attempts, max_attempts`,
  )
  return row ? toClaimed(row) : null
}

/**
 * Takes up to `limit` due jobs at once (oldest first), for a runner with that many free slots: one round trip
 * instead of one per job. The partial index `jobs_queued_idx` (migration 0007) keeps the scan to queued rows.
 */
export async function claimNextJobs(
  db: Db,
  input: { workerId: string; leaseMs: number; names: readonly string[]; limit: number },
): Promise<ClaimedJob[]> {
  if (input.names.length === 0 || input.limit < 1) return []
  const rows = await queryRowsPrepared<ClaimRow>(
    db,
    sql`update jobs
           set status = 'running', attempts = attempts + 1, locked_by = ${input.workerId},
               locked_until = now() + ${input.leaseMs} * interval '1 millisecond'
         where id = any(array(select id from jobs
                               where status = 'queued' and run_after <= now()
                                 and name in (${sql.join(input.names.map((n) => sql`${n}`), sql`, `)})
                               order by id
                               for update skip locked
                               limit ${input.limit}))
     returning id, name, payload, attempts, max_attempts`,
  )
  return rows.map(toClaimed).sort((a, b) => a.id - b.id)
}

/** Takes one given job if it is queued (whatever its run_after): a command that wants its own job run now. */
export async function claimJobById(
  db: Db,
  input: { jobId: number; workerId: string; leaseMs: number },
): Promise<ClaimedJob | null> {
  const [row] = await queryRows<ClaimRow>(
    db,
    sql`update jobs
           set status = 'running', attempts = attempts + 1, locked_by = ${input.workerId},
               locked_until = now() + ${input.leaseMs} * interval '1 millisecond'
         where id = (select id from jobs where id = ${input.jobId} and status = 'queued' for update skip locked)
     returning id, name, payload, attempts, max_attempts`,
  )
  return row ? toClaimed(row) : null
}

/** Renews the lease while a long job makes progress. False when the job is no longer ours (it was reclaimed). */
export async function extendJobLease(db: Db, input: { jobId: number; workerId: string; leaseMs: number }): Promise<boolean> {
  const rows = await queryRowsPrepared<{ id: number }>(
    db,
    sql`update jobs set locked_until = now() + ${input.leaseMs} * interval '1 millisecond'
         where id = ${input.jobId} and status = 'running' and locked_by = ${input.workerId}
     returning id`,
  )
  return rows.length > 0
}

export async function completeJob(db: Db, input: { jobId: number; workerId: string }): Promise<boolean> {
  const rows = await queryRowsPrepared<{ id: number }>(
    db,
    sql`update jobs set status = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null
         where id = ${input.jobId} and status = 'running' and locked_by = ${input.workerId}
     returning id`,
  )
  return rows.length > 0
}

/** `completeJob` for several jobs in one statement: returns the ids that were still this worker's (the others were lost). */
export async function completeJobs(db: Db, input: { jobIds: readonly number[]; workerId: string }): Promise<number[]> {
  if (input.jobIds.length === 0) return []
  const rows = await queryRowsPrepared<{ id: number | string }>(
    db,
    sql`update jobs set status = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null
         where id = any(array(select jsonb_array_elements_text(${JSON.stringify(input.jobIds)}::jsonb)::bigint))
           and status = 'running' and locked_by = ${input.workerId}
     returning id`,
  )
  return rows.map((r) => Number(r.id))
}

/**
 * Records a failed run: back in the queue after `retryInMs`, or failed for good once max_attempts runs have
 * failed (or at once when `permanent`). Returns the new status, or null when the job was no longer ours.
 */
export async function failJob(
  db: Db,
  input: { jobId: number; workerId: string; error: string; retryInMs: number; permanent?: boolean },
): Promise<'queued' | 'failed' | null> {
  const final = sql`(attempts >= max_attempts or ${input.permanent === true})`
  const [row] = await queryRows<{ status: 'queued' | 'failed' }>(
    db,
    sql`update jobs
           set status = (case when ${final} then 'failed' else 'queued' end)::job_status,
               run_after = case when ${final} then run_after
                                else now() + ${input.retryInMs} * interval '1 millisecond' end,
               finished_at = case when ${final} then now() else null end,
               last_error = ${input.error.slice(0, 4000)}, locked_by = null, locked_until = null
         where id = ${input.jobId} and status = 'running' and locked_by = ${input.workerId}
     returning status`,
  )
  return row?.status ?? null
}

/** A clean shutdown hands the job back at once, without counting the interrupted run as an attempt. */
export async function releaseJob(db: Db, input: { jobId: number; workerId: string }): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update jobs set status = 'queued', attempts = greatest(attempts - 1, 0), run_after = now(),
                        locked_by = null, locked_until = null
         where id = ${input.jobId} and status = 'running' and locked_by = ${input.workerId}
     returning id`,
  )
  return rows.length > 0
}

/**
 * Jobs whose worker stopped renewing its lease (crashed, killed, lost its connection): queued again, or failed
 * when that run was the last allowed attempt. Returns how many were taken back.
 */
export async function reclaimExpiredJobs(db: Db): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update jobs
           set status = (case when attempts >= max_attempts then 'failed' else 'queued' end)::job_status,
               finished_at = case when attempts >= max_attempts then now() else null end,
               last_error = coalesce(last_error || E'\n', '') || 'lease of ' || coalesce(locked_by, '?') || ' expired',
               locked_by = null, locked_until = null
         where id in (select id from jobs where status = 'running' and locked_until < now()
                      for update skip locked)
     returning id`,
  )
  return rows.length
}

export type JobState = {
  id: number
  name: string
  status: 'queued' | 'running' | 'done' | 'failed'
  attempts: number
  maxAttempts: number
  lastError: string | null
  lockedBy: string | null
  runAfter: Date
  finishedAt: Date | null
}

export async function findJob(db: Db, jobId: number): Promise<JobState | null> {
  const [row] = await db
    .select({
      id: jobs.id,
      name: jobs.name,
      status: jobs.status,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      lastError: jobs.lastError,
      lockedBy: jobs.lockedBy,
      runAfter: jobs.runAfter,
      finishedAt: jobs.finishedAt,
    })
    .from(jobs)
    .where(sql`${jobs.id} = ${jobId}`)
  return row ?? null
}

/** For tests and operators: makes a running job's lease expire now, as if its worker had died. */
export async function expireJobLease(db: Db, jobId: number): Promise<void> {
  await db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${jobId} and status = 'running'`)
}
