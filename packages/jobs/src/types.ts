import type { Db } from '@quittance/db/client'

/**
 * What a handler receives besides its payload. The same shape whatever runs the queue (the PostgreSQL runner
 * here, BullMQ later), so handlers never know which one calls them.
 */
export type JobContext = {
  /** The database (not a transaction): the handler opens its own transactions. */
  db: Db
  jobId: number
  /** 1 on the first run. */
  attempt: number
  /** When attempt = maxAttempts and the handler throws, the job fails for good: the handler may record why. */
  maxAttempts: number
  /** Says the job is alive and moving (renews its lease); call it between batches of a long job. */
  reportProgress(progress?: number): Promise<void>
  /** Aborted when the runner stops: finish or give up the current step, then return or throw. */
  signal: AbortSignal
}

/** Handlers must be idempotent: a job can run again after a crash, a lost lease or a retry. */
export type JobHandler<Payload = Record<string, unknown>> = (payload: Payload, context: JobContext) => Promise<void>

// Handlers with their own payload types live in one record; the runner hands each its own payload back.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandlers = Readonly<Record<string, JobHandler<any>>>

/** Thrown by a handler for a job that can never succeed (its subject is gone, its input is invalid): no retry. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PermanentJobError'
  }
}

export type JobEvent =
  | { type: 'job.done'; jobId: number; name: string; ms: number }
  | { type: 'job.retry' | 'job.failed'; jobId: number; name: string; error: string }
  | { type: 'job.released'; jobId: number; name: string }
  | { type: 'jobs.reclaimed'; count: number }
  | { type: 'runner.error'; error: string }
