/**
 * `pnpm bench:reminders` — the reminder engine on a large portfolio (PostgreSQL 15):
 *
 *   1. creates `quittance_bench_rem_<random>` (or reuses `--database NAME`), migrates it and seeds 100,000 customers
 *      and 1,000,000 invoices with `seedLarge` (timed), vacuums and analyses it (timed apart), then ships the
 *      default scenarios;
 *   2. plans the day in a separate process (as a worker does), timed, with its peak memory (maxRSS); then plans it
 *      again (a second run on the same day inserts nothing); and runs one hand-written SQL statement that selects
 *      the same due (customer, step) pairs, in the same run, for the ratio;
 *   3. sends 10,000 of the planned e-mails with ONE worker process (`quittance worker`, PostgreSQL runner) to a local
 *      SMTP sink, timed from the worker's start until the last one is recorded as sent, with its peak memory.
 *
 * Budgets (the issue): planning ≤ 30 s and worker memory ≤ 300 MB; 10,000 e-mails ≤ 60 s with one worker.
 * Flags: --customers N --invoices N --emails N --concurrency N --database NAME (reuse) --keep --note "text"
 * --worker-profile DIR (a V8 CPU profile of the sending worker, written to DIR when it stops: a diagnostic).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { openDatabase } from '@quittance/db/client'
import { listScenarios } from '@quittance/db/repositories/reminders-config'
import { seedLarge } from '@quittance/db/seed/seed-large'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { startSmtpSink } from '@quittance/reminders/testing/smtp-sink'
import { TINY_PDF } from '@quittance/reminders/testing/tiny-pdf'
import { ensureReminderDefaults } from '@quittance/use-cases/reminders/ensure-reminder-defaults'
import { publishScenarioVersion } from '@quittance/use-cases/reminders/publish-scenario-version'
import { handSql } from './hand-sql'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const { values: flags } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    invoices: { type: 'string', default: '1000000' },
    emails: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
    database: { type: 'string' },
    keep: { type: 'boolean', default: false },
    note: { type: 'string', default: '' },
    'worker-profile': { type: 'string' },
  },
})
const adminUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const name = flags.database ?? `quittance_bench_rem_${randomBytes(4).toString('hex')}`
const dbUrl = (() => {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
})()
const log = (...args: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...args)
const results: Record<string, unknown> = { note: flags.note, host: { cpus: os.cpus().length, load: os.loadavg() }, database: name }

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
if (!flags.database) await admin.unsafe(`create database ${name}`)
await admin.end()
const database = await openDatabase({ kind: 'postgres', url: dbUrl, maxConnections: 8 })
await database.migrate()
const sql = postgres(dbUrl, { max: 4, onnotice: () => {} })
const today = localDateInTimeZone(new Date(), 'Europe/Paris')

try {
  const [{ n: existing } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from invoices`
  if (existing === 0) {
    const started = performance.now()
    await seedLarge(database.db, { customers: Number(flags.customers), invoices: Number(flags.invoices), today, onProgress: (m) => log(m) })
    results.seedSeconds = (performance.now() - started) / 1000
    log(`seeded in ${(results.seedSeconds as number).toFixed(1)} s`)
  }
  // A live database has been vacuumed and analysed since its rows were written; one seeded a second ago has not
  // (no statistics, no visibility map, every hint bit still to set): left alone, autovacuum and those first writes
  // land inside the timed runs. Timed apart, not part of any budget.
  const vacuumStarted = performance.now()
  await sql.unsafe('vacuum (analyze)')
  results.vacuumAfterSeedSeconds = (performance.now() - vacuumStarted) / 1000
  const [entity] = await sql<{ id: string }[]>`select id from creditor_entities where code = 'LARGE'`
  await ensureReminderDefaults(database.db, { entityId: entity!.id, now: new Date() })
  const [{ open } = { open: 0 }] = await sql<{ open: number }[]>`select count(*)::int as open from invoices where total_minor > paid_minor + credited_minor + written_off_minor`
  results.portfolio = { customers: Number(flags.customers), invoices: Number(flags.invoices), openInvoices: open, today }

  // 2. The hand-written SQL first (on the fresh history, as the planner sees it), then the planner in its own
  // process, then the same day again.
  const scenarios = await listScenarios(database.db, { entityId: entity!.id })
  const query = handSql(scenarios.map((s) => ({ ...s.scenario, key: s.key })), entity!.id, today)
  await sql.unsafe(query) // warm-up, as the planner's reads are warmed by the first batches
  const sqlStarted = performance.now()
  const handRows = await sql.unsafe(query)
  const sqlMs = performance.now() - sqlStarted
  log(`hand-written SQL: ${handRows.length} actions in ${(sqlMs / 1000).toFixed(2)} s`)
  const plan = async () => {
    // The worker's heap is capped as in production (NODE_OPTIONS=--max-old-space-size=256): V8 otherwise grows
    // lazily far past what the planner keeps alive.
    const out = await run(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', join(REPO, 'bench/reminders/plan-child.ts'), dbUrl, entity!.id, today])
    return JSON.parse(out.trim().split('\n').at(-1)!) as { durationMs: number; counts: Record<string, number>; maxRssMb: number }
  }
  const first = await plan()
  log('first plan', first)
  const second = await plan()
  log('second plan (same day)', second)
  const [{ planned } = { planned: 0 }] = await sql<{ planned: number }[]>`select count(*)::int as planned from reminder_actions where entity_id = ${entity!.id} and planning_date = ${today}`
  results.planning = {
    firstRun: first,
    secondRun: second,
    handWrittenSql: { ms: sqlMs, rows: handRows.length },
    actionsInDatabase: planned,
    ratioPlannerToSql: first.durationMs / sqlMs,
    budgets: { seconds: 30, workerMb: 300 },
  }
  log(`planner ${(first.durationMs / 1000).toFixed(1)} s (${first.maxRssMb.toFixed(0)} MB), hand SQL ${(sqlMs / 1000).toFixed(2)} s, ratio ${(first.durationMs / sqlMs).toFixed(1)}`)

  // 3. Sending: N e-mails with one worker. Bench set-up: the window is opened all day (a new version of each
  // scenario), the chosen actions are due now, the other send jobs are set aside, and the invoices carry an imported
  // PDF (a Quittance-rendered one costs ~100 ms each and is measured by the e-mail tests, not here).
  const emails = Number(flags.emails)
  for (const s of scenarios) {
    const { id: _id, version: _version, ...definition } = s.scenario
    await publishScenarioVersion(database.db, {
      scenarioId: s.id,
      definition: { ...definition, sendWindow: { ...definition.sendWindow, weekdays: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24, holidays: 'none' } },
      actor: { id: null },
      now: new Date(),
    })
  }
  const chosen = await sql<{ id: string }[]>`select id from reminder_actions where entity_id = ${entity!.id} and planning_date = ${today}
                                              and channel = 'email' and status = 'planned' order by id limit ${emails}`
  const ids = chosen.map((r) => r.id)
  await sql`update jobs set status = 'done', finished_at = now() where name = 'reminders.send' and status = 'queued'
             and not (payload->>'actionId' = any(${ids}))`
  await sql`update jobs set run_after = now() where name = 'reminders.send' and payload->>'actionId' = any(${ids})`
  await sql`update reminder_actions set send_after = now() where id = any(${ids}::uuid[])`
  const [doc] = await sql<{ id: string }[]>`insert into documents (entity_id, kind, filename, content_type, size_bytes, sha256, content)
                                            values (${entity!.id}, 'invoice', 'facture.pdf', 'application/pdf', ${TINY_PDF.byteLength}, 'bench', ${Buffer.from(TINY_PDF)}) returning id`
  await sql`update invoices set original_document_id = ${doc!.id} where id in (select invoice_id from reminder_action_invoices where action_id = any(${ids}::uuid[]))`
  // The set-up above rewrote tens of thousands of jobs and actions: vacuum them as autovacuum soon would, so that the
  // worker's claims do not walk the dead rows of the bench's own set-up. Timed apart.
  const sendVacuumStarted = performance.now()
  await sql.unsafe('vacuum (analyze) jobs, reminder_actions, reminder_action_invoices, invoices')
  results.vacuumBeforeSendingSeconds = (performance.now() - sendVacuumStarted) / 1000
  const sink = await startSmtpSink({ parse: false })
  const workerStarted = performance.now()
  const profile = flags['worker-profile'] ? ['--cpu-prof', '--cpu-prof-dir', flags['worker-profile']] : []
  const worker = spawn(process.execPath, [...profile, '--import', 'tsx', join(REPO, 'packages/cli/src/main.ts'), 'worker'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=256', DATABASE_URL: dbUrl, SMTP_URL: sink.url, QUITTANCE_REMINDER_SCHEDULE: 'off', QUITTANCE_WORKER_CONCURRENCY: flags.concurrency, REDIS_URL: '' },
  })
  let peakMb = 0
  let firstSendAt: number | null = null
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    peakMb = Math.max(peakMb, rssMb(worker.pid!))
    const [{ sent } = { sent: 0 }] = await sql<{ sent: number }[]>`select count(*)::int as sent from reminder_actions where id = any(${ids}::uuid[]) and status in ('sent', 'skipped', 'failed')`
    if (sent > 0 && firstSendAt === null) firstSendAt = performance.now()
    if (sent >= ids.length || performance.now() - workerStarted > 900_000) break
  }
  const totalMs = performance.now() - workerStarted
  const workerCpuSeconds = cpuSeconds(worker.pid!)
  const workerExited = new Promise((resolve) => worker.once('exit', resolve))
  worker.kill('SIGTERM')
  if (profile.length > 0) await workerExited // the profile is written as the worker exits
  const statuses = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from reminder_actions where id = any(${ids}::uuid[]) group by status`
  results.sending = {
    emails: ids.length,
    concurrency: Number(flags.concurrency),
    secondsFromWorkerStart: totalMs / 1000,
    secondsFromFirstSend: firstSendAt ? (performance.now() - firstSendAt) / 1000 : null,
    smtpMessages: sink.messages.length,
    statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
    workerPeakRssMb: peakMb,
    // CPU the worker used (user + system, start-up included): unlike the seconds, it barely depends on what else
    // runs on the machine.
    workerCpuSeconds,
    loadAtEnd: os.loadavg(),
    budgetSeconds: 60,
  }
  log('sending', results.sending)
  await sink.close()
} finally {
  await sql.end()
  await database.close()
  mkdirSync(join(REPO, 'bench/results'), { recursive: true })
  const file = join(REPO, 'bench/results', `reminders-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}Z.json`)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  log(`results in ${file}`)
  if (!flags.keep && !flags.database) {
    const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} })
    await cleanup.unsafe(`drop database if exists ${name} with (force)`)
    await cleanup.end()
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args[2]} exited with ${code}`))))
  })
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
    return hwm ? Number(hwm[1]) / 1024 : 0
  } catch {
    return 0
  }
}

function cpuSeconds(pid: number): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name): utime and stime, in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}
