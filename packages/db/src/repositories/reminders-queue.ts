import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../client'

// The `jobs` table as the outbox of a BullMQ deployment: rows are written in the transaction that asks for the work,
// and a relay publishes them to Redis after commit. A published row is 'running' under a lease held by the relay;
// if Redis loses it (flushed, restarted without persistence, a worker killed), the lease expires, the row is
// queued again (reclaimExpiredJobs) and published again. BullMQ's jobId dedupes a row published twice.

export type RelayedJob = { id: number; name: string; payload: Record<string, unknown>; maxAttempts: number }

export async function claimJobsForRelay(
  db: Db,
  input: { names: readonly string[]; relayId: string; leaseMs: number; limit: number },
): Promise<RelayedJob[]> {
  if (input.names.length === 0) return []
  const rows = await queryRows<{ id: number | string; name: string; payload: Record<string, unknown>; max_attempts: number }>(
    db,
    sql`update jobs
           set status = 'running', locked_by = ${input.relayId},
               locked_until = now() + ${input.leaseMs} * interval '1 millisecond'
         where id in (select id from jobs
                       where status = 'queued' and run_after <= now()
                         and name in (${sql.join(input.names.map((n) => sql`${n}`), sql`, `)})
                       order by id
                       for update skip locked
                       limit ${input.limit})
     returning id, name, payload, max_attempts`,
  )
  return rows.map((r) => ({ id: Number(r.id), name: r.name, payload: r.payload, maxAttempts: r.max_attempts }))
}

/** A BullMQ worker holds the row while its handler runs. */
export async function extendRelayedJob(db: Db, input: { jobId: number; workerId: string; leaseMs: number }) {
  await db.execute(
    sql`update jobs set locked_by = ${input.workerId}, locked_until = now() + ${input.leaseMs} * interval '1 millisecond'
         where id = ${input.jobId} and status = 'running'`,
  )
}

export async function finishRelayedJob(db: Db, input: { jobId: number; status: 'done' | 'failed'; error?: string | null; attempts: number }) {
  await db.execute(
    sql`update jobs set status = ${input.status}::job_status, finished_at = now(), locked_by = null, locked_until = null,
                        attempts = greatest(attempts, ${input.attempts}), last_error = ${input.error?.slice(0, 4000) ?? null}
         where id = ${input.jobId} and status <> 'done'`,
  )
}

/** Jobs of these names still to do (queued or running): how far a run has got. */
export async function countUnfinishedJobs(db: Db, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from jobs where status in ('queued', 'running')
         and name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`,
  )
  return Number(row?.count ?? 0)
}
