/**
 * The back office's customer list at scale: repository-level timing of what `GET /customers` runs, for a few
 * combinations of filters and sorts, on PostgreSQL with 100,000 customers and 1,000,000 invoices.
 *
 *   node --import tsx bench/backoffice/customer-list.ts                     # fresh database, full size (~1.5 min)
 *   node --import tsx bench/backoffice/customer-list.ts --customers 10000 --invoices 100000   # quick run
 *   node --import tsx bench/backoffice/customer-list.ts --url postgres://…/db   # an already seeded database
 *   … --only "search"                                                        # only the scenarios named so
 *
 * Without --url it creates `quittance_bench_<random>` through BENCH_DATABASE_URL, else DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres, migrates it, seeds it with `seedLarge`, gives 80% of the customers
 * to 20 sales users, runs VACUUM ANALYZE, and drops it at the end (--keep keeps it and prints its URL).
 *
 * Each scenario runs --runs times (200) after 10 warm-up runs, one at a time, on a pool of 10 connections like the
 * app's. "list" is listCustomersForBackoffice + listBalancesOfCustomers (the page's rows, count and balances);
 * "page" is what the route's loader reads on each request: list and staff names (the filter values, cached by the
 * route for a minute, are timed apart). Budget: page p95 ≤ 100 ms.
 * Results go to bench/results/customer-list-<timestamp>.json.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { openDatabase, type Database } from '@quittance/db/client'
import {
  listBalancesOfCustomers,
  listCustomerFilterValues,
  listCustomersForBackoffice,
  listStaffNames,
  type CustomerListQuery,
} from '@quittance/db/repositories/backoffice-customers'
import { createEmptyPostgresDatabase, type EmptyPostgresDatabase } from '@quittance/db/testing/create-database'
import { LARGE_ENTITY_CODE, seedLarge } from '@quittance/db/seed/seed-large'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results')
const BUDGET_P95_MS = 100
const WARMUP_RUNS = 10
const PAGE_SIZE = 50

const { values: flags } = parseArgs({
  options: {
    url: { type: 'string' },
    customers: { type: 'string', default: '100000' },
    invoices: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    note: { type: 'string' },
    only: { type: 'string' },
  },
})
const runs = Number(flags.runs)
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number above 0')

const startedAt = Date.now()
const log = (message: string) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)}s] ${message}`)
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
const round = (n: number) => Math.round(n * 10) / 10

function todayInParis() {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

async function prepare(): Promise<{ url: string; created: EmptyPostgresDatabase | null }> {
  if (flags.url) return { url: flags.url, created: null }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const created = await createEmptyPostgresDatabase(adminUrl, { name: `quittance_bench_${randomBytes(5).toString('hex')}` })
  log(`created ${created.name}`)
  const database = await openDatabase({ kind: 'postgres', url: created.url })
  try {
    await database.migrate()
    const seedStart = Date.now()
    await seedLarge(database.db, {
      customers: Number(flags.customers),
      invoices: Number(flags.invoices),
      today: todayInParis(),
      onProgress: (message) => log(`seed: ${message}`),
    })
    log(`seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`)
  } finally {
    await database.close()
  }
  return { url: created.url, created }
}

/** 20 sales users owning 80% of the customers, spread by a hash of the reference; then fresh statistics. */
async function assignOwners(sql: postgres.Sql, entityId: string) {
  const [counted] = await sql<{ owned: number }[]>`select count(sales_owner_id)::int as owned from customers where entity_id = ${entityId}`
  if (counted?.owned === 0) {
    await sql`insert into staff_users (email, name, role)
      select 'bench-sales-' || g || '@quittance.test', 'Bench Sales ' || g, 'sales' from generate_series(1, 20) g
      on conflict do nothing`
    await sql`with s as (select id, row_number() over (order by email) as n from staff_users where email like 'bench-sales-%')
      update customers c set sales_owner_id = s.id from s
      where c.entity_id = ${entityId} and (hashtext(c.external_ref) & 2147483647) % 25 + 1 = s.n`
    log('sales owners assigned')
  }
  await sql`vacuum analyze customers`
  await sql`vacuum analyze customer_balances`
}

type Scenario = { name: string; query: Partial<CustomerListQuery> }

async function main() {
  const { url, created } = await prepare()
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  let database: Database | null = null
  try {
    const [entity] = await admin<{ id: string; base_currency: string }[]>`select id, base_currency from creditor_entities where code = ${LARGE_ENTITY_CODE}`
    if (!entity) throw new Error(`no ${LARGE_ENTITY_CODE} entity in this database: seed it with \`pnpm quittance seed:large\``)
    await assignOwners(admin, entity.id)
    const [{ customers, invoices } = { customers: 0, invoices: 0 }] = await admin<{ customers: number; invoices: number }[]>`select
      (select count(*)::int from customers where entity_id = ${entity.id}) as customers,
      (select count(*)::int from invoices where entity_id = ${entity.id}) as invoices`
    const [salesUser] = await admin<{ id: string; owned: number }[]>`select s.id, count(c.id)::int as owned from staff_users s
      join customers c on c.sales_owner_id = s.id and c.entity_id = ${entity.id} where s.role = 'sales'
      group by s.id order by count(c.id) desc, s.id limit 1`
    log(`${customers} customers, ${invoices} invoices; the sales user owns ${salesUser!.owned}`)

    database = await openDatabase({ kind: 'postgres', url, maxConnections: 10 })
    const db = database.db
    const today = todayInParis()
    const base: CustomerListQuery = {
      visibility: { kind: 'all' },
      entityId: entity.id,
      today,
      sortCurrency: entity.base_currency,
      sort: 'name_asc',
      limit: PAGE_SIZE,
      offset: 0,
    }
    const scenarios: Scenario[] = [
      { name: 'no filter, by name', query: {} },
      { name: 'no filter, outstanding desc (EUR)', query: { sort: 'outstanding_desc' } },
      { name: 'no filter, outstanding asc (EUR)', query: { sort: 'outstanding_asc' } },
      { name: 'no filter, days late desc', query: { sort: 'days_late_desc' } },
      { name: 'no filter, days late asc', query: { sort: 'days_late_asc' } },
      { name: 'segment + 31-60 bucket, outstanding desc', query: { segment: 'SMB', overdueBucket: '31_60', sort: 'outstanding_desc' } },
      { name: 'country FR + currency EUR, days late desc', query: { country: 'FR', currency: 'EUR', sort: 'days_late_desc' } },
      { name: 'currency GBP, outstanding desc (GBP)', query: { currency: 'GBP', sortCurrency: 'GBP', sort: 'outstanding_desc' } },
      { name: 'owner filter, by name', query: { owner: { kind: 'staff', staffUserId: salesUser!.id } } },
      { name: 'no owner, 90+ bucket, by name', query: { owner: { kind: 'none' }, overdueBucket: '90_plus' } },
      { name: 'search name "customer 4242", by name', query: { search: 'customer 4242' } },
      { name: 'search ref "lrg-0009", outstanding desc', query: { search: 'lrg-0009', sort: 'outstanding_desc' } },
      { name: 'sales user, outstanding desc', query: { visibility: { kind: 'owned-by', staffUserId: salesUser!.id }, sort: 'outstanding_desc' } },
      { name: 'sales user, search "customer 1"', query: { visibility: { kind: 'owned-by', staffUserId: salesUser!.id }, search: 'customer 1' } },
      { name: 'page 1000, by name', query: { offset: 999 * PAGE_SIZE } },
      { name: 'page 1000, outstanding desc', query: { offset: 999 * PAGE_SIZE, sort: 'outstanding_desc' } },
    ]

    const listOnly = async (query: CustomerListQuery) => {
      const list = await listCustomersForBackoffice(db, query)
      await listBalancesOfCustomers(
        db,
        list.rows.map((row) => row.id),
      )
      return list
    }
    // What the route's loader reads, with the same concurrency. The filter values are kept for a minute by the
    // route (filter-values.server.ts), so a page reads them about once a minute: they are timed on their own.
    const page = async (query: CustomerListQuery) => {
      const [list] = await Promise.all([listCustomersForBackoffice(db, query), listStaffNames(db)])
      await listBalancesOfCustomers(
        db,
        list.rows.map((row) => row.id),
      )
      return list
    }
    const time = async (work: () => Promise<unknown>) => {
      for (let i = 0; i < WARMUP_RUNS; i++) await work()
      const samples: number[] = []
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now()
        await work()
        samples.push(performance.now() - t0)
      }
      samples.sort((a, b) => a - b)
      return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), max: round(samples.at(-1)!) }
    }

    const results = []
    for (const scenario of scenarios.filter((s) => !flags.only || s.name.includes(flags.only))) {
      const query = { ...base, ...scenario.query }
      const { total, rows } = await listOnly(query)
      const list = await time(() => listOnly(query))
      const full = await time(() => page(query))
      results.push({ scenario: scenario.name, total, rows: rows.length, listMs: list, pageMs: full, withinBudget: full.p95 <= BUDGET_P95_MS })
      log(
        `${scenario.name.padEnd(44)} ${String(total).padStart(6)} found  list p50 ${String(list.p50).padStart(5)} p95 ${String(list.p95).padStart(5)} ms` +
          `  page p50 ${String(full.p50).padStart(5)} p95 ${String(full.p95).padStart(5)} ms ${full.p95 <= BUDGET_P95_MS ? '✓' : '✗ over budget'}`,
      )
    }
    const filterValues = await time(() => listCustomerFilterValues(db, { entityId: entity.id, visibility: { kind: 'all' } }))
    log(`filter values (uncached, read once a minute per entity and user): p50 ${filterValues.p50} p95 ${filterValues.p95} ms`)

    if (results.length === 0) throw new Error(`no scenario matches --only ${flags.only}`)
    const worst = Math.max(...results.map((r) => r.pageMs.p95))
    log(`worst page p95: ${worst} ms (budget ${BUDGET_P95_MS} ms) — ${worst <= BUDGET_P95_MS ? 'within budget' : 'OVER BUDGET'}`)
    mkdirSync(RESULTS_DIR, { recursive: true })
    const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')
    const file = join(RESULTS_DIR, `customer-list-${stamp}.json`)
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          note: flags.note ?? null,
          machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg() },
          data: { customers, invoices, salesUserOwns: salesUser!.owned },
          runs,
          budgetP95Ms: BUDGET_P95_MS,
          filterValuesMs: filterValues,
          results,
        },
        null,
        2,
      ) + '\n',
    )
    log(`results written to ${file}`)
  } finally {
    await database?.close()
    await admin.end({ timeout: 5 })
    if (created && !flags.keep) {
      await created.drop()
      log(`dropped ${created.name}`)
    } else if (created) {
      log(`kept ${created.url}`)
    }
  }
}

await main()
