/**
 * `pnpm bench:import` — importing a 1,000,000-invoice CSV file into PostgreSQL 15, end to end, against a raw COPY
 * of the same file measured in the same run.
 *
 *   1. creates `quittance_bench_import_<random>`, migrates it and seeds 100,000 customers with `seedLarge`
 *      (not timed as part of the import);
 *   2. writes the CSV a French ERP would export: `;` separated, UTF-8 with BOM, day-first dates, decimal commas,
 *      net + VAT + total (so every row goes through the real parsing and checks), 1,000,000 invoices spread over
 *      the 100,000 customers;
 *   3. imports it the way the back office does — `uploadImport` (detection, stored in the database),
 *      `saveImportMapping` (the suggested mapping), `startImport` (enqueues the job), and the job runner of
 *      @quittance/jobs running it to its end — timing each step; "end to end" is upload to completed;
 *   4. imports the same file again: every row must come back unchanged, and nothing is written;
 *   5. COPYs the same bytes into an UNLOGGED staging table of text columns with postgres.js
 *      (`sql\`copy … from stdin\`.writable()`): the floor for moving those bytes into PostgreSQL;
 *   6. prints the figures, the ratio import / COPY, the budget (≤ 90 s), and writes bench/results/import-<time>.json.
 *
 * Flags: --customers N --invoices N (scale down), --no-reimport, --keep (keep the database), --note "text",
 * --strict (exit 2 when over budget), --what-if-incremental-balances (in the bench database only, replace the
 * invoices INSERT trigger by one that adds to customer_balances instead of recomputing: see the .sql file). Admin URL: BENCH_DATABASE_URL, else DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres (the role must be allowed to CREATE DATABASE).
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { openDatabase } from '@quittance/db/client'
import { findImportJob, summariseImportRejections } from '@quittance/db/repositories/imports'
import { seedLarge } from '@quittance/db/seed/seed-large'
import { createEmptyPostgresDatabase } from '@quittance/db/testing/create-database'
import { startJobRunner } from '@quittance/jobs/job-runner'
import { saveImportMapping } from '@quittance/use-cases/imports/save-import-mapping'
import { startImport } from '@quittance/use-cases/imports/start-import'
import { uploadImport } from '@quittance/use-cases/imports/upload-import'
import { JOB_HANDLERS } from '@quittance/use-cases/jobs/job-handlers'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')
const BUDGET_SECONDS = 90
const ACTOR = { type: 'system', id: 'bench' } as const

const { values: flags } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    invoices: { type: 'string', default: '1000000' },
    'no-reimport': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    note: { type: 'string', default: '' },
    strict: { type: 'boolean', default: false },
    'what-if-incremental-balances': { type: 'boolean', default: false },
  },
})
const customers = Number(flags.customers)
const invoices = Number(flags.invoices)
const fullSize = customers === 100_000 && invoices === 1_000_000
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const seconds = (ms: number) => Math.round(ms) / 1000
const CLOCK_TICKS = 100

/**
 * CPU seconds used so far by the PostgreSQL backends connected to one database (utime + stime from /proc): on a
 * shared machine wall time says how busy the others are, CPU time says what the work itself costs.
 */
async function backendCpu(admin: postgres.Sql, database: string): Promise<Map<number, number>> {
  const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`
  const cpu = new Map<number, number>()
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS)
    } catch {
      // Not on Linux, or the backend ended: counted as nothing.
    }
  }
  return cpu
}

function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, value] of after) total += value - (before.get(pid) ?? 0)
  return Math.round(total * 100) / 100
}

async function measuredCpu<T>(admin: postgres.Sql, database: string, work: () => Promise<T>) {
  const pgBefore = await backendCpu(admin, database)
  const nodeBefore = process.cpuUsage()
  const result = await work()
  const node = process.cpuUsage(nodeBefore)
  const pgAfter = await backendCpu(admin, database)
  return { result, cpu: { nodeSeconds: Math.round((node.user + node.system) / 10_000) / 100, postgresSeconds: cpuSpent(pgBefore, pgAfter) } }
}
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`)

/** The file an ERP would export, in French: every amount and date has to be parsed, every total checked. */
function buildCsv(): Uint8Array {
  const parts: string[] = ['\uFEFFNuméro de facture;Code client;Date de facture;Date d’échéance;Devise;Montant HT;TVA;Montant TTC\r\n']
  // Issue dates over 2025–2026, due 30 days later, written day first.
  const day = (offset: number) => {
    const date = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000)
    return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`
  }
  const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`
  let chunk = ''
  // Numbers are given in date order, as invoicing systems do: issue dates rise with the number over two years.
  const span = 700
  for (let g = 1; g <= invoices; g++) {
    const offset = Math.floor(((g - 1) * span) / invoices)
    const net = 5000 + ((g * 7919) % 995_000)
    const tax = Math.round(net * 0.2)
    const customer = `LRG-${String(1 + ((g - 1) % customers)).padStart(8, '0')}`
    chunk += `BENCH-INV-${String(g).padStart(9, '0')};${customer};${day(offset)};${day(offset + 30)};EUR;${euros(net)};${euros(tax)};${euros(net + tax)}\r\n`
    if (g % 50_000 === 0) {
      parts.push(chunk)
      chunk = ''
    }
  }
  parts.push(chunk)
  return new TextEncoder().encode(parts.join(''))
}

async function importOnce(db: Parameters<typeof uploadImport>[0], entityId: string, bytes: Uint8Array) {
  const t0 = performance.now()
  const uploaded = await uploadImport(db, { entityId, kind: 'invoices', file: { name: 'factures.csv', bytes }, actor: ACTOR })
  if (!uploaded.ok) throw new Error(`upload refused: ${uploaded.error}`)
  const tUpload = performance.now()
  const head = await findImportJob(db, uploaded.value.importId)
  const saved = await saveImportMapping(db, { importId: uploaded.value.importId, mapping: head!.mapping ?? {}, actor: ACTOR })
  if (!saved.ok) throw new Error(`mapping refused: ${JSON.stringify(saved.error)}`)
  const started = await startImport(db, { importId: uploaded.value.importId, mode: 'valid_rows', actor: ACTOR })
  if (!started.ok) throw new Error(`start refused: ${JSON.stringify(started.error)}`)
  const tStart = performance.now()
  const runner = startJobRunner({ db, handlers: JOB_HANDLERS, pollMs: 50 })
  runner.wake()
  let job = await findImportJob(db, uploaded.value.importId)
  let lastShown = 0
  while (job && job.status !== 'completed' && job.status !== 'failed') {
    await new Promise((resolve) => setTimeout(resolve, 250))
    job = await findImportJob(db, uploaded.value.importId)
    if (job && job.processedRows - lastShown >= invoices / 10) {
      lastShown = job.processedRows
      log(`  ${job.processedRows.toLocaleString('en')} rows (${seconds(performance.now() - tStart)} s)`)
    }
  }
  const tDone = performance.now()
  await runner.stop()
  if (!job || job.status !== 'completed') throw new Error(`import ended as ${job?.status}: ${job?.failureReason}`)
  const rejections = await summariseImportRejections(db, job.id)
  return {
    importId: job.id,
    mapping: head!.mapping,
    counts: { processed: job.processedRows, imported: job.importedRows, unchanged: job.unchangedRows, rejected: job.rejectedRows },
    rejections,
    seconds: {
      uploadAndDetect: seconds(tUpload - t0),
      mappingAndStart: seconds(tStart - tUpload),
      job: seconds(tDone - tStart),
      endToEnd: seconds(tDone - t0),
    },
  }
}

async function copyIntoStaging(url: string, bytes: Uint8Array) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`drop table if exists import_staging`
    await sql`create unlogged table import_staging (number text, customer_ref text, issue_date text, due_date text,
                currency text, subtotal text, tax text, total text)`
    const [{ pid } = { pid: 0 }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`
    const cpu = () => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
      } catch {
        return 0
      }
    }
    const cpuBefore = cpu()
    const t0 = performance.now()
    const writable = await sql`copy import_staging from stdin with (format csv, header true, delimiter ';', encoding 'UTF8')`.writable()
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
    await pipeline(Readable.from(chunks(body, 1 << 20)), writable)
    const elapsed = performance.now() - t0
    const postgresCpuSeconds = Math.round((cpu() - cpuBefore) * 100) / 100
    const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from import_staging`
    return { seconds: seconds(elapsed), rows: n, postgresCpuSeconds }
  } finally {
    await sql.end({ timeout: 5 })
  }
}

function* chunks(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(size, bytes.length - i))
}

async function main() {
  const name = `quittance_bench_import_${randomBytes(4).toString('hex')}`
  log(`creating ${name}`)
  const empty = await createEmptyPostgresDatabase(adminUrl, { name })
  const database = await openDatabase({ kind: 'postgres', url: empty.url, maxConnections: 10 })
  const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100)
  const loadBefore = load()
  try {
    await database.migrate()
    if (flags['what-if-incremental-balances']) {
      const sql = postgres(empty.url, { max: 1, onnotice: () => {} })
      await sql.unsafe(readFileSync(new URL('./what-if-incremental-balances.sql', import.meta.url), 'utf8'))
      await sql.end({ timeout: 5 })
      log('what-if: the invoices INSERT trigger adds to customer_balances instead of recomputing (bench database only)')
    }
    const tSeed = performance.now()
    const { entityId } = await seedLarge(database.db, { customers, invoices: 0, today: '2026-11-23' })
    const seedSeconds = seconds(performance.now() - tSeed)
    log(`seeded ${customers.toLocaleString('en')} customers in ${seedSeconds} s`)

    const tCsv = performance.now()
    const bytes = buildCsv()
    log(`generated ${invoices.toLocaleString('en')} invoices, ${(bytes.length / 1024 / 1024).toFixed(1)} MB, in ${seconds(performance.now() - tCsv)} s`)

    log('import 1: upload → mapping → start → job')
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
    const measured1 = await measuredCpu(admin, name, () => importOnce(database.db, entityId, bytes))
    const first = { ...measured1.result, cpu: measured1.cpu }
    log(`import 1 done in ${first.seconds.endToEnd} s: ${JSON.stringify(first.counts)}`)
    let second: typeof first | null = null
    if (!flags['no-reimport']) {
      log('import 2: the same file again (every row unchanged)')
      const measured2 = await measuredCpu(admin, name, () => importOnce(database.db, entityId, bytes))
      second = { ...measured2.result, cpu: measured2.cpu }
      log(`import 2 done in ${second.seconds.endToEnd} s: ${JSON.stringify(second.counts)}`)
    }

    await admin.end({ timeout: 5 })
    log('COPY of the same file into an unlogged staging table')
    const copy = await copyIntoStaging(empty.url, bytes)
    log(`COPY done in ${copy.seconds} s (${copy.rows.toLocaleString('en')} rows)`)

    const checks = {
      allImported: first.counts.imported === invoices && first.counts.rejected === 0,
      reimportUnchanged: second ? second.counts.unchanged === invoices && second.counts.imported === 0 : null,
      copyRows: copy.rows === invoices,
    }
    const ratio = Math.round((first.seconds.endToEnd / copy.seconds) * 10) / 10
    const cpuRatio = copy.postgresCpuSeconds > 0 ? Math.round((first.cpu.postgresSeconds / copy.postgresCpuSeconds) * 10) / 10 : null
    const withinBudget = first.seconds.endToEnd <= BUDGET_SECONDS
    const pad = (s: string, n = 44) => s.padEnd(n)
    console.log(`
${fullSize ? '' : `(scaled down: ${customers} customers, ${invoices} invoices)\n`}${pad('Figure')}Measured
${pad('Import, end to end (upload → completed)')}${first.seconds.endToEnd} s   budget ≤ ${BUDGET_SECONDS} s  ${withinBudget ? 'OK' : 'OVER'}
${pad('  upload: detect encoding/separator, store')}${first.seconds.uploadAndDetect} s
${pad('  mapping + start (enqueue)')}${first.seconds.mappingAndStart} s
${pad('  job: parse, check, upsert in batches')}${first.seconds.job} s
${pad('  CPU: node / PostgreSQL backends')}${first.cpu.nodeSeconds} s / ${first.cpu.postgresSeconds} s
${pad('Raw COPY into unlogged staging table')}${copy.seconds} s   (PostgreSQL CPU ${copy.postgresCpuSeconds} s)
${pad('Ratio import / COPY (wall time)')}${ratio} ×
${pad('Ratio import / COPY (PostgreSQL CPU)')}${cpuRatio} ×
${second ? `${pad('Re-import of the same file (all unchanged)')}${second.seconds.endToEnd} s   (CPU node ${second.cpu.nodeSeconds} s / PostgreSQL ${second.cpu.postgresSeconds} s)` : ''}
${pad('Rows per second (import)')}${Math.round(invoices / first.seconds.endToEnd).toLocaleString('en')}
${pad('Checks')}${JSON.stringify(checks)}
${pad('Load average before / after')}${loadBefore.join(' ')} / ${load().join(' ')}`)

    mkdirSync(RESULTS_DIR, { recursive: true })
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
    const file = join(RESULTS_DIR, `import-${stamp}Z${fullSize ? '' : '-scaled'}${flags['what-if-incremental-balances'] ? '-what-if' : ''}.json`)
    writeFileSync(
      file,
      JSON.stringify(
        {
          when: new Date().toISOString(),
          note: flags.note,
          whatIfIncrementalBalances: flags['what-if-incremental-balances'],
          machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadBefore, loadAfter: load() },
          size: { customers, invoices, fileBytes: bytes.length },
          seedSeconds,
          import: first,
          reimport: second,
          copy,
          ratio,
          cpuRatio,
          budgetSeconds: BUDGET_SECONDS,
          withinBudget,
          checks,
        },
        null,
        2,
      ),
    )
    log(`results written to ${file}`)
    if (!Object.values(checks).every((c) => c !== false)) process.exitCode = 1
    else if (flags.strict && !withinBudget) process.exitCode = 2
  } finally {
    await database.close()
    if (flags.keep) log(`kept ${empty.url}`)
    else await empty.drop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
