import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import type { Db } from '@quittance/db/client'
import { reclaimExpiredJobs } from '@quittance/db/repositories/jobs'
import { claimJobsForRelay, extendRelayedJob, finishRelayedJob } from '@quittance/db/repositories/reminders-queue'
import { defaultWorkerId } from '@quittance/jobs/job-runner'
import { PermanentJobError, type JobEvent, type JobHandlers } from '@quittance/jobs/types'

export const BULLMQ_QUEUE = 'quittance-jobs'

type RelayedData = { jobId: number; payload: Record<string, unknown>; maxAttempts: number }

export type BullmqTransportOptions = {
  db: Db
  handlers: JobHandlers
  redisUrl: string
  workerId?: string
  /** Jobs one worker runs at once. */
  concurrency?: number
  /** How long a published row may stay unfinished before it is published again (Redis lost it). */
  publishLeaseMs?: number
  /** BullMQ's lock: a killed worker's job is taken back after about this long. */
  lockDurationMs?: number
  relayEveryMs?: number
  /** Only publish, never process (a web process that only enqueues); default false. */
  relayOnly?: boolean
  onEvent?: (event: JobEvent) => void
}

/**
 * The same job handlers on BullMQ (REDIS_URL): a relay publishes due rows of the `jobs` table to one queue after
 * they committed, and workers run them. Delivery stays at least once; exactly once comes from the handlers'
 * PostgreSQL rows (SECURITY.md). Any number of processes may run this side by side.
 */
export function startBullmqTransport(options: BullmqTransportOptions) {
  const workerId = options.workerId ?? defaultWorkerId()
  const names = Object.keys(options.handlers)
  const emit = options.onEvent ?? (() => {})
  const publishLeaseMs = options.publishLeaseMs ?? 120_000
  const lockDuration = options.lockDurationMs ?? 30_000
  const connection = () => new Redis(options.redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false })
  const queueConnection = connection()
  // Redis down: commands fail fast instead of piling up; the relay keeps its rows and tries again.
  queueConnection.on('error', () => {})
  const queue = new Queue(BULLMQ_QUEUE, { connection: queueConnection })
  queue.on('error', () => {})

  let worker: Worker | null = null
  let workerConnection: Redis | null = null
  if (!options.relayOnly) {
    workerConnection = connection()
    workerConnection.on('error', () => {})
    worker = new Worker(
      BULLMQ_QUEUE,
      async (job: Job<RelayedData>) => {
        const handler = options.handlers[job.name]
        if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`)
        const { jobId, payload, maxAttempts } = job.data
        const started = Date.now()
        const renew = () => extendRelayedJob(options.db, { jobId, workerId, leaseMs: publishLeaseMs }).catch(() => {})
        await renew()
        const heartbeat = setInterval(renew, Math.max(1000, publishLeaseMs / 3))
        heartbeat.unref?.()
        try {
          await handler(payload, {
            db: options.db,
            jobId,
            attempt: job.attemptsMade + 1,
            maxAttempts,
            signal: new AbortController().signal,
            reportProgress: async () => {
              await renew()
            },
          })
        } catch (error) {
          if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message)
          throw error
        } finally {
          clearInterval(heartbeat)
        }
        await finishRelayedJob(options.db, { jobId, status: 'done', attempts: job.attemptsMade + 1 })
        emit({ type: 'job.done', jobId, name: job.name, ms: Date.now() - started })
      },
      {
        connection: workerConnection,
        concurrency: options.concurrency ?? 4,
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        maxStalledCount: 1_000,
      },
    )
    worker.on('error', () => {})
    worker.on('failed', (job, error) => {
      if (!job) return
      const attempts = job.opts.attempts ?? 1
      const final = error instanceof UnrecoverableError || job.attemptsMade >= attempts
      if (final) {
        finishRelayedJob(options.db, { jobId: job.data.jobId, status: 'failed', error: error.message, attempts: job.attemptsMade }).catch(() => {})
        emit({ type: 'job.failed', jobId: job.data.jobId, name: job.name, error: error.message })
      } else {
        emit({ type: 'job.retry', jobId: job.data.jobId, name: job.name, error: error.message })
      }
    })
  }

  let running = true
  let lastReclaim = 0
  const relayEveryMs = options.relayEveryMs ?? 500
  const relay = (async () => {
    while (running) {
      let published = 0
      try {
        if (Date.now() - lastReclaim > Math.min(publishLeaseMs / 2, 5_000)) {
          lastReclaim = Date.now()
          const count = await reclaimExpiredJobs(options.db)
          if (count > 0) emit({ type: 'jobs.reclaimed', count })
        }
        if (queueConnection.status === 'ready') {
          const rows = await claimJobsForRelay(options.db, { names, relayId: `relay:${workerId}`, leaseMs: publishLeaseMs, limit: 500 })
          if (rows.length > 0) {
            await queue.addBulk(
              rows.map((row) => ({
                name: row.name,
                data: { jobId: row.id, payload: row.payload, maxAttempts: row.maxAttempts } satisfies RelayedData,
                opts: {
                  jobId: `q${row.id}`,
                  attempts: row.maxAttempts,
                  backoff: { type: 'exponential', delay: 2_000 },
                  removeOnComplete: true,
                  removeOnFail: true,
                },
              })),
            )
            published = rows.length
          }
        }
      } catch (error) {
        // Redis or PostgreSQL unavailable: the claimed rows keep their lease and are published again later.
        emit({ type: 'runner.error', error: error instanceof Error ? error.message : String(error) })
      }
      if (published === 0) await new Promise((resolve) => setTimeout(resolve, relayEveryMs))
    }
  })()

  return {
    workerId,
    async stop() {
      running = false
      await relay
      await worker?.close()
      await queue.close()
      queueConnection.disconnect()
      workerConnection?.disconnect()
    },
  }
}
