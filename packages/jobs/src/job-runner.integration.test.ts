import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '@quittance/db/client'
import { claimNextJob, expireJobLease, findJob } from '@quittance/db/repositories/jobs'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { enqueueJob } from './enqueue-job'
import { runJobNow, runJobsUntilIdle, startJobRunner, type JobRunner } from './job-runner'
import { PermanentJobError, type JobHandlers } from './types'

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.each(TEST_DATABASE_KINDS)('job runner on %s', (kind) => {
  let database: TestDatabase
  const runners: JobRunner[] = []
  const start = (options: Omit<Parameters<typeof startJobRunner>[0], 'db'>) => {
    const runner = startJobRunner({ db: database.db, pollMs: 20, backoffMs: () => 0, ...options })
    runners.push(runner)
    return runner
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()))
    await database?.drop()
  })

  test('a job enqueued in a transaction exists only if the transaction commits', async () => {
    const committed = await database.db.transaction((tx) => enqueueJob(tx, { name: 'tx.test', payload: { n: 1 } }))
    let rolledBackId = 0
    await expect(
      database.db.transaction(async (tx) => {
        rolledBackId = (await enqueueJob(tx, { name: 'tx.test', payload: { n: 2 } })).id
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect((await findJob(database.db, committed.id))?.status).toBe('queued')
    expect(await findJob(database.db, rolledBackId)).toBeNull()
    await runJobsUntilIdle(database.db, { handlers: { 'tx.test': async () => {} } })
  })

  test('runs a job once, with its payload and context, and marks it done', async () => {
    const seen: unknown[] = []
    const handlers: JobHandlers = {
      'echo.once': async (payload, context) => {
        seen.push({ payload, jobId: context.jobId, attempt: context.attempt })
        await context.reportProgress()
      },
    }
    const { id } = await enqueueJob(database.db, { name: 'echo.once', payload: { hello: 'world' } })
    const runner = start({ handlers })
    runner.wake()
    await until(async () => (await findJob(database.db, id))?.status === 'done')
    await runner.stop()
    expect(seen).toEqual([{ payload: { hello: 'world' }, jobId: id, attempt: 1 }])
    expect(await findJob(database.db, id)).toMatchObject({ attempts: 1, lockedBy: null, lastError: null })
  })

  test('waits for run_after', async () => {
    const later = await enqueueJob(database.db, { name: 'later.job', payload: {}, runAfter: new Date(Date.now() + 60_000) })
    expect(await runJobsUntilIdle(database.db, { handlers: { 'later.job': async () => {} } })).toBe(0)
    expect((await findJob(database.db, later.id))?.status).toBe('queued')
  })

  test('retries with back-off, records the error, and succeeds', async () => {
    let calls = 0
    const { id } = await enqueueJob(database.db, { name: 'flaky.job', payload: {} })
    const runner = start({
      handlers: {
        'flaky.job': async () => {
          calls++
          if (calls < 3) throw new Error(`boom ${calls}`)
        },
      },
    })
    await until(async () => (await findJob(database.db, id))?.status === 'done')
    await runner.stop()
    expect(calls).toBe(3)
    expect(await findJob(database.db, id)).toMatchObject({ status: 'done', attempts: 3 })
  })

  test('gives up after max_attempts and keeps the last error; a permanent error fails at once', async () => {
    const always = await enqueueJob(database.db, { name: 'broken.job', payload: {}, maxAttempts: 3 })
    const permanent = await enqueueJob(database.db, { name: 'hopeless.job', payload: {} })
    await runJobsUntilIdle(database.db, {
      handlers: {
        'broken.job': async () => {
          throw new Error('always broken')
        },
        'hopeless.job': async () => {
          throw new PermanentJobError('subject is gone')
        },
      },
    })
    expect(await findJob(database.db, always.id)).toMatchObject({ status: 'failed', attempts: 3 })
    expect((await findJob(database.db, always.id))?.lastError).toContain('always broken')
    expect(await findJob(database.db, permanent.id)).toMatchObject({ status: 'failed', attempts: 1 })
  })

  test("takes back a crashed worker's job once its lease has expired", async () => {
    const { id } = await enqueueJob(database.db, { name: 'orphan.job', payload: {} })
    // A worker claims it, then "dies": it never renews, completes or releases.
    const claimed = await claimNextJob(database.db, { workerId: 'dead-worker', leaseMs: 60_000, names: ['orphan.job'] })
    expect(claimed?.id).toBe(id)
    let ran = 0
    const runner = start({ handlers: { 'orphan.job': async () => void ran++ }, reclaimEveryMs: 20 })
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(ran).toBe(0)
    await expireJobLease(database.db, id)
    await until(async () => (await findJob(database.db, id))?.status === 'done')
    await runner.stop()
    expect(ran).toBe(1)
    expect(await findJob(database.db, id)).toMatchObject({ attempts: 2 })
  })

  test('a long job keeps its lease while it runs', async () => {
    const { id } = await enqueueJob(database.db, { name: 'slow.job', payload: {} })
    let runs = 0
    // The job outlasts its lease more than three times over; the lease is short, but not so short that a busy CI
    // machine's pause of a few hundred milliseconds would let it lapse.
    const runner = start({
      leaseMs: 600,
      reclaimEveryMs: 10,
      handlers: {
        'slow.job': async () => {
          runs++
          await new Promise((resolve) => setTimeout(resolve, 2_000))
        },
      },
    })
    const other = start({ leaseMs: 600, reclaimEveryMs: 10, handlers: { 'slow.job': async () => void runs++ } })
    await until(async () => (await findJob(database.db, id))?.status === 'done')
    await Promise.all([runner.stop(), other.stop()])
    expect(runs).toBe(1)
  })

  test('stopping hands the running job back without counting an attempt, and stops cleanly', async () => {
    const { id } = await enqueueJob(database.db, { name: 'interruptible.job', payload: {} })
    let started = false
    const runner = start({
      handlers: {
        'interruptible.job': async (_payload, { signal }) => {
          started = true
          await new Promise<void>((resolve, reject) => {
            signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
            setTimeout(resolve, 30_000)
          })
        },
      },
    })
    await until(async () => started)
    await runner.stop()
    expect(await findJob(database.db, id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null })
    await runJobsUntilIdle(database.db, { handlers: { 'interruptible.job': async () => {} } })
    expect((await findJob(database.db, id))?.status).toBe('done')
  })

  test('runJobNow runs a given job, and only if nobody has it', async () => {
    const { id } = await enqueueJob(database.db, { name: 'now.job', payload: {} })
    let ran = 0
    expect(await runJobNow(database.db, { jobId: id, handlers: { 'now.job': async () => void ran++ } })).toBe('done')
    expect(await runJobNow(database.db, { jobId: id, handlers: { 'now.job': async () => void ran++ } })).toBeNull()
    expect(ran).toBe(1)
  })

  test('concurrency: several jobs at once in one runner, each exactly once', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, n) => enqueueJob(database.db, { name: 'parallel.job', payload: { n } })))
    const runs = new Map<number, number>()
    let inFlight = 0
    let maxInFlight = 0
    const runner = start({
      concurrency: 3,
      handlers: {
        'parallel.job': async (payload: { n: number }) => {
          inFlight++
          maxInFlight = Math.max(maxInFlight, inFlight)
          // Long enough that a runner slowed down by a busy machine still claims a second job before the first ends.
          await new Promise((resolve) => setTimeout(resolve, 300))
          runs.set(payload.n, (runs.get(payload.n) ?? 0) + 1)
          inFlight--
        },
      },
    })
    await until(async () => (await Promise.all(ids.map(({ id }) => findJob(database.db, id)))).every((j) => j?.status === 'done'))
    await runner.stop()
    expect([...runs.values()]).toEqual(Array(12).fill(1))
    expect(maxInFlight).toBeGreaterThan(1)
    expect(maxInFlight).toBeLessThanOrEqual(3)
  })
})

describe('many workers on PostgreSQL', () => {
  let database: TestDatabase
  const workers: Database[] = []

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    // Each worker has its own connection pool, as separate processes would.
    for (let i = 0; i < 4; i++) workers.push(await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 3 }))
  })
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()))
    await database?.drop()
  })

  test('200 jobs shared by 4 workers: every job exactly once', async () => {
    const ids: number[] = []
    for (let n = 0; n < 200; n++) ids.push((await enqueueJob(database.db, { name: 'shared.job', payload: { n } })).id)
    const runsByJob = new Map<number, string[]>()
    const runners = workers.map((worker, index) =>
      startJobRunner({
        db: worker.db,
        workerId: `worker-${index}`,
        pollMs: 10,
        concurrency: 2,
        handlers: {
          'shared.job': async (_payload, { jobId }) => {
            runsByJob.set(jobId, [...(runsByJob.get(jobId) ?? []), `worker-${index}`])
            // 200 × 10 ms is more than one runner can do before the others' first poll, even on a busy machine.
            await new Promise((resolve) => setTimeout(resolve, 10))
          },
        },
      }),
    )
    await until(async () => (await Promise.all(ids.map((id) => findJob(database.db, id)))).every((j) => j?.status === 'done'), 30_000)
    await Promise.all(runners.map((r) => r.stop()))
    expect(ids.every((id) => runsByJob.get(id)?.length === 1)).toBe(true)
    expect(new Set([...runsByJob.values()].flat()).size).toBeGreaterThan(1)
  })
})
