import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Db } from '@quittance/db/client'
import {
  claimJobById,
  claimNextJob,
  claimNextJobs,
  completeJob,
  completeJobs,
  extendJobLease,
  failJob,
  reclaimExpiredJobs,
  releaseJob,
  type ClaimedJob,
} from '@quittance/db/repositories/jobs'
import { PermanentJobError, type JobEvent, type JobHandler, type JobHandlers } from './types'

// Runs the `jobs` table on PostgreSQL or PGlite: in the web process (`start`, `serve backoffice`) or alone
// (`quittance worker`), as many processes as wanted. Delivery is at least once; handlers make it exactly once.

export type JobRunnerOptions = {
  db: Db
  handlers: JobHandlers
  workerId?: string
  /** How long to sleep when the queue is empty. */
  pollMs?: number
  /** Jobs run at the same time by this runner. */
  concurrency?: number
  /** A claim lasts this long unless renewed; renewed every third of it while the handler runs. */
  leaseMs?: number
  /** Delay before retry n (n = 1 after the first failure). */
  backoffMs?: (attempt: number) => number
  /** How often expired leases of dead workers are looked for. */
  reclaimEveryMs?: number
  onEvent?: (event: JobEvent) => void
}

export type JobRunner = {
  workerId: string
  /** Looks at the queue now instead of at the next poll (after enqueueing in the same process). */
  wake(): void
  /** Stops claiming, asks running handlers to stop (their jobs go back to the queue), and waits for them. */
  stop(): Promise<void>
}

const DEFAULT_LEASE_MS = 60_000

/** 2 s, 4 s, 8 s … capped at 10 minutes. */
export function exponentialBackoff(attempt: number): number {
  return Math.min(2 ** attempt * 1000, 10 * 60_000)
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
}

export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const workerId = options.workerId ?? defaultWorkerId()
  const pollMs = options.pollMs ?? 1000
  const concurrency = Math.max(1, options.concurrency ?? 1)
  const claimBatch = Math.max(1, Math.floor(concurrency / 4))
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  const reclaimEveryMs = options.reclaimEveryMs ?? Math.max(pollMs, leaseMs / 2)
  const names = Object.keys(options.handlers)
  const emit = options.onEvent ?? (() => {})
  const active = new Map<number, { promise: Promise<unknown>; controller: AbortController }>()
  let running = true
  let wakeUp: (() => void) | null = null
  let lastReclaim = 0
  let lastClaim = 0

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wakeUp = null
        resolve()
      }
      wakeUp = done
    })

  // Finished jobs are marked done together: those finishing while one update is on its way go in the next one
  // (a job whose 'done' is lost in a crash runs again; its handler is idempotent).
  let completions: { jobId: number; resolve: (mine: boolean) => void; reject: (error: unknown) => void }[] = []
  let completing = false
  const flushCompletions = async () => {
    completing = true
    try {
      while (completions.length > 0) {
        const batch = completions
        completions = []
        try {
          const done = new Set(await completeJobs(options.db, { jobIds: batch.map((c) => c.jobId), workerId }))
          for (const c of batch) c.resolve(done.has(c.jobId))
        } catch (error) {
          for (const c of batch) c.reject(error)
        }
      }
    } finally {
      completing = false
    }
  }
  const complete = (jobId: number) =>
    new Promise<boolean>((resolve, reject) => {
      completions.push({ jobId, resolve, reject })
      if (!completing) void flushCompletions()
    })

  const start = (job: ClaimedJob) => {
    const controller = new AbortController()
    const promise = executeJob(options.db, job, options.handlers[job.name]!, {
      workerId,
      leaseMs,
      backoffMs: options.backoffMs ?? exponentialBackoff,
      signal: controller.signal,
      emit,
      complete,
    }).finally(() => {
      active.delete(job.id)
      wakeUp?.()
    })
    active.set(job.id, { promise, controller })
  }

  const loop = (async () => {
    while (running) {
      try {
        if (Date.now() - lastReclaim >= reclaimEveryMs) {
          lastReclaim = Date.now()
          const count = await reclaimExpiredJobs(options.db)
          if (count > 0) emit({ type: 'jobs.reclaimed', count })
        }
        // Jobs are claimed for several free slots at once (one round trip for a batch): a busy runner claims again
        // once a quarter of its slots are free, or at the next poll; an idle one as soon as one is.
        let queueEmpty = false
        const mayClaim = (free: number) => free >= 1 && (active.size === 0 || free >= claimBatch || Date.now() - lastClaim >= pollMs)
        while (running && mayClaim(concurrency - active.size)) {
          const free = concurrency - active.size
          lastClaim = Date.now()
          const jobs = await claimNextJobs(options.db, { workerId, leaseMs, names, limit: free })
          for (const job of jobs) start(job)
          if (jobs.length < free) {
            queueEmpty = true
            break
          }
        }
        // A busy runner waits for slots; an empty queue waits for the next poll. Either can be woken early.
        if (running && (queueEmpty || !mayClaim(concurrency - active.size))) await sleep(pollMs)
      } catch (error) {
        emit({ type: 'runner.error', error: errorText(error) })
        if (running) await sleep(pollMs)
      }
    }
  })()

  return {
    workerId,
    wake: () => wakeUp?.(),
    async stop() {
      if (!running) return
      running = false
      for (const { controller } of active.values()) controller.abort()
      wakeUp?.()
      await loop
      await Promise.allSettled([...active.values()].map((job) => job.promise))
    },
  }
}

type ExecuteOptions = {
  workerId: string
  leaseMs: number
  backoffMs: (attempt: number) => number
  signal: AbortSignal
  emit: (event: JobEvent) => void
  /** Marks the job done; false when it was no longer ours. Default: one statement per job. */
  complete?: (jobId: number) => Promise<boolean>
}

export type JobOutcome = 'done' | 'retry' | 'failed' | 'released' | 'lost'

/** Runs one claimed job to its end: done, back in the queue (retry or shutdown), or failed for good. */
export async function executeJob(db: Db, job: ClaimedJob, handler: JobHandler, options: ExecuteOptions): Promise<JobOutcome> {
  const started = Date.now()
  let lastRenewal = started
  const renew = async () => {
    lastRenewal = Date.now()
    await extendJobLease(db, { jobId: job.id, workerId: options.workerId, leaseMs: options.leaseMs })
  }
  // The lease is renewed on a timer too, so a handler that never reports progress keeps its job while it lives.
  const heartbeat = setInterval(() => {
    renew().catch(() => {})
  }, Math.max(50, options.leaseMs / 3))
  heartbeat.unref?.()
  try {
    await handler(job.payload, {
      db,
      jobId: job.id,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      signal: options.signal,
      async reportProgress() {
        if (Date.now() - lastRenewal >= options.leaseMs / 3) await renew()
      },
    })
    clearInterval(heartbeat)
    const mine = await (options.complete ? options.complete(job.id) : completeJob(db, { jobId: job.id, workerId: options.workerId }))
    if (!mine) return 'lost'
    options.emit({ type: 'job.done', jobId: job.id, name: job.name, ms: Date.now() - started })
    return 'done'
  } catch (error) {
    clearInterval(heartbeat)
    if (options.signal.aborted && !(error instanceof PermanentJobError)) {
      await releaseJob(db, { jobId: job.id, workerId: options.workerId })
      options.emit({ type: 'job.released', jobId: job.id, name: job.name })
      return 'released'
    }
    const text = errorText(error)
    const status = await failJob(db, {
      jobId: job.id,
      workerId: options.workerId,
      error: text,
      retryInMs: options.backoffMs(job.attempts),
      permanent: error instanceof PermanentJobError,
    })
    if (status === null) return 'lost'
    options.emit({ type: status === 'failed' ? 'job.failed' : 'job.retry', jobId: job.id, name: job.name, error: text })
    return status === 'failed' ? 'failed' : 'retry'
  } finally {
    clearInterval(heartbeat)
  }
}

/**
 * Runs one given job here and now, if no worker has taken it yet: for commands that enqueue work and want to see
 * it done (`quittance import`). Returns null when the job was not free to take.
 */
export async function runJobNow(
  db: Db,
  input: { jobId: number; handlers: JobHandlers; workerId?: string; leaseMs?: number; signal?: AbortSignal; onEvent?: (event: JobEvent) => void },
): Promise<JobOutcome | null> {
  const workerId = input.workerId ?? defaultWorkerId()
  const leaseMs = input.leaseMs ?? DEFAULT_LEASE_MS
  const job = await claimJobById(db, { jobId: input.jobId, workerId, leaseMs })
  if (!job) return null
  const handler = input.handlers[job.name]
  if (!handler) {
    await releaseJob(db, { jobId: job.id, workerId })
    throw new Error(`no handler for job "${job.name}"`)
  }
  return executeJob(db, job, handler, {
    workerId,
    leaseMs,
    backoffMs: exponentialBackoff,
    signal: input.signal ?? new AbortController().signal,
    emit: input.onEvent ?? (() => {}),
  })
}

/** Runs due jobs one after the other until none is left: for tests and one-shot commands. */
export async function runJobsUntilIdle(
  db: Db,
  input: { handlers: JobHandlers; workerId?: string; leaseMs?: number; onEvent?: (event: JobEvent) => void },
): Promise<number> {
  const workerId = input.workerId ?? defaultWorkerId()
  const leaseMs = input.leaseMs ?? DEFAULT_LEASE_MS
  let count = 0
  for (;;) {
    const job = await claimNextJob(db, { workerId, leaseMs, names: Object.keys(input.handlers) })
    if (!job) return count
    count++
    await executeJob(db, job, input.handlers[job.name]!, {
      workerId,
      leaseMs,
      backoffMs: () => 0,
      signal: new AbortController().signal,
      emit: input.onEvent ?? (() => {}),
    })
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`
  return String(error)
}
