/**
 * `pnpm bench:portal` — the debtor invoice list under load, against a freshly seeded PostgreSQL database.
 *
 *   1. creates `quittance_bench_<random>`, migrates it, seeds 100,000 customers and 1,000,000 invoices (timed),
 *      then one more customer with exactly 50 open invoices (EUR and GBP, overdue and not yet due) and a link;
 *   2. starts the real portal (`node --import tsx packages/cli/src/main.ts serve portal`, NODE_ENV=production),
 *      redeems the link like a browser and keeps the session cookie;
 *   3. measures the JavaScript the page references, and what a fully hydrated page would load;
 *   4. loads `GET /fr/invoices` with autocannon (16 connections, 20 s after a 3 s warm-up) while sampling the
 *      portal's RSS every 250 ms; then does the same against a bare node:http + postgres.js baseline;
 *   5. prints every figure beside its budget and writes them to bench/results/portal-<timestamp>.json.
 *
 * Flags: --customers N --invoices N (scale down), --duration S, --warmup S, --connections N, --keep (keep the
 * database), --note "text" (recorded in the JSON, e.g. what else ran on the machine), --strict (exit 2 when a
 * budget fails). See bench/README.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import autocannon, { type Result as AutocannonResult } from 'autocannon'
import postgres, { type Sql } from 'postgres'
import { openDatabase, type Database } from '@quittance/db/client'
import { listInvoicesForCustomer, openTotalsForCustomer } from '@quittance/db/repositories/invoices'
import { createContact, createCustomer, createInvoice } from '@quittance/db/seed/factories'
import { seedLarge } from '@quittance/db/seed/seed-large'
import { issuePortalLink } from '@quittance/use-cases/portal-access/issue-portal-link'
import {
  COUNT_SQL,
  findSession,
  hashToken,
  LIST_SQL,
  loadInvoiceList,
  POSTGRES_TYPES,
  SESSION_SQL,
  sessionTokenFromCookieHeader,
  todayIn,
  TOTALS_SQL,
} from './page-queries'

// --- configuration ---------------------------------------------------------------------------------------------

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PORTAL_DIR = join(REPO_ROOT, 'portal')
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'
const PAGE_PATH = '/fr/invoices'
const INVOICE_LIST_ROUTE = 'routes/$locale._portal.invoices._index'
const BENCH_CUSTOMER = { externalRef: 'BENCH-50', name: 'Bench Debtor SARL', invoices: 50 }
// Marks our own connections to the bench database, so CPU and transaction counts leave them out.
const APPLICATION_NAME = 'quittance-bench'
const FULL_SIZE = { customers: 100_000, invoices: 1_000_000 }
const KIB = 1024
const MIB = 1024 * 1024

const BUDGETS = {
  seedingSeconds: 60,
  p95Ms: 50,
  requestsPerSecond: 300,
  rssBytes: 250 * MIB,
  jsGzipBytes: 90 * KIB,
}

const { values: flags } = parseArgs({
  options: {
    customers: { type: 'string', default: String(FULL_SIZE.customers) },
    invoices: { type: 'string', default: String(FULL_SIZE.invoices) },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    keep: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    note: { type: 'string' },
  },
})

const options = {
  customers: positiveInteger(flags.customers, '--customers'),
  invoices: positiveInteger(flags.invoices, '--invoices'),
  durationSeconds: positiveInteger(flags.duration, '--duration'),
  warmupSeconds: positiveInteger(flags.warmup, '--warmup'),
  connections: positiveInteger(flags.connections, '--connections'),
  keep: flags.keep ?? false,
  strict: flags.strict ?? false,
  note: flags.note ?? null,
}
const fullSize = options.customers === FULL_SIZE.customers && options.invoices === FULL_SIZE.invoices

// --- small helpers ---------------------------------------------------------------------------------------------

const startedAt = new Date()
function log(message: string) {
  const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1).padStart(6)
  console.log(`[${seconds}s] ${message}`)
}

function positiveInteger(value: string | undefined, name: string) {
  const n = Number(value)
  if (!value || !Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0`)
  return n
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

function addDays(date: string, days: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}

/** utime + stime of a process, in seconds (all its threads). */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return 0
  }
}

/** CPU seconds the whole machine spent busy (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks.map(Number)
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS
}

function ownCpuSeconds() {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

function gitDescription() {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== ''
    return { commit, dirty }
  } catch {
    return null
  }
}

// --- child processes -------------------------------------------------------------------------------------------

type Child = { name: string; proc: ChildProcess; pid: number; output: string[] }

function startChild(name: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (output.length > 200) output.splice(0, output.length - 200)
  }
  proc.stdout!.on('data', keep)
  proc.stderr!.on('data', keep)
  if (!proc.pid) throw new Error(`could not start ${name}`)
  return { name, proc, pid: proc.pid, output }
}

async function waitForHealth(child: Child, baseUrl: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) {
      throw new Error(`${child.name} exited with code ${child.proc.exitCode}:\n${child.output.slice(-30).join('\n')}`)
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  throw new Error(`${child.name} did not answer /healthz within ${timeoutMs / 1000} s:\n${child.output.slice(-30).join('\n')}`)
}

async function stopChild(child: Child | null) {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return
  const exited = new Promise((resolve) => child.proc.once('exit', resolve))
  child.proc.kill('SIGTERM')
  const timeout = sleep(5000).then(() => 'timeout')
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.proc.kill('SIGKILL')
    await exited
  }
}

// --- seeding ---------------------------------------------------------------------------------------------------

async function createBenchCustomer(db: Database['db'], entityId: string, today: string) {
  const customer = await createCustomer(db, {
    entityId,
    externalRef: BENCH_CUSTOMER.externalRef,
    name: BENCH_CUSTOMER.name,
    language: 'fr',
    currency: 'EUR',
  })
  const contact = await createContact(db, { customerId: customer.id, name: 'Camille Banc', language: 'fr' })
  const numbers: string[] = []
  for (let i = 0; i < BENCH_CUSTOMER.invoices; i++) {
    // Two thirds in EUR, one third in GBP; 30 overdue (3 to 119 days), 20 not yet due.
    const currency = i % 3 === 2 ? 'GBP' : 'EUR'
    const dueDate = i < 30 ? addDays(today, -(3 + i * 4)) : addDays(today, 1 + (i - 30) * 5)
    const number = `BENCH-INV-${String(i + 1).padStart(4, '0')}`
    await createInvoice(db, {
      entityId,
      customerId: customer.id,
      issueDate: addDays(dueDate, -30),
      dueDate,
      currency,
      number,
      totalMinor: 12_000 + i * 7_919,
    })
    numbers.push(number)
  }
  return { customer, contact, numbers }
}

// --- page checks and JavaScript weight -------------------------------------------------------------------------

async function fetchPage(baseUrl: string, cookie: string) {
  const response = await fetch(`${baseUrl}${PAGE_PATH}`, {
    headers: { Cookie: cookie, 'User-Agent': CHROME_UA },
    redirect: 'manual',
  })
  return { status: response.status, html: await response.text() }
}

function assertPage(name: string, page: { status: number; html: string }, numbers: string[]) {
  if (page.status !== 200) throw new Error(`${name}: ${PAGE_PATH} answered ${page.status}, expected 200`)
  if (!page.html.includes(BENCH_CUSTOMER.name)) throw new Error(`${name}: the page does not show "${BENCH_CUSTOMER.name}"`)
  const found = numbers.filter((number) => page.html.includes(`>${number}<`)).length
  if (found !== numbers.length) throw new Error(`${name}: the page shows ${found} of the ${numbers.length} invoice numbers`)
  return found
}

type JsFile = { file: string; bytes: number; gzipBytes: number }

const gzipSize = (content: Buffer | string) => gzipSync(content).length

/** Every script the HTML makes the browser load or run: <script src>, inline <script>, <link rel=modulepreload>. */
async function shippedJavaScript(baseUrl: string, html: string) {
  const files: (JsFile & { kind: string })[] = []
  const urls = new Set<string>()
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\bsrc=["']?([^"'\s>]+)/i.exec(match[1] ?? '')?.[1]
    if (src) urls.add(src)
    else if ((match[2] ?? '').trim()) {
      files.push({ kind: 'inline', file: '(inline script)', bytes: Buffer.byteLength(match[2]!), gzipBytes: gzipSize(match[2]!) })
    }
    // Inline module scripts import the entry and the route modules: count those imports too.
    for (const imported of (match[2] ?? '').matchAll(/import\s*(?:[^'"]*from\s*)?["']([^"']+\.js)["']/g)) urls.add(imported[1]!)
  }
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    if (!/\brel=["']?modulepreload/i.test(match[0])) continue
    const href = /\bhref=["']?([^"'\s>]+)/i.exec(match[0])?.[1]
    if (href) urls.add(href)
  }
  for (const url of urls) {
    const response = await fetch(new URL(url, baseUrl))
    const body = Buffer.from(await response.arrayBuffer())
    files.push({ kind: 'external', file: url, bytes: body.length, gzipBytes: gzipSize(body) })
  }
  return {
    scripts: files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  }
}

/**
 * What the invoice list would load if its route set `handle.hydrate`: the client entry, the root, the layout
 * routes and the invoice-list route, with their shared chunks, plus Remix's route manifest. Read from Vite's
 * `.vite/manifest.json` when the build kept it, otherwise from Remix's own browser manifest
 * (`assets/manifest-<hash>.js`), which is the list `<Scripts>` renders as modulepreload links.
 */
function hydratedJavaScript() {
  const clientDir = join(PORTAL_DIR, 'build', 'client')
  const fileInfo = (publicPath: string): JsFile => {
    const content = readFileSync(join(clientDir, publicPath.replace(/^\//, '')))
    return { file: publicPath, bytes: content.length, gzipBytes: gzipSize(content) }
  }
  const remixManifests = readdirSync(join(clientDir, 'assets'))
    .filter((name) => /^manifest-[\w-]+\.js$/.test(name))
    .map((name) => join(clientDir, 'assets', name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  const remixManifestPath = remixManifests[0]
  if (!remixManifestPath) throw new Error('no Remix browser manifest (assets/manifest-*.js) in portal/build/client')
  const remix = JSON.parse(
    readFileSync(remixManifestPath, 'utf8').replace(/^\s*window\.__remixManifest\s*=\s*/, '').replace(/;\s*$/, ''),
  ) as {
    url: string
    entry: { module: string; imports: string[] }
    routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>
  }
  const chain: string[] = []
  for (let id: string | undefined = INVOICE_LIST_ROUTE; id; id = remix.routes[id]?.parentId) {
    if (!remix.routes[id]) throw new Error(`route ${id} is not in the Remix manifest`)
    chain.unshift(id)
  }

  const files = new Set<string>([remix.url])
  let source: string
  const viteManifestPath = join(clientDir, '.vite', 'manifest.json')
  if (existsSync(viteManifestPath)) {
    source = 'portal/build/client/.vite/manifest.json (+ Remix route manifest)'
    const vite = JSON.parse(readFileSync(viteManifestPath, 'utf8')) as Record<string, { file: string; imports?: string[] }>
    const visit = (key: string) => {
      const chunk = vite[key]
      if (!chunk || files.has(`/${chunk.file}`)) return
      files.add(`/${chunk.file}`)
      for (const imported of chunk.imports ?? []) visit(imported)
    }
    visit('app/entry.client.tsx')
    for (const id of chain) visit(id === 'root' ? 'app/root.tsx' : `app/${id}.tsx`)
  } else {
    source = `${remixManifestPath.slice(REPO_ROOT.length)} (Remix browser manifest; the build keeps no .vite/manifest.json)`
    for (const path of [remix.entry.module, ...remix.entry.imports]) files.add(path)
    for (const id of chain) for (const path of [remix.routes[id]!.module, ...(remix.routes[id]!.imports ?? [])]) files.add(path)
  }
  const chunks = [...files].map(fileInfo).sort((a, b) => b.gzipBytes - a.gzipBytes)
  return {
    source,
    routes: chain,
    chunks,
    bytes: chunks.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: chunks.reduce((sum, f) => sum + f.gzipBytes, 0),
  }
}

// --- load ------------------------------------------------------------------------------------------------------

type LoadFigures = {
  target: string
  requests: number
  durationSeconds: number
  requestsPerSecond: number
  requestsPerSecondOverall: number
  latencyMs: { mean: number; p50: number; p90: number; p95: number; p97_5: number; p99: number; max: number }
  autocannonLatencyMs: { mean: number; p50: number; p90: number; p97_5: number; p99: number; max: number }
  errors: number
  timeouts: number
  non2xx: number
  mismatches: number
  statusCodes: Record<string, number>
  bytesPerResponse: number
  rss: { idleBytes: number | null; maxBytes: number; samples: number; intervalMs: number }
  cpuSeconds: { server: number; postgresBackends: number; loadGenerator: number; machineBusy: number; other: number; coresAvailable: number }
  statementsPerRequest: number | null
  loadAverageBefore: number[]
}

function runAutocannon(url: string, cookie: string, seconds: number, connections: number, onResponseTime?: (ms: number) => void) {
  return new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: { cookie, 'user-agent': CHROME_UA },
        verifyBody: (body) => body.includes(BENCH_CUSTOMER.name),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) onResponseTime?.(responseTime)
    })
  })
}

async function backendPids(admin: Sql, database: string) {
  const rows = await admin<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = ${database} and backend_type = 'client backend' and application_name <> ${APPLICATION_NAME}`
  return rows.map((row) => row.pid)
}

async function committedTransactions(admin: Sql, database: string) {
  const [row] = await admin<{ n: string }[]>`select xact_commit::text as n from pg_stat_database where datname = ${database}`
  return Number(row?.n ?? 0)
}

async function measureLoad(input: {
  target: string
  child: Child
  baseUrl: string
  cookie: string
  admin: Sql
  database: string
  onWarmupTick?: () => Promise<void>
}): Promise<LoadFigures> {
  const url = `${input.baseUrl}${PAGE_PATH}`
  const idleBytes = rssBytes(input.child.pid)
  log(`${input.target}: warm-up ${options.warmupSeconds} s (RSS idle ${idleBytes === null ? '?' : (idleBytes / MIB).toFixed(0)} MB)`)
  let warming = true
  const sampler = (async () => {
    while (warming && input.onWarmupTick) {
      await input.onWarmupTick()
      await sleep(50)
    }
  })()
  await runAutocannon(url, input.cookie, options.warmupSeconds, options.connections)
  warming = false
  await sampler

  const pids = await backendPids(input.admin, input.database)
  const loadAverageBefore = os.loadavg().map((n) => round(n, 2))
  const before = {
    server: processCpuSeconds(input.child.pid),
    postgres: pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    own: ownCpuSeconds(),
    machine: machineBusySeconds(),
    transactions: await committedTransactions(input.admin, input.database),
    at: performance.now(),
  }
  let maxRss = idleBytes ?? 0
  let samples = 0
  const sample = () => {
    const bytes = rssBytes(input.child.pid)
    if (bytes !== null) {
      maxRss = Math.max(maxRss, bytes)
      samples++
    }
  }
  sample()
  const rssTimer = setInterval(sample, 250)
  const latencies: number[] = []
  log(`${input.target}: ${options.connections} connections for ${options.durationSeconds} s on GET ${PAGE_PATH}`)
  let result: AutocannonResult
  try {
    result = await runAutocannon(url, input.cookie, options.durationSeconds, options.connections, (ms) => latencies.push(ms))
  } finally {
    clearInterval(rssTimer)
    sample()
  }
  const elapsedSeconds = (performance.now() - before.at) / 1000
  const after = {
    server: processCpuSeconds(input.child.pid),
    postgres: pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    own: ownCpuSeconds(),
    machine: machineBusySeconds(),
    transactions: await committedTransactions(input.admin, input.database),
  }
  latencies.sort((a, b) => a - b)
  const cpu = {
    server: round(after.server - before.server, 2),
    postgresBackends: round(after.postgres - before.postgres, 2),
    loadGenerator: round(after.own - before.own, 2),
    machineBusy: round(after.machine - before.machine, 2),
    other: 0,
    coresAvailable: round(os.cpus().length * elapsedSeconds, 2),
  }
  cpu.other = round(Math.max(0, cpu.machineBusy - cpu.server - cpu.postgresBackends - cpu.loadGenerator), 2)
  const completed = result['2xx'] + result.non2xx
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]))
  const a = result.latency
  return {
    target: input.target,
    requests: completed,
    durationSeconds: result.duration,
    requestsPerSecond: round(result.requests.mean, 1),
    requestsPerSecondOverall: round(completed / result.duration, 1),
    latencyMs: {
      mean: round(latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length), 2),
      p50: round(percentile(latencies, 50), 2),
      p90: round(percentile(latencies, 90), 2),
      p95: round(percentile(latencies, 95), 2),
      p97_5: round(percentile(latencies, 97.5), 2),
      p99: round(percentile(latencies, 99), 2),
      max: round(latencies.at(-1) ?? Number.NaN, 2),
    },
    autocannonLatencyMs: { mean: a.mean, p50: a.p50!, p90: a.p90!, p97_5: a.p97_5!, p99: a.p99!, max: a.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    statusCodes,
    bytesPerResponse: Math.round(result.throughput.total! / Math.max(1, result['2xx'])),
    rss: { idleBytes, maxBytes: maxRss, samples, intervalMs: 250 },
    cpuSeconds: cpu,
    // Every statement outside a transaction commits one; pg_stat_database lags by up to ~1 s per backend.
    statementsPerRequest: completed > 0 ? round((after.transactions - before.transactions) / completed, 2) : null,
    loadAverageBefore,
  }
}

// --- database diagnostics --------------------------------------------------------------------------------------

async function explainPageQueries(sql: Sql, input: { sessionToken: string; customerId: string; today: string }) {
  const statements = [
    { name: 'session lookup (findLivePortalSession)', text: SESSION_SQL, params: [hashToken(input.sessionToken), new Date()] },
    { name: '50 open invoices by due date (listInvoicesForCustomer rows)', text: LIST_SQL, params: [input.customerId] },
    { name: 'open invoice count (listInvoicesForCustomer total)', text: COUNT_SQL, params: [input.customerId] },
    { name: 'open totals per currency (openTotalsForCustomer)', text: TOTALS_SQL, params: [input.customerId, input.today] },
  ]
  const plans = []
  for (const statement of statements) {
    let lines: string[] = []
    // The first run may read from disk; keep the third, as a page under load sees it.
    for (let i = 0; i < 3; i++) {
      const rows = await sql.unsafe<Record<string, string>[]>(`explain (analyze, buffers) ${statement.text}`, statement.params as never[])
      lines = rows.map((row) => Object.values(row)[0]!)
    }
    const ms = (label: string) => Number(new RegExp(`${label}: ([\\d.]+) ms`).exec(lines.join('\n'))?.[1] ?? Number.NaN)
    plans.push({ name: statement.name, planningMs: ms('Planning Time'), executionMs: ms('Execution Time'), plan: lines })
  }
  return plans
}

/** The hand-written SQL must return what the repositories return, or the baseline answers another question. */
async function checkEquivalence(sql: Sql, db: Database['db'], input: { sessionToken: string; customerId: string; today: string }) {
  const session = await findSession(sql, input.sessionToken, new Date())
  if (session?.customer_id !== input.customerId) throw new Error('baseline SQL: the session lookup did not find the bench customer')
  const mine = await loadInvoiceList(sql, input.customerId, input.today)
  const [list, totals] = await Promise.all([
    listInvoicesForCustomer(db, { customerId: input.customerId, settlement: 'open', sort: 'due_asc', limit: 50, offset: 0 }),
    openTotalsForCustomer(db, { customerId: input.customerId, today: input.today }),
  ])
  const same =
    JSON.stringify(mine.rows.map((r) => [r.id, r.number, r.issue_date, r.due_date, r.currency, r.total_minor, r.paid_minor])) ===
      JSON.stringify(list.rows.map((r) => [r.id, r.number, r.issueDate, r.dueDate, r.currency, r.totalMinor, r.paidMinor])) &&
    mine.total === list.total &&
    JSON.stringify(mine.totals.map((t) => [t.currency, t.invoice_count, t.overdue_count, t.remaining_minor, t.overdue_minor])) ===
      JSON.stringify(totals.map((t) => [t.currency, t.invoiceCount, t.overdueCount, t.remainingMinor, t.overdueMinor]))
  if (!same) throw new Error('baseline SQL returns different rows from the repositories; fix bench/portal/page-queries.ts')
  return { rows: mine.rows.length, total: mine.total, currencies: mine.totals.map((t) => t.currency) }
}

/** The statements the portal really sent, as PostgreSQL saw them (sampled from pg_stat_activity under load). */
function sqlObserver(admin: Sql, database: string) {
  const seen = new Set<string>()
  return {
    seen,
    async tick() {
      const rows = await admin<{ query: string }[]>`
        select query from pg_stat_activity
        where datname = ${database} and backend_type = 'client backend' and application_name <> ${APPLICATION_NAME}`
      for (const row of rows) if (row.query.trim()) seen.add(row.query.trim())
    },
  }
}

/** How long formatting one page of 50 rows takes, with a new Intl formatter per value (as the domain helpers do) or cached. */
function formattingCost() {
  const rows = Array.from({ length: 50 }, (_, i) => ({ minor: 12_000 + i * 7_919, date: addDays('2025-01-01', i * 3), currency: i % 3 === 2 ? 'GBP' : 'EUR' }))
  const fresh = () => {
    for (const row of rows) {
      for (let k = 0; k < 3; k++) {
        new Intl.NumberFormat('fr-FR', { style: 'currency', currency: row.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(row.minor / 100)
      }
      for (let k = 0; k < 2; k++) new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(row.date))
    }
  }
  const money = new Map<string, Intl.NumberFormat>()
  const dates = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' })
  const cached = () => {
    for (const row of rows) {
      let format = money.get(row.currency)
      if (!format) {
        format = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: row.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })
        money.set(row.currency, format)
      }
      for (let k = 0; k < 3; k++) format.format(row.minor / 100)
      for (let k = 0; k < 2; k++) dates.format(new Date(row.date))
    }
  }
  const time = (fn: () => void, iterations: number) => {
    for (let i = 0; i < 20; i++) fn()
    const start = performance.now()
    for (let i = 0; i < iterations; i++) fn()
    return round((performance.now() - start) / iterations, 3)
  }
  return { newFormatterPerValueMsPerPage: time(fresh, 200), cachedFormattersMsPerPage: time(cached, 200) }
}

// --- report ----------------------------------------------------------------------------------------------------

type BudgetRow = { name: string; value: number; unit: string; budget: string; pass: boolean; informational?: boolean }

const mb = (bytes: number) => `${(bytes / MIB).toFixed(1)} MB`
const kb = (bytes: number) => `${(bytes / KIB).toFixed(1)} KB`

function printReport(report: {
  seedingSeconds: number
  portal: LoadFigures
  baseline: LoadFigures
  shipped: { gzipBytes: number; scripts: unknown[] }
  hydrated: { gzipBytes: number }
  budgets: BudgetRow[]
}) {
  const { portal, baseline } = report
  console.log('')
  console.log(
    `Budgets — ${fullSize ? '100,000 customers / 1,000,000 invoices' : `SCALED RUN (${options.customers} customers / ${options.invoices} invoices): budgets are set for the full size`}`,
  )
  const rows = report.budgets.map((b) => [
    b.name,
    b.unit === 'bytes' ? (b.name.startsWith('Portal') ? mb(b.value) : kb(b.value)) : `${b.value} ${b.unit}`,
    b.budget,
    b.informational ? `(${b.pass ? 'within' : 'over'}; info)` : b.pass ? 'PASS' : 'FAIL',
  ])
  printTable(['Figure', 'Measured', 'Budget', 'Result'], rows)

  console.log('')
  console.log(`Portal (Remix) vs bare node:http + postgres.js — same page, ${options.connections} connections, ${options.durationSeconds} s each`)
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—')
  const line = (name: string, p: number, b: number, unit: string, digits = 1) => [
    name,
    `${p.toFixed(digits)} ${unit}`,
    `${b.toFixed(digits)} ${unit}`,
    ratio(p, b),
  ]
  printTable(
    ['', 'Portal', 'Baseline', 'Portal / baseline'],
    [
      line('Requests/s (mean)', portal.requestsPerSecond, baseline.requestsPerSecond, 'req/s'),
      line('Latency p50', portal.latencyMs.p50, baseline.latencyMs.p50, 'ms', 2),
      line('Latency p90', portal.latencyMs.p90, baseline.latencyMs.p90, 'ms', 2),
      line('Latency p95', portal.latencyMs.p95, baseline.latencyMs.p95, 'ms', 2),
      line('Latency p97.5', portal.latencyMs.p97_5, baseline.latencyMs.p97_5, 'ms', 2),
      line('Latency p99', portal.latencyMs.p99, baseline.latencyMs.p99, 'ms', 2),
      line('Latency max', portal.latencyMs.max, baseline.latencyMs.max, 'ms', 2),
      line('RSS max under load', portal.rss.maxBytes / MIB, baseline.rss.maxBytes / MIB, 'MB'),
      line('RSS idle (before warm-up)', (portal.rss.idleBytes ?? 0) / MIB, (baseline.rss.idleBytes ?? 0) / MIB, 'MB'),
      line('Server CPU per request', (portal.cpuSeconds.server * 1000) / portal.requests, (baseline.cpuSeconds.server * 1000) / baseline.requests, 'ms', 2),
      line('PostgreSQL CPU per request', (portal.cpuSeconds.postgresBackends * 1000) / portal.requests, (baseline.cpuSeconds.postgresBackends * 1000) / baseline.requests, 'ms', 2),
      line('Statements per request (≈)', portal.statementsPerRequest ?? 0, baseline.statementsPerRequest ?? 0, '', 1),
      line('Response size', portal.bytesPerResponse / KIB, baseline.bytesPerResponse / KIB, 'KB'),
      ['Requests (2xx / non-2xx / mismatched / errors)', counts(portal), counts(baseline), ''],
      ['Machine CPU: busy / other processes', cpuLine(portal), cpuLine(baseline), ''],
    ],
  )
}

const counts = (f: LoadFigures) => `${f.requests - f.non2xx} / ${f.non2xx} / ${f.mismatches} / ${f.errors + f.timeouts}`
const cpuLine = (f: LoadFigures) =>
  `${f.cpuSeconds.machineBusy.toFixed(1)} / ${f.cpuSeconds.other.toFixed(1)} of ${f.cpuSeconds.coresAvailable.toFixed(0)} s`

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(format(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(format(row))
}

// --- main ------------------------------------------------------------------------------------------------------

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || DEFAULT_ADMIN_URL
  const dbName = `quittance_bench_${randomBytes(4).toString('hex')}`
  const benchUrl = (() => {
    const url = new URL(adminUrl)
    url.pathname = `/${dbName}`
    return url.toString()
  })()
  const admin = postgres(adminUrl, { max: 2, onnotice: () => {}, connection: { application_name: APPLICATION_NAME } })
  let database: Database | null = null
  let benchSql: Sql | null = null
  let portal: Child | null = null
  let baseline: Child | null = null
  let created = false
  let interrupted = false

  const cleanup = async () => {
    await stopChild(portal)
    await stopChild(baseline)
    await benchSql?.end({ timeout: 2 })
    await database?.close()
    if (created && !options.keep) {
      await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
      log(`dropped database ${dbName}`)
    } else if (created) {
      log(`kept database ${dbName} (--keep): ${benchUrl}`)
    }
    await admin.end({ timeout: 2 })
  }
  process.once('SIGINT', () => {
    interrupted = true
    log('interrupted: cleaning up')
    void cleanup().finally(() => process.exit(130))
  })

  try {
    const [pg] = await admin<{ version: string; shared_buffers: string; work_mem: string }[]>`
      select version() as version, current_setting('shared_buffers') as shared_buffers, current_setting('work_mem') as work_mem`
    log(`PostgreSQL: ${pg!.version.split(' on ')[0]} at ${new URL(adminUrl).host}`)
    await admin.unsafe(`create database "${dbName}"`)
    created = true
    log(`created database ${dbName}`)

    database = await openDatabase({ kind: 'postgres', url: benchUrl })
    let t = performance.now()
    await database.migrate()
    const migrateSeconds = round((performance.now() - t) / 1000, 2)
    log(`migrated in ${migrateSeconds} s`)

    const today = todayIn('Europe/Paris')
    log(`seeding ${options.customers.toLocaleString('en')} customers and ${options.invoices.toLocaleString('en')} invoices…`)
    t = performance.now()
    const seeded = await seedLarge(database.db, {
      customers: options.customers,
      invoices: options.invoices,
      today,
      onProgress: (message) => log(`  ${message}`),
    })
    const seedingSeconds = round((performance.now() - t) / 1000, 2)
    log(`seeded in ${seedingSeconds} s`)

    t = performance.now()
    const bench = await createBenchCustomer(database.db, seeded.entityId, today)
    const port = await freePort()
    const baseUrl = `http://127.0.0.1:${port}`
    const link = await issuePortalLink(database.db, {
      customerId: bench.customer.id,
      contactId: bench.contact.id,
      purpose: 'operator',
      locale: 'fr',
      portalBaseUrl: baseUrl,
      ttlDays: 30,
      now: new Date(),
      actor: { type: 'system', id: 'bench' },
    })
    const benchCustomerSeconds = round((performance.now() - t) / 1000, 2)
    log(`customer "${BENCH_CUSTOMER.name}" with ${bench.numbers.length} invoices and a portal link in ${benchCustomerSeconds} s`)

    // The portal.
    if (!existsSync(join(PORTAL_DIR, 'build', 'server', 'index.js'))) {
      log('portal/build is missing: building the portal')
      execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=portal'], { cwd: REPO_ROOT, stdio: 'inherit' })
    }
    portal = startChild('portal', ['--import', 'tsx', 'packages/cli/src/main.ts', 'serve', 'portal'], {
      DATABASE_URL: benchUrl,
      PORTAL_PORT: String(port),
      PORTAL_PUBLIC_URL: baseUrl,
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      TRUST_PROXY: '',
    })
    t = performance.now()
    await waitForHealth(portal, baseUrl)
    log(`portal (pid ${portal.pid}) healthy on ${baseUrl} after ${round((performance.now() - t) / 1000, 1)} s`)

    const redeemed = await fetch(link.url, {
      redirect: 'manual',
      headers: { 'User-Agent': CHROME_UA, 'Accept-Language': 'fr-FR,fr;q=0.9' },
    })
    const setCookie = redeemed.headers.getSetCookie().find((c) => /quittance_portal=/.test(c))
    if (redeemed.status !== 303 || !setCookie) {
      throw new Error(`redeeming the link answered ${redeemed.status} without a session cookie: ${(await redeemed.text()).slice(0, 300)}`)
    }
    const cookie = setCookie.split(';')[0]!
    const sessionToken = sessionTokenFromCookieHeader(cookie, cookie.slice(0, cookie.indexOf('=')))
    if (!sessionToken) throw new Error(`could not read the session token from ${cookie}`)
    log(`link redeemed: ${redeemed.status} → ${redeemed.headers.get('location')}`)

    const portalPage = await fetchPage(baseUrl, cookie)
    const invoicesOnPage = assertPage('portal', portalPage, bench.numbers)
    log(`portal page: 200, ${(Buffer.byteLength(portalPage.html) / KIB).toFixed(1)} KB of HTML, ${invoicesOnPage} invoice numbers`)

    const shipped = await shippedJavaScript(baseUrl, portalPage.html)
    const hydrated = hydratedJavaScript()
    log(`JavaScript referenced by the page: ${shipped.scripts.length} script(s), ${kb(shipped.gzipBytes)} gzipped`)
    log(`JavaScript if the page were hydrated: ${hydrated.chunks.length} files, ${kb(hydrated.gzipBytes)} gzipped`)

    benchSql = postgres(benchUrl, { max: 3, onnotice: () => {}, connection: { TimeZone: 'UTC', application_name: APPLICATION_NAME }, types: POSTGRES_TYPES })
    const equivalence = await checkEquivalence(benchSql, database.db, { sessionToken, customerId: bench.customer.id, today })
    await database.close()
    database = null
    log(`baseline SQL returns the same ${equivalence.rows} rows and ${equivalence.currencies.join('/')} totals as the repositories`)

    const observer = sqlObserver(admin, dbName)
    const portalFigures = await measureLoad({ target: 'portal', child: portal, baseUrl, cookie, admin, database: dbName, onWarmupTick: observer.tick })
    await stopChild(portal)
    portal = null

    // The baseline, on another port, with the same cookie.
    const baselinePort = await freePort()
    const baselineUrl = `http://127.0.0.1:${baselinePort}`
    baseline = startChild('baseline', ['--import', 'tsx', 'bench/portal/baseline-server.ts'], {
      DATABASE_URL: benchUrl,
      PORT: String(baselinePort),
      NODE_ENV: 'production',
    })
    await waitForHealth(baseline, baselineUrl)
    log(`baseline (pid ${baseline.pid}) healthy on ${baselineUrl}`)
    const baselinePage = await fetchPage(baselineUrl, cookie)
    assertPage('baseline', baselinePage, bench.numbers)
    const baselineFigures = await measureLoad({ target: 'baseline', child: baseline, baseUrl: baselineUrl, cookie, admin, database: dbName })
    await stopChild(baseline)
    baseline = null

    log('EXPLAIN ANALYZE of the page queries')
    const plans = await explainPageQueries(benchSql, { sessionToken, customerId: bench.customer.id, today })
    const formatting = formattingCost()

    const budgets: BudgetRow[] = [
      {
        name: `Seeding ${options.customers.toLocaleString('en')} customers + ${options.invoices.toLocaleString('en')} invoices`,
        value: seedingSeconds,
        unit: 's',
        budget: `≤ ${BUDGETS.seedingSeconds} s`,
        pass: seedingSeconds <= BUDGETS.seedingSeconds,
      },
      { name: 'Portal latency p95', value: portalFigures.latencyMs.p95, unit: 'ms', budget: `≤ ${BUDGETS.p95Ms} ms`, pass: portalFigures.latencyMs.p95 <= BUDGETS.p95Ms },
      {
        name: 'Portal throughput (mean)',
        value: portalFigures.requestsPerSecond,
        unit: 'req/s',
        budget: `≥ ${BUDGETS.requestsPerSecond} req/s`,
        pass: portalFigures.requestsPerSecond >= BUDGETS.requestsPerSecond,
      },
      { name: 'Portal RSS (max under load)', value: portalFigures.rss.maxBytes, unit: 'bytes', budget: `≤ ${mb(BUDGETS.rssBytes)}`, pass: portalFigures.rss.maxBytes <= BUDGETS.rssBytes },
      { name: 'JS sent for the invoice list (gzip)', value: shipped.gzipBytes, unit: 'bytes', budget: `≤ ${kb(BUDGETS.jsGzipBytes)}`, pass: shipped.gzipBytes <= BUDGETS.jsGzipBytes },
      {
        name: 'JS if the page were hydrated (gzip)',
        value: hydrated.gzipBytes,
        unit: 'bytes',
        budget: `≤ ${kb(BUDGETS.jsGzipBytes)}`,
        pass: hydrated.gzipBytes <= BUDGETS.jsGzipBytes,
        informational: true,
      },
    ]
    const invalid = [portalFigures, baselineFigures].filter((f) => f.non2xx + f.mismatches + f.errors + f.timeouts > 0)

    printReport({ seedingSeconds, portal: portalFigures, baseline: baselineFigures, shipped, hydrated, budgets })
    console.log('')
    console.log('Page queries, EXPLAIN (ANALYZE, BUFFERS), warm:')
    for (const plan of plans) console.log(`  ${plan.executionMs.toFixed(3).padStart(8)} ms exec, ${plan.planningMs.toFixed(3).padStart(7)} ms plan  ${plan.name}`)
    if (portalFigures.latencyMs.p95 > BUDGETS.p95Ms) {
      for (const plan of plans) console.log(`\n-- ${plan.name}\n${plan.plan.join('\n')}`)
    }
    console.log(
      `\nFormatting 50 rows in this process: ${formatting.newFormatterPerValueMsPerPage} ms with a new Intl formatter per value (as the domain helpers do), ${formatting.cachedFormattersMsPerPage} ms with cached formatters.`,
    )
    const otherShare = (f: LoadFigures) => f.cpuSeconds.other / f.cpuSeconds.coresAvailable
    if (Math.max(otherShare(portalFigures), otherShare(baselineFigures)) > 0.1) {
      console.log(
        `\nNote: other processes used ${(otherShare(portalFigures) * 100).toFixed(0)}% (portal run) and ${(otherShare(baselineFigures) * 100).toFixed(0)}% (baseline run) of the machine's CPU; the figures are pessimistic.`,
      )
    }
    if (invalid.length > 0) {
      console.log(`\nINVALID RUN: ${invalid.map((f) => f.target).join(', ')} had non-2xx, mismatched or failed responses.`)
    }

    const finishedAt = new Date()
    const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')
    mkdirSync(RESULTS_DIR, { recursive: true })
    const resultsPath = join(RESULTS_DIR, `portal-${stamp}${fullSize ? '' : '-scaled'}.json`)
    const ratios = {
      requestsPerSecond: round(portalFigures.requestsPerSecond / baselineFigures.requestsPerSecond, 3),
      latencyP50: round(portalFigures.latencyMs.p50 / baselineFigures.latencyMs.p50, 3),
      latencyP95: round(portalFigures.latencyMs.p95 / baselineFigures.latencyMs.p95, 3),
      latencyP99: round(portalFigures.latencyMs.p99 / baselineFigures.latencyMs.p99, 3),
      rssMax: round(portalFigures.rss.maxBytes / baselineFigures.rss.maxBytes, 3),
      serverCpuPerRequest: round(
        portalFigures.cpuSeconds.server / portalFigures.requests / (baselineFigures.cpuSeconds.server / baselineFigures.requests),
        3,
      ),
    }
    const results = {
      benchmark: 'portal-invoice-list',
      version: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      fullSize,
      valid: invalid.length === 0,
      note: options.note,
      options: { ...options, path: PAGE_PATH },
      environment: {
        node: process.version,
        postgres: pg!.version.split(' on ')[0],
        postgresSettings: { shared_buffers: pg!.shared_buffers, work_mem: pg!.work_mem },
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        totalMemoryBytes: os.totalmem(),
        loadAverageAtStart: os.loadavg().map((n) => round(n, 2)),
        git: gitDescription(),
        units: 'MB = 1024² bytes, KB = 1024 bytes, gzip = zlib default level',
      },
      budgets,
      seeding: {
        customers: options.customers,
        invoices: options.invoices,
        seconds: seedingSeconds,
        migrateSeconds,
        benchCustomerSeconds,
      },
      page: {
        htmlBytes: Buffer.byteLength(portalPage.html),
        invoicesOnPage,
        javascriptShipped: shipped,
        javascriptIfHydrated: hydrated,
      },
      portal: portalFigures,
      baseline: baselineFigures,
      ratios,
      queries: {
        equivalence,
        explain: plans,
        observedPortalSql: [...observer.seen].sort(),
      },
      formatting,
    }
    writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`)
    console.log(`\nResults written to ${resultsPath.slice(REPO_ROOT.length)}`)

    if (invalid.length > 0) process.exitCode = 1
    else if (options.strict && budgets.some((b) => !b.informational && !b.pass)) process.exitCode = 2
  } finally {
    if (!interrupted) await cleanup()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
