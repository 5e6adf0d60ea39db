/**
 * `pnpm bench:portal` — the debtor invoice list under load, against a freshly seeded PostgreSQL database.
 *
 *   1. creates `quittance_bench_<random>`, migrates it, seeds 100,000 customers and 1,000,000 invoices (timed),
 *      then one more customer with exactly 50 open invoices (EUR and GBP, overdue and not yet due) and a link;
 *   2. starts the real portal (`node --import tsx packages/cli/src/main.ts serve portal`, NODE_ENV=production),
 *      redeems the link like a browser and keeps the session cookie;
 *   3. measures the JavaScript the page references, and what a fully hydrated page would load;
 *   4. loads `GET /fr/invoices` with autocannon (16 connections, 20 s after a 3 s warm-up) while sampling the
 *      portal's RSS every 250 ms; then does the same against a bare node:http + postgres.js baseline
 *      (bench/portal/baseline-server.ts), once formatting like the portal and once with cached Intl formatters;
 *   5. prints every figure beside its budget and writes them to bench/results/portal-<timestamp>.json.
 *
 * Flags: --customers N --invoices N (scale down), --duration S, --warmup S, --connections N, --keep (keep the
 * database), --note "text" (recorded in the JSON, e.g. what else ran on the machine), --strict (exit 2 when a
 * budget fails), --what-if-cached-intl (also load a portal whose Intl formatters are cached, see
 * what-if-cached-intl.ts), --what-if-cluster N (the same host as N node:cluster workers, see what-if-cluster.mjs),
 * --what-if-portal-only (the portal without main.ts's other imports, see what-if-portal-only.ts),
 * --portal-node-options "…" (NODE_OPTIONS of every portal process; default: the heap cap of ADR 005),
 * --portal-processes N (PORTAL_PROCESSES: the portal's processes sharing its port, see connection-handoff.ts).
 * See bench/README.md.
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
    'what-if-cached-intl': { type: 'boolean', default: false },
    'what-if-cluster': { type: 'string' },
    'what-if-portal-only': { type: 'boolean', default: false },
    'portal-processes': { type: 'string', default: '1' },
    // What docs/decisions/005-portal-performance.md recommends for portal processes; '' runs with Node's defaults.
    'portal-node-options': { type: 'string', default: '--max-old-space-size=160' },
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
  whatIfCachedIntl: flags['what-if-cached-intl'] ?? false,
  whatIfClusterWorkers: flags['what-if-cluster'] === undefined ? 0 : positiveInteger(flags['what-if-cluster'], '--what-if-cluster'),
  whatIfPortalOnly: flags['what-if-portal-only'] ?? false,
  portalNodeOptions: flags['portal-node-options'] ?? '',
  portalProcesses: positiveInteger(flags['portal-processes'], '--portal-processes'),
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

/**
 * The server's process and its descendants (cluster workers, helper processes): figures are their sum, so a
 * server that forks is measured whole.
 */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []))
  return tree
}

/** VmRSS of the process and its descendants, or null when the process is gone. */
function rssBytes(pid: number): number | null {
  let total: number | null = null
  for (const member of processTree(pid)) {
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${member}/status`, 'utf8'))
      if (match) total = (total ?? 0) + Number(match[1]) * 1024
    } catch {
      // gone meanwhile
    }
  }
  return total
}

/** utime + stime of the process and its live descendants, in seconds (all their threads). */
function processCpuSeconds(pid: number): number {
  let total = 0
  for (const member of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${member}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
    } catch {
      // gone meanwhile
    }
  }
  return total
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
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== ''
    return { commit, dirty }
  } catch {
    return null
  }
}

// --- child processes -------------------------------------------------------------------------------------------

type Child = { name: string; proc: ChildProcess; pid: number; output: string[] }

function startChild(name: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
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
      throw new Error(
        `${child.name} exited with code ${child.proc.exitCode}:\n${child.output.slice(-30).join('\n')}`,
      )
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  throw new Error(
    `${child.name} did not answer /healthz within ${timeoutMs / 1000} s:\n${child.output.slice(-30).join('\n')}`,
  )
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
  if (!page.html.includes(BENCH_CUSTOMER.name))
    throw new Error(`${name}: the page does not show "${BENCH_CUSTOMER.name}"`)
  const found = numbers.filter((number) => page.html.includes(`>${number}<`)).length
  if (found !== numbers.length)
    throw new Error(`${name}: the page shows ${found} of the ${numbers.length} invoice numbers`)
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
      files.push({
        kind: 'inline',
        file: '(inline script)',
        bytes: Buffer.byteLength(match[2]!),
        gzipBytes: gzipSize(match[2]!),
      })
    }
    // Inline module scripts import the entry and the route modules: count those imports too.
    for (const imported of (match[2] ?? '').matchAll(/import\s*(?:[^'"]*from\s*)?["']([^"']+\.js)["']/g))
      urls.add(imported[1]!)
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
  if (!remixManifestPath)
    throw new Error('no Remix browser manifest (assets/manifest-*.js) in portal/build/client')
  const remix = JSON.parse(
    readFileSync(remixManifestPath, 'utf8')
      .replace(/^\s*window\.__remixManifest\s*=\s*/, '')
      .replace(/;\s*$/, ''),
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
    const vite = JSON.parse(readFileSync(viteManifestPath, 'utf8')) as Record<
      string,
      { file: string; imports?: string[] }
    >
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
    for (const id of chain)
      for (const path of [remix.routes[id]!.module, ...(remix.routes[id]!.imports ?? [])]) files.add(path)
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
  description: string
  requests: number
  requestsSent: number
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
  cpuSeconds: {
    server: number
    postgresBackends: number
    loadGenerator: number
    machineBusy: number
    other: number
    coresAvailable: number
  }
  statementsPerRequest: number | null
  loadAverageBefore: number[]
}

function runAutocannon(
  url: string,
  cookie: string,
  seconds: number,
  connections: number,
  onResponseTime?: (ms: number) => void,
) {
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
  const [row] = await admin<
    { n: string }[]
  >`select xact_commit::text as n from pg_stat_database where datname = ${database}`
  return Number(row?.n ?? 0)
}

/** Backends flush their statistics when they exit: wait until the counter stops moving. */
async function settledTransactions(admin: Sql, database: string) {
  let last = await committedTransactions(admin, database)
  for (let i = 0; i < 20; i++) {
    await sleep(300)
    const now = await committedTransactions(admin, database)
    if (now === last && (await backendPids(admin, database)).length === 0) return now
    last = now
  }
  return last
}

async function measureLoad(input: {
  target: string
  description: string
  child: Child
  baseUrl: string
  cookie: string
  admin: Sql
  database: string
  onWarmupTick?: () => Promise<void>
}): Promise<LoadFigures> {
  const url = `${input.baseUrl}${PAGE_PATH}`
  const idleBytes = rssBytes(input.child.pid)
  log(
    `${input.target}: warm-up ${options.warmupSeconds} s (RSS idle ${idleBytes === null ? '?' : (idleBytes / MIB).toFixed(0)} MB)`,
  )
  let warming = true
  const sampler = (async () => {
    while (warming && input.onWarmupTick) {
      await input.onWarmupTick()
      await sleep(50)
    }
  })()
  const warmup = await runAutocannon(url, input.cookie, options.warmupSeconds, options.connections)
  warming = false
  await sampler

  const pids = await backendPids(input.admin, input.database)
  const loadAverageBefore = os.loadavg().map((n) => round(n, 2))
  const before = {
    server: processCpuSeconds(input.child.pid),
    postgres: pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    own: ownCpuSeconds(),
    machine: machineBusySeconds(),
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
  log(
    `${input.target}: ${options.connections} connections for ${options.durationSeconds} s on GET ${PAGE_PATH}`,
  )
  let result: AutocannonResult
  try {
    result = await runAutocannon(url, input.cookie, options.durationSeconds, options.connections, (ms) =>
      latencies.push(ms),
    )
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
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]),
  )
  const a = result.latency
  const figures: LoadFigures = {
    target: input.target,
    description: input.description,
    requests: completed,
    // Sent, not completed: the server finishes the requests in flight when autocannon stops, and they run SQL too.
    requestsSent: warmup.requests.sent + result.requests.sent,
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
    errors: result.errors + warmup.errors,
    timeouts: result.timeouts + warmup.timeouts,
    non2xx: result.non2xx + warmup.non2xx,
    mismatches: result.mismatches + warmup.mismatches,
    statusCodes,
    bytesPerResponse: Math.round(result.throughput.total! / Math.max(1, result['2xx'])),
    rss: { idleBytes, maxBytes: maxRss, samples, intervalMs: 250 },
    cpuSeconds: cpu,
    statementsPerRequest: null,
    loadAverageBefore,
  }
  log(
    `${input.target}: ${figures.requestsPerSecond} req/s, p95 ${figures.latencyMs.p95} ms, RSS max ${mb(maxRss)}, ` +
      `CPU other processes ${cpu.other.toFixed(1)} of ${cpu.coresAvailable.toFixed(0)} core-s`,
  )
  return figures
}

/**
 * One server's whole life: start it, let `prepare` check it, warm up and load it, stop it. The database's commit
 * counter before the start and after the stop (exiting backends flush their statistics) gives the statements per
 * request: outside a transaction every statement commits once. Start-up and the few checks add a handful.
 */
async function benchmarkServer(input: {
  target: string
  description: string
  args: string[]
  env: Record<string, string>
  baseUrl: string
  cookie: () => string
  admin: Sql
  database: string
  children: Set<Child>
  prepare?: (child: Child) => Promise<void>
  onWarmupTick?: () => Promise<void>
}): Promise<LoadFigures> {
  const transactionsBefore = await settledTransactions(input.admin, input.database)
  const child = startChild(input.target, input.args, input.env)
  input.children.add(child)
  try {
    const t = performance.now()
    await waitForHealth(child, input.baseUrl)
    log(
      `${input.target} (pid ${child.pid}) healthy on ${input.baseUrl} after ${round((performance.now() - t) / 1000, 1)} s`,
    )
    await input.prepare?.(child)
    const figures = await measureLoad({ ...input, child, cookie: input.cookie() })
    await stopChild(child)
    const transactions = (await settledTransactions(input.admin, input.database)) - transactionsBefore
    figures.statementsPerRequest = round(transactions / figures.requestsSent, 2)
    return figures
  } finally {
    await stopChild(child)
    input.children.delete(child)
  }
}

// --- database diagnostics --------------------------------------------------------------------------------------

async function explainPageQueries(
  sql: Sql,
  input: { sessionToken: string; customerId: string; today: string },
) {
  const statements = [
    {
      name: 'session lookup (findLivePortalSession)',
      text: SESSION_SQL,
      params: [hashToken(input.sessionToken), new Date()],
    },
    {
      name: '50 open invoices by due date, with their count (listInvoicesForCustomer)',
      text: LIST_SQL,
      params: [input.customerId],
    },
    {
      name: 'open invoice count past the last page (listInvoicesForCustomer, rarely)',
      text: COUNT_SQL,
      params: [input.customerId],
    },
    {
      name: 'open totals per currency (openTotalsForCustomer)',
      text: TOTALS_SQL,
      params: [input.customerId, input.today],
    },
  ]
  const plans = []
  for (const statement of statements) {
    let lines: string[] = []
    // The first run may read from disk; keep the third, as a page under load sees it.
    for (let i = 0; i < 3; i++) {
      const rows = await sql.unsafe<Record<string, string>[]>(
        `explain (analyze, buffers) ${statement.text}`,
        statement.params as never[],
      )
      lines = rows.map((row) => Object.values(row)[0]!)
    }
    const ms = (label: string) =>
      Number(new RegExp(`${label}: ([\\d.]+) ms`).exec(lines.join('\n'))?.[1] ?? Number.NaN)
    plans.push({
      name: statement.name,
      planningMs: ms('Planning Time'),
      executionMs: ms('Execution Time'),
      plan: lines,
    })
  }
  return plans
}

/** The hand-written SQL must return what the repositories return, or the baseline answers another question. */
async function checkEquivalence(
  sql: Sql,
  db: Database['db'],
  input: { sessionToken: string; customerId: string; today: string },
) {
  const session = await findSession(sql, input.sessionToken, new Date())
  if (session?.customer_id !== input.customerId)
    throw new Error('baseline SQL: the session lookup did not find the bench customer')
  const mine = await loadInvoiceList(sql, input.customerId, input.today)
  const [list, totals] = await Promise.all([
    listInvoicesForCustomer(db, {
      customerId: input.customerId,
      settlement: 'open',
      sort: 'due_asc',
      limit: 50,
      offset: 0,
    }),
    openTotalsForCustomer(db, { customerId: input.customerId, today: input.today }),
  ])
  const same =
    JSON.stringify(
      mine.rows.map((r) => [
        r.id,
        r.number,
        r.issue_date,
        r.due_date,
        r.currency,
        r.total_minor,
        r.paid_minor,
      ]),
    ) ===
      JSON.stringify(
        list.rows.map((r) => [r.id, r.number, r.issueDate, r.dueDate, r.currency, r.totalMinor, r.paidMinor]),
      ) &&
    mine.total === list.total &&
    JSON.stringify(
      mine.totals.map((t) => [
        t.currency,
        t.invoice_count,
        t.overdue_count,
        t.remaining_minor,
        t.overdue_minor,
      ]),
    ) ===
      JSON.stringify(
        totals.map((t) => [t.currency, t.invoiceCount, t.overdueCount, t.remainingMinor, t.overdueMinor]),
      )
  if (!same)
    throw new Error(
      'baseline SQL returns different rows from the repositories; fix bench/portal/page-queries.ts',
    )
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
      // Leave out the type lookup postgres.js runs once per connection.
      for (const row of rows)
        if (row.query.trim() && !row.query.includes('typarray')) seen.add(row.query.trim())
    },
  }
}

/** How long formatting one page of 50 rows takes, with a new Intl formatter per value (as the domain helpers do) or cached. */
function formattingCost() {
  const rows = Array.from({ length: 50 }, (_, i) => ({
    minor: 12_000 + i * 7_919,
    date: addDays('2025-01-01', i * 3),
    currency: i % 3 === 2 ? 'GBP' : 'EUR',
  }))
  const fresh = () => {
    for (const row of rows) {
      for (let k = 0; k < 3; k++) {
        new Intl.NumberFormat('fr-FR', {
          style: 'currency',
          currency: row.currency,
          minimumFractionDigits: 2,
          maximumFractionDigits: 2,
        }).format(row.minor / 100)
      }
      for (let k = 0; k < 2; k++)
        new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(row.date))
    }
  }
  const money = new Map<string, Intl.NumberFormat>()
  const dates = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' })
  const cached = () => {
    for (const row of rows) {
      let format = money.get(row.currency)
      if (!format) {
        format = new Intl.NumberFormat('fr-FR', {
          style: 'currency',
          currency: row.currency,
          minimumFractionDigits: 2,
          maximumFractionDigits: 2,
        })
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

type BudgetRow = {
  name: string
  value: number
  unit: string
  budget: string
  pass: boolean
  informational?: boolean
}

const mb = (bytes: number) => `${(bytes / MIB).toFixed(1)} MB`
const kb = (bytes: number) => `${(bytes / KIB).toFixed(1)} KB`

function formatBudgetValue(row: BudgetRow) {
  if (row.unit !== 'bytes') return `${row.value} ${row.unit}`
  return row.name.startsWith('Portal')
    ? mb(row.value)
    : `${kb(row.value)} (${row.value.toLocaleString('en')} B)`
}

function printReport(report: { budgets: BudgetRow[]; targets: LoadFigures[] }) {
  console.log('')
  console.log(
    fullSize
      ? 'Budgets — 100,000 customers / 1,000,000 invoices'
      : `Budgets — SCALED RUN (${options.customers} customers / ${options.invoices} invoices): the budgets are set for the full size`,
  )
  printTable(
    ['Figure', 'Measured', 'Budget', 'Result'],
    report.budgets.map((b) => [
      b.name,
      formatBudgetValue(b),
      b.budget,
      b.informational ? `${b.pass ? 'within' : 'over'} (info)` : b.pass ? 'PASS' : 'FAIL',
    ]),
  )

  const portal = report.targets[0]!
  const primary = report.targets.find((f) => f.target === 'baseline')!
  console.log('')
  console.log(
    `Same page under the same load: ${options.connections} connections, ${options.durationSeconds} s each (after ${options.warmupSeconds} s of warm-up)`,
  )
  const cells = (value: (f: LoadFigures) => number, unit: string, digits: number) =>
    report.targets.map((f) => `${value(f).toFixed(digits)}${unit ? ` ${unit}` : ''}`)
  const row = (name: string, value: (f: LoadFigures) => number, unit: string, digits = 1) => [
    name,
    ...cells(value, unit, digits),
    value(primary) > 0 ? `${(value(portal) / value(primary)).toFixed(2)}×` : '—',
  ]
  printTable(
    ['', ...report.targets.map((f) => f.target), `${portal.target} / ${primary.target}`],
    [
      row('Requests/s (mean)', (f) => f.requestsPerSecond, 'req/s'),
      row('Latency p50', (f) => f.latencyMs.p50, 'ms', 2),
      row('Latency p90', (f) => f.latencyMs.p90, 'ms', 2),
      row('Latency p95', (f) => f.latencyMs.p95, 'ms', 2),
      row('Latency p97.5', (f) => f.latencyMs.p97_5, 'ms', 2),
      row('Latency p99', (f) => f.latencyMs.p99, 'ms', 2),
      row('Latency max', (f) => f.latencyMs.max, 'ms', 2),
      row('RSS max under load', (f) => f.rss.maxBytes / MIB, 'MB'),
      row('RSS idle (before warm-up)', (f) => (f.rss.idleBytes ?? 0) / MIB, 'MB'),
      row('Server CPU per request', (f) => (f.cpuSeconds.server * 1000) / f.requests, 'ms', 2),
      row('PostgreSQL CPU per request', (f) => (f.cpuSeconds.postgresBackends * 1000) / f.requests, 'ms', 2),
      row('SQL statements per request (≈)', (f) => f.statementsPerRequest ?? Number.NaN, '', 2),
      row('Response size', (f) => f.bytesPerResponse / KIB, 'KB'),
      ['2xx / non-2xx / mismatched / errors', ...report.targets.map(counts), ''],
      ['Machine CPU busy / used by others (core-s)', ...report.targets.map(cpuLine), ''],
    ],
  )
  console.log('')
  for (const f of report.targets) console.log(`  ${f.target}: ${f.description}`)
}

const counts = (f: LoadFigures) =>
  `${f.requests - f.non2xx} / ${f.non2xx} / ${f.mismatches} / ${f.errors + f.timeouts}`
const cpuLine = (f: LoadFigures) =>
  `${f.cpuSeconds.machineBusy.toFixed(1)} / ${f.cpuSeconds.other.toFixed(1)} of ${f.cpuSeconds.coresAvailable.toFixed(0)}`

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(format(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(format(row))
}

// --- main ------------------------------------------------------------------------------------------------------

async function main() {
  const adminUrl =
    process.env.BENCH_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || DEFAULT_ADMIN_URL
  const dbName = `quittance_bench_${randomBytes(4).toString('hex')}`
  const benchUrl = (() => {
    const url = new URL(adminUrl)
    url.pathname = `/${dbName}`
    return url.toString()
  })()
  const admin = postgres(adminUrl, {
    max: 2,
    onnotice: () => {},
    connection: { application_name: APPLICATION_NAME },
  })
  const children = new Set<Child>()
  let database: Database | null = null
  let benchSql: Sql | null = null
  let created = false
  let interrupted = false

  const cleanup = async () => {
    for (const child of children) await stopChild(child)
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
    const [pg] = await admin<
      Record<
        'version' | 'shared_buffers' | 'work_mem' | 'autovacuum' | 'jit' | 'max_parallel_workers_per_gather',
        string
      >[]
    >`
      select version() as version, current_setting('shared_buffers') as shared_buffers, current_setting('work_mem') as work_mem,
             current_setting('autovacuum') as autovacuum, current_setting('jit') as jit,
             current_setting('max_parallel_workers_per_gather') as max_parallel_workers_per_gather`
    const { version: pgVersion, ...pgSettings } = pg!
    log(`PostgreSQL: ${pgVersion.split(' on ')[0]} at ${new URL(adminUrl).host}`)
    await admin.unsafe(`create database "${dbName}"`)
    created = true
    log(`created database ${dbName}`)

    database = await openDatabase({ kind: 'postgres', url: benchUrl })
    let t = performance.now()
    await database.migrate()
    const migrateSeconds = round((performance.now() - t) / 1000, 2)
    log(`migrated in ${migrateSeconds} s`)

    const today = todayIn('Europe/Paris')
    log(
      `seeding ${options.customers.toLocaleString('en')} customers and ${options.invoices.toLocaleString('en')} invoices…`,
    )
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
    const portalPort = await freePort()
    const portalUrl = `http://127.0.0.1:${portalPort}`
    const link = await issuePortalLink(database.db, {
      customerId: bench.customer.id,
      contactId: bench.contact.id,
      purpose: 'operator',
      locale: 'fr',
      portalBaseUrl: portalUrl,
      ttlDays: 30,
      now: new Date(),
      actor: { type: 'system', id: 'bench' },
    })
    const benchCustomerSeconds = round((performance.now() - t) / 1000, 2)
    log(
      `customer "${BENCH_CUSTOMER.name}" with ${bench.numbers.length} invoices and a portal link in ${benchCustomerSeconds} s`,
    )
    await database.close()
    database = null

    if (!existsSync(join(PORTAL_DIR, 'build', 'server', 'index.js'))) {
      log('portal/build is missing: building the portal')
      execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=portal'], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      })
    }

    // 1. The real portal. Its checks run between health and warm-up: link redemption, page content, JavaScript.
    let cookie = ''
    let sessionToken = ''
    let portalPage = { status: 0, html: '' }
    let shipped: Awaited<ReturnType<typeof shippedJavaScript>> | null = null
    let hydrated: ReturnType<typeof hydratedJavaScript> | null = null
    const observer = sqlObserver(admin, dbName)
    const portalFigures = await benchmarkServer({
      target: 'portal',
      description: `the Remix portal: ${options.portalNodeOptions ? `NODE_OPTIONS='${options.portalNodeOptions}' ` : ''}node --import tsx packages/cli/src/main.ts serve portal (NODE_ENV=production, PORTAL_PROCESSES=${options.portalProcesses}; RSS and CPU are the sum of its processes)`,
      args: ['--import', 'tsx', 'packages/cli/src/main.ts', 'serve', 'portal'],
      env: {
        DATABASE_URL: benchUrl,
        PORTAL_PORT: String(portalPort),
        PORTAL_PROCESSES: String(options.portalProcesses),
        PORTAL_PUBLIC_URL: portalUrl,
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        TRUST_PROXY: '',
        NODE_OPTIONS: options.portalNodeOptions,
      },
      baseUrl: portalUrl,
      cookie: () => cookie,
      admin,
      database: dbName,
      children,
      onWarmupTick: observer.tick,
      prepare: async () => {
        const redeemed = await fetch(link.url, {
          redirect: 'manual',
          headers: { 'User-Agent': CHROME_UA, 'Accept-Language': 'fr-FR,fr;q=0.9' },
        })
        const setCookie = redeemed.headers.getSetCookie().find((c) => /quittance_portal=/.test(c))
        if (redeemed.status !== 303 || !setCookie) {
          throw new Error(
            `redeeming the link answered ${redeemed.status} without a session cookie: ${(await redeemed.text()).slice(0, 300)}`,
          )
        }
        cookie = setCookie.split(';')[0]!
        sessionToken = sessionTokenFromCookieHeader(cookie, cookie.slice(0, cookie.indexOf('='))) ?? ''
        if (!sessionToken) throw new Error(`could not read the session token from ${cookie}`)
        log(`link redeemed: ${redeemed.status} → ${redeemed.headers.get('location')}`)
        portalPage = await fetchPage(portalUrl, cookie)
        const found = assertPage('portal', portalPage, bench.numbers)
        log(`portal page: 200, ${kb(Buffer.byteLength(portalPage.html))} of HTML, ${found} invoice numbers`)
        shipped = await shippedJavaScript(portalUrl, portalPage.html)
        hydrated = hydratedJavaScript()
        log(
          `JavaScript referenced by the page: ${shipped.scripts.length} script(s), ${kb(shipped.gzipBytes)} gzipped`,
        )
        log(
          `JavaScript if the page were hydrated: ${hydrated.chunks.length} files, ${kb(hydrated.gzipBytes)} gzipped`,
        )
      },
    })
    if (!shipped || !hydrated) throw new Error('the portal checks did not run')
    const shippedJs: Awaited<ReturnType<typeof shippedJavaScript>> = shipped
    const hydratedJs: ReturnType<typeof hydratedJavaScript> = hydrated

    // The hand-written SQL must answer like the repositories, or the baseline measures another page.
    benchSql = postgres(benchUrl, {
      max: 3,
      onnotice: () => {},
      connection: { TimeZone: 'UTC', application_name: APPLICATION_NAME },
      types: POSTGRES_TYPES,
    })
    database = await openDatabase({ kind: 'postgres', url: benchUrl, maxConnections: 2 })
    const equivalence = await checkEquivalence(benchSql, database.db, {
      sessionToken,
      customerId: bench.customer.id,
      today,
    })
    await database.close()
    database = null
    log(
      `baseline SQL returns the same ${equivalence.rows} rows and ${equivalence.currencies.join('/')} totals as the repositories`,
    )

    // 2. The bare baseline, twice: formatting like the portal (the ratio), and with cached Intl formatters.
    const baselines: LoadFigures[] = []
    for (const variant of [
      {
        target: 'baseline',
        formatters: 'per-value',
        description: 'bare node:http + postgres.js, same SQL, a new Intl formatter per value like the portal',
      },
      {
        target: 'baseline-cached-intl',
        formatters: 'cached',
        description: 'the same bare server with cached Intl formatters',
      },
    ]) {
      const port = await freePort()
      const baseUrl = `http://127.0.0.1:${port}`
      baselines.push(
        await benchmarkServer({
          target: variant.target,
          description: variant.description,
          args: ['--import', 'tsx', 'bench/portal/baseline-server.ts'],
          env: {
            DATABASE_URL: benchUrl,
            PORT: String(port),
            NODE_ENV: 'production',
            FORMATTERS: variant.formatters,
          },
          baseUrl,
          cookie: () => cookie,
          admin,
          database: dbName,
          children,
          prepare: async () => {
            assertPage(variant.target, await fetchPage(baseUrl, cookie), bench.numbers)
          },
        }),
      )
    }
    const baselineFigures = baselines[0]!

    // 3. Optionally, the same portal with cached Intl formatters (a what-if, not the portal as shipped).
    let whatIf: LoadFigures | null = null
    if (options.whatIfCachedIntl) {
      const port = await freePort()
      const baseUrl = `http://127.0.0.1:${port}`
      whatIf = await benchmarkServer({
        target: 'portal-cached-intl',
        description:
          'WHAT-IF: the same portal with --import bench/portal/what-if-cached-intl.ts (one Intl formatter per locale/options)',
        args: [
          '--import',
          'tsx',
          '--import',
          './bench/portal/what-if-cached-intl.ts',
          'packages/cli/src/main.ts',
          'serve',
          'portal',
        ],
        env: {
          DATABASE_URL: benchUrl,
          PORTAL_PORT: String(port),
          PORTAL_PUBLIC_URL: baseUrl,
          HOST: '127.0.0.1',
          NODE_ENV: 'production',
          TRUST_PROXY: '',
          NODE_OPTIONS: options.portalNodeOptions,
        },
        baseUrl,
        cookie: () => cookie,
        admin,
        database: dbName,
        children,
        prepare: async () => {
          assertPage('portal-cached-intl', await fetchPage(baseUrl, cookie), bench.numbers)
        },
      })
    }

    // 4. Optionally, the same host as node:cluster workers (a what-if: `serve portal` runs one process).
    let whatIfCluster: LoadFigures | null = null
    if (options.whatIfClusterWorkers > 0) {
      const port = await freePort()
      const baseUrl = `http://127.0.0.1:${port}`
      whatIfCluster = await benchmarkServer({
        target: `portal-cluster-${options.whatIfClusterWorkers}`,
        description: `WHAT-IF: ${options.whatIfClusterWorkers} node:cluster workers of the same host under a plain-JS primary (bench/portal/what-if-cluster.mjs); RSS and CPU are the sum of all its processes`,
        args: ['bench/portal/what-if-cluster.mjs'],
        env: {
          CLUSTER_WORKERS: String(options.whatIfClusterWorkers),
          DATABASE_URL: benchUrl,
          PORTAL_PORT: String(port),
          PORTAL_PUBLIC_URL: baseUrl,
          HOST: '127.0.0.1',
          NODE_ENV: 'production',
          TRUST_PROXY: '',
          NODE_OPTIONS: options.portalNodeOptions,
        },
        baseUrl,
        cookie: () => cookie,
        admin,
        database: dbName,
        children,
        prepare: async () => {
          assertPage(`portal-cluster-${options.whatIfClusterWorkers}`, await fetchPage(baseUrl, cookie), bench.numbers)
        },
      })
    }

    // 5. Optionally, the portal started without the rest of main.ts (what its other commands import).
    let whatIfPortalOnly: LoadFigures | null = null
    if (options.whatIfPortalOnly) {
      const port = await freePort()
      const baseUrl = `http://127.0.0.1:${port}`
      whatIfPortalOnly = await benchmarkServer({
        target: 'portal-only-entry',
        description:
          'WHAT-IF: the same portal from bench/portal/what-if-portal-only.ts, which imports only what `serve portal` runs',
        args: ['--import', 'tsx', 'bench/portal/what-if-portal-only.ts'],
        env: {
          DATABASE_URL: benchUrl,
          PORTAL_PORT: String(port),
          PORTAL_PUBLIC_URL: baseUrl,
          HOST: '127.0.0.1',
          NODE_ENV: 'production',
          TRUST_PROXY: '',
          NODE_OPTIONS: options.portalNodeOptions,
        },
        baseUrl,
        cookie: () => cookie,
        admin,
        database: dbName,
        children,
        prepare: async () => {
          assertPage('portal-only-entry', await fetchPage(baseUrl, cookie), bench.numbers)
        },
      })
    }

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
      {
        name: 'Portal latency p95',
        value: portalFigures.latencyMs.p95,
        unit: 'ms',
        budget: `≤ ${BUDGETS.p95Ms} ms`,
        pass: portalFigures.latencyMs.p95 <= BUDGETS.p95Ms,
      },
      {
        name: 'Portal throughput (mean)',
        value: portalFigures.requestsPerSecond,
        unit: 'req/s',
        budget: `≥ ${BUDGETS.requestsPerSecond} req/s`,
        pass: portalFigures.requestsPerSecond >= BUDGETS.requestsPerSecond,
      },
      {
        name: 'Portal RSS (max under load)',
        value: portalFigures.rss.maxBytes,
        unit: 'bytes',
        budget: `≤ ${mb(BUDGETS.rssBytes)}`,
        pass: portalFigures.rss.maxBytes <= BUDGETS.rssBytes,
      },
      {
        name: 'JS sent for the invoice list (gzip)',
        value: shippedJs.gzipBytes,
        unit: 'bytes',
        budget: `≤ ${kb(BUDGETS.jsGzipBytes)}`,
        pass: shippedJs.gzipBytes <= BUDGETS.jsGzipBytes,
      },
      {
        name: 'JS if the page were hydrated (gzip)',
        value: hydratedJs.gzipBytes,
        unit: 'bytes',
        budget: `≤ ${kb(BUDGETS.jsGzipBytes)}`,
        pass: hydratedJs.gzipBytes <= BUDGETS.jsGzipBytes,
        informational: true,
      },
    ]
    const targets = [portalFigures, ...baselines, ...(whatIf ? [whatIf] : []), ...(whatIfCluster ? [whatIfCluster] : []), ...(whatIfPortalOnly ? [whatIfPortalOnly] : [])]
    const invalid = targets.filter((f) => f.non2xx + f.mismatches + f.errors + f.timeouts > 0)

    printReport({ budgets, targets })
    if (hydratedJs.gzipBytes > 90_000 && hydratedJs.gzipBytes <= BUDGETS.jsGzipBytes) {
      console.log(
        `\nNote: the hydrated page's ${hydratedJs.gzipBytes.toLocaleString('en')} B is within 90 KB only if 1 KB = 1024 B (not with 1 KB = 1000 B).`,
      )
    }
    console.log('')
    console.log('Page queries, EXPLAIN (ANALYZE, BUFFERS), warm:')
    for (const plan of plans)
      console.log(
        `  ${plan.executionMs.toFixed(3).padStart(8)} ms exec, ${plan.planningMs.toFixed(3).padStart(7)} ms plan  ${plan.name}`,
      )
    if (portalFigures.latencyMs.p95 > BUDGETS.p95Ms) {
      for (const plan of plans) console.log(`\n-- ${plan.name}\n${plan.plan.join('\n')}`)
    }
    console.log(
      `\nFormatting 50 rows here: ${formatting.newFormatterPerValueMsPerPage} ms per page with a new Intl formatter per value ` +
        `(as the domain helpers do), ${formatting.cachedFormattersMsPerPage} ms with cached formatters.`,
    )
    const otherShare = (f: LoadFigures) => f.cpuSeconds.other / f.cpuSeconds.coresAvailable
    if (targets.some((f) => otherShare(f) > 0.1)) {
      console.log(
        `\nNote: other processes used ${targets.map((f) => `${(otherShare(f) * 100).toFixed(0)}% (${f.target})`).join(', ')} ` +
          "of the machine's CPU during the measured runs; the figures are pessimistic.",
      )
    }
    if (invalid.length > 0) {
      console.log(
        `\nINVALID RUN: ${invalid.map((f) => f.target).join(', ')} had non-2xx, mismatched or failed responses.`,
      )
    }

    const finishedAt = new Date()
    const stamp = startedAt
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replace(/:/g, '-')
    mkdirSync(RESULTS_DIR, { recursive: true })
    const resultsPath = join(RESULTS_DIR, `portal-${stamp}${fullSize ? '' : '-scaled'}.json`)
    const ratio = (a: number, b: number) => round(a / b, 3)
    const ratiosTo = (b: LoadFigures) => ({
      requestsPerSecond: ratio(portalFigures.requestsPerSecond, b.requestsPerSecond),
      latencyP50: ratio(portalFigures.latencyMs.p50, b.latencyMs.p50),
      latencyP95: ratio(portalFigures.latencyMs.p95, b.latencyMs.p95),
      latencyP99: ratio(portalFigures.latencyMs.p99, b.latencyMs.p99),
      rssMax: ratio(portalFigures.rss.maxBytes, b.rss.maxBytes),
      serverCpuPerRequest: ratio(
        portalFigures.cpuSeconds.server / portalFigures.requests,
        b.cpuSeconds.server / b.requests,
      ),
    })
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
        postgres: pgVersion.split(' on ')[0],
        postgresSettings: pgSettings,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        totalMemoryBytes: os.totalmem(),
        loadAverageAtEnd: os.loadavg().map((n) => round(n, 2)),
        git: gitDescription(),
        units: 'MB = 1024² bytes, KB = 1024 bytes, gzip = zlib default level (as the compression middleware)',
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
        invoicesOnPage: bench.numbers.length,
        javascriptShipped: shippedJs,
        javascriptIfHydrated: hydratedJs,
      },
      portal: portalFigures,
      baseline: baselineFigures,
      baselineCachedIntl: baselines[1],
      whatIfPortalCachedIntl: whatIf,
      whatIfPortalCluster: whatIfCluster,
      whatIfPortalOnly,
      ratios: {
        portalOverBaseline: ratiosTo(baselineFigures),
        portalOverBaselineCachedIntl: ratiosTo(baselines[1]!),
      },
      queries: { equivalence, explain: plans, observedPortalSql: [...observer.seen].sort() },
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
