// `pnpm bench:payments` — webhook processing and checkout creation on PostgreSQL 15 (issue "Online payments").
//
// 1. Webhooks: N attempts (one debtor, one invoice each) are paid by signed Stripe `checkout.session.completed`
//    events, delivered over HTTP to a host that hands the raw body to the webhook use case (signature check,
//    event row, forward-only state, allocation, receipt in the outbox, audit), with 20% of the deliveries
//    duplicates of earlier ones, `--concurrency` in flight. Budget: ≥ 500 events/s sustained, and afterwards
//    exactly one payment and one allocation per attempt, counted in the database.
// 2. Checkout creation: `startOnlinePayment` against the local fake Stripe; the provider's own time (measured around
//    the SDK call) is subtracted. Budget: p95 ≤ 100 ms.
//
// Flags: --attempts N (4000) --concurrency N (24) --checkouts N (300) --keep --note "…"
import { createHmac, randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { Agent, request } from 'node:http'
import postgres from 'postgres'
import { openDatabase } from '@quittance/db/client'
import { countAllocationsByPayment, insertPaymentAttempt, listProviderEventsOfEntity } from '@quittance/db/repositories/online-payments'
import { listOutboxMessages } from '@quittance/db/testing/inspect'
import { createBankAccount, createContact, createCustomer, createEntity, createInvoice } from '@quittance/db/seed/factories'
import { createEmptyPostgresDatabase } from '@quittance/db/testing/create-database'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import type { PaymentProvider } from '@quittance/payments/provider'
import { startFakeStripe } from '@quittance/payments/testing/fake-stripe-server'
import { startOnlinePayment } from '@quittance/use-cases/online-payments/start-online-payment'
import {
  startWebhookHost,
  TEST_STRIPE_KEY,
  TEST_STRIPE_WEBHOOK_SECRET,
  testGateway,
} from '@quittance/use-cases/online-payments/online-payments-harness'

const { values: flags } = parseArgs({
  options: {
    attempts: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '24' },
    checkouts: { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'string' },
    note: { type: 'string', default: '' },
  },
})
const ATTEMPTS = Number(flags.attempts)
const CONCURRENCY = Number(flags.concurrency)
const CHECKOUTS = Number(flags.checkouts)
const DUPLICATE_SHARE = 0.2
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const log = (message: string) => console.log(`[bench:payments] ${message}`)
const empty = await createEmptyPostgresDatabase(adminUrl, { name: `quittance_bench_pay_${randomUUID().slice(0, 8)}` })
// Time spent in PL/pgSQL functions (the customer_balances triggers) is reported with the results.
await withAdmin((admin) => admin.unsafe(`alter database ${empty.name} set track_functions = 'pl'`))
const database = await openDatabase({ kind: 'postgres', url: empty.url, maxConnections: 20 })
await database.migrate()
const db = database.db

try {
  // ——— Seed ———
  const seedStarted = performance.now()
  const entity = await createEntity(db, { code: 'BENCH', email: 'credit@bench.example' })
  await createBankAccount(db, { entityId: entity.id, currency: 'EUR', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX' })
  const attempts: BenchAttempt[] = []
  await inParallel(ATTEMPTS, 8, async (i) => {
    const customer = await createCustomer(db, { entityId: entity.id, externalRef: `BENCH-${i}` })
    const contact = await createContact(db, { customerId: customer.id })
    const amountMinor = 1_000 + (i % 500) * 7
    const invoice = await createInvoice(db, {
      entityId: entity.id,
      customerId: customer.id,
      number: `BENCH-${i}`,
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      totalMinor: amountMinor,
    })
    const id = randomUUID()
    await db.transaction((tx) =>
      insertPaymentAttempt(tx, {
        id,
        entityId: entity.id,
        customerId: customer.id,
        contactId: contact.id,
        provider: 'stripe',
        status: 'pending',
        currency: 'EUR',
        amountMinor,
        idempotencyKey: `pa_${id}:checkout`,
        bankReference: null,
        locale: 'fr',
        expiresAt: null,
        items: [{ invoiceId: invoice.id, amountMinor }],
      }),
    )
    attempts[i] = { id, sessionId: `cs_bench_${id.replace(/-/g, '')}`, amountMinor }
  })
  // The sessions the provider opened (what openCheckout would have recorded).
  await inParallel(ATTEMPTS, 8, async (i) => {
    const { recordAttemptCheckoutForBench } = await import('./record-session')
    await recordAttemptCheckoutForBench(db, attempts[i]!)
  })
  const seedSeconds = (performance.now() - seedStarted) / 1000
  log(`seeded ${ATTEMPTS} debtors, invoices and pending attempts in ${seedSeconds.toFixed(1)} s`)

  // ——— Webhooks ———
  const gateway = testGateway({ portalUrl: 'http://127.0.0.1', stripeUrl: 'http://127.0.0.1:9' })
  const host = await startWebhookHost(db, () => gateway)
  const deliveries = buildDeliveries(attempts)
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const statuses = new Map<string, number>()
  const latencies: number[] = []
  const profiler = flags.profile ? await startProfiler() : null
  const pgBefore = await postgresCpuTicks(empty.url)
  const resetter = postgres(empty.url, { max: 1, onnotice: () => {} })
  await resetter`select pg_stat_reset()`
  await resetter.end({ timeout: 5 })
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++]!
        const t0 = performance.now()
        const answer = await post(agent, `${host.url}/webhooks/stripe/BENCH`, delivery)
        latencies.push(performance.now() - t0)
        statuses.set(`${answer.status} ${answer.body}`, (statuses.get(`${answer.status} ${answer.body}`) ?? 0) + 1)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  if (profiler && flags.profile) writeFileSync(flags.profile, JSON.stringify(await profiler.stop()))
  const nodeCpuMsPerDelivery = (cpu.user + cpu.system) / 1000 / deliveries.length
  const pgAfter = await postgresCpuTicks(empty.url)
  const triggerMsPerDelivery = (await functionMilliseconds(empty.url)) / deliveries.length
  const pgCpuMsPerDelivery = pgBefore && pgAfter ? ((pgAfter - pgBefore) * 10) / deliveries.length : null
  await host.close()
  agent.destroy()
  const eventsPerSecond = deliveries.length / seconds

  // ——— Count, in the database, what the run did ———
  const events = await listProviderEventsOfEntity(db, entity.id)
  const paymentIds = await paymentsOfAttempts(attempts.map((a) => a.id))
  const allocationCounts = await countAllocationsByPayment(db, paymentIds)
  const receipts = (await listOutboxMessages(db)).filter((m) => m.template === 'payment-receipt').length
  const check = {
    attempts: ATTEMPTS,
    succeededAttemptsWithPayment: paymentIds.length,
    paymentsWithExactlyOneAllocation: allocationCounts.filter((row) => row.count === 1).length,
    paymentsWithMoreThanOneAllocation: allocationCounts.filter((row) => row.count > 1).length,
    storedEvents: events.length,
    receiptsInOutbox: receipts,
  }
  const exactlyOnce =
    check.succeededAttemptsWithPayment === ATTEMPTS &&
    check.paymentsWithExactlyOneAllocation === ATTEMPTS &&
    check.paymentsWithMoreThanOneAllocation === 0 &&
    check.storedEvents === ATTEMPTS &&
    check.receiptsInOutbox === ATTEMPTS
  log(`webhooks: ${deliveries.length} deliveries (${deliveries.length - ATTEMPTS} duplicates) in ${seconds.toFixed(2)} s = ${eventsPerSecond.toFixed(0)} events/s`)
  log(`PostgreSQL backends' CPU: ${pgCpuMsPerDelivery?.toFixed(2) ?? 'n/a'} ms per delivery, of which ${triggerMsPerDelivery.toFixed(2)} ms in the customer_balances triggers (wall time)`)
  log(`node CPU (host and load generator together): ${nodeCpuMsPerDelivery.toFixed(2)} ms per delivery (user ${(cpu.user / 1000 / deliveries.length).toFixed(2)}, system ${(cpu.system / 1000 / deliveries.length).toFixed(2)}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  log(`answers: ${JSON.stringify(Object.fromEntries(statuses))}; p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms`)
  log(`counted: ${JSON.stringify(check)} → ${exactlyOnce ? 'exactly once' : 'NOT EXACTLY ONCE'}`)

  // ——— Checkout creation ———
  const fake = await startFakeStripe({ accounts: [{ secretKey: TEST_STRIPE_KEY, webhookSecret: TEST_STRIPE_WEBHOOK_SECRET, webhookUrl: () => null }] })
  const providerMs = new Map<string, number>()
  const checkoutGateway = timedGateway(testGateway({ portalUrl: 'http://127.0.0.1', stripeUrl: fake.url }), providerMs)
  const payer = await createCustomer(db, { entityId: entity.id, externalRef: 'BENCH-CHECKOUT' })
  const payerContact = await createContact(db, { customerId: payer.id })
  const invoiceIds: string[] = []
  for (let i = 0; i < 2; i++) {
    invoiceIds.push(
      (await createInvoice(db, { entityId: entity.id, customerId: payer.id, number: `BENCH-CO-${i}`, issueDate: '2026-10-01', dueDate: '2026-10-31', totalMinor: 12_345 })).id,
    )
  }
  const own: number[] = []
  const total: number[] = []
  const provider: number[] = []
  const warmup = 20
  let failures = 0
  await inParallel(CHECKOUTS + warmup, 4, async (i) => {
    const t0 = performance.now()
    const result = await startOnlinePayment(db, checkoutGateway, {
      customerId: payer.id,
      entityId: entity.id,
      contactId: payerContact.id,
      currency: 'EUR',
      invoiceIds,
      partialAmount: null,
      method: 'stripe',
      locale: 'fr',
      portalUrl: 'http://127.0.0.1',
      now: new Date(),
      ipAddress: null,
    })
    const elapsed = performance.now() - t0
    if (!result.ok) {
      failures++
      return
    }
    if (i < warmup) return
    const spent = providerMs.get(result.value.attemptId) ?? 0
    total.push(elapsed)
    provider.push(spent)
    own.push(elapsed - spent)
  })
  await fake.close()
  log(`checkouts: ${own.length} (failures ${failures}); ours p50 ${pct(own, 50).toFixed(1)} ms, p95 ${pct(own, 95).toFixed(1)} ms; with provider p95 ${pct(total, 95).toFixed(1)} ms`)

  const budgets = { webhookEventsPerSecond: eventsPerSecond >= 500, exactlyOnce, checkoutP95Ms: pct(own, 95) <= 100 }
  const result = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    note: flags.note,
    database: 'PostgreSQL (BENCH_DATABASE_URL / DATABASE_URL)',
    seedSeconds,
    webhooks: {
      attempts: ATTEMPTS,
      deliveries: deliveries.length,
      duplicateShare: DUPLICATE_SHARE,
      concurrency: CONCURRENCY,
      seconds,
      eventsPerSecond,
      latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) },
      answers: Object.fromEntries(statuses),
      nodeCpuMsPerDelivery,
      nodeCpuMsPerDeliverySplit: { user: cpu.user / 1000 / deliveries.length, system: cpu.system / 1000 / deliveries.length },
      postgresCpuMsPerDelivery: pgCpuMsPerDelivery,
      balanceTriggersMsPerDelivery: triggerMsPerDelivery,
      loadAverageAtEnd: loadavg(),
      counted: check,
    },
    checkouts: {
      count: own.length,
      failures,
      ownMs: { p50: pct(own, 50), p95: pct(own, 95), max: Math.max(...own) },
      providerMs: { p50: pct(provider, 50), p95: pct(provider, 95) },
      totalMs: { p50: pct(total, 50), p95: pct(total, 95) },
    },
    budgets,
  }
  const dir = new URL('../results/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  const file = new URL(`payments-${result.when.replace(/[:.]/g, '-').slice(0, 19)}Z.json`, dir)
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
  log(`budgets: ${JSON.stringify(budgets)}; written to ${file.pathname}`)
  if (!exactlyOnce) process.exitCode = 1
} finally {
  await database.close()
  if (flags.keep) log(`kept ${empty.url}`)
  else await empty.drop()
}

// ——— helpers ———

type BenchAttempt = { id: string; sessionId: string; amountMinor: number }

function buildDeliveries(list: BenchAttempt[]): { body: string; signature: string }[] {
  const unique = list.map((attempt) => {
    const event = {
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'checkout.session.completed',
      data: {
        object: {
          id: attempt.sessionId,
          object: 'checkout.session',
          mode: 'payment',
          amount_subtotal: attempt.amountMinor,
          amount_total: attempt.amountMinor,
          currency: 'eur',
          client_reference_id: attempt.id,
          customer_email: 'ap@example.test',
          metadata: { payment_attempt_id: attempt.id, entity_code: 'BENCH' },
          payment_intent: `pi_bench_${attempt.id.replace(/-/g, '')}`,
          payment_method_types: ['card', 'sepa_debit'],
          payment_status: 'paid',
          status: 'complete',
          livemode: false,
          success_url: 'http://127.0.0.1/fr/payments/x',
          cancel_url: 'http://127.0.0.1/fr/payments/x?cancelled=1',
          url: null,
        },
      },
    }
    const body = JSON.stringify(event, null, 2)
    return { body, signature: '' }
  })
  // A duplicate is the same bytes delivered again (with a fresh signature time, as Stripe's retries are), a little later.
  const order: { body: string; signature: string }[] = unique.map((d) => ({ ...d }))
  const duplicates = Math.round((unique.length * DUPLICATE_SHARE) / (1 - DUPLICATE_SHARE))
  for (let i = 0; i < duplicates; i++) {
    const source = Math.floor(Math.random() * unique.length)
    const at = Math.min(order.length, source + 1 + Math.floor(Math.random() * 200))
    order.splice(at, 0, { ...unique[source]! })
  }
  return order
}

function sign(body: string) {
  const t = Math.floor(Date.now() / 1000)
  return `t=${t},v1=${createHmac('sha256', TEST_STRIPE_WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex')}`
}

async function post(agent: Agent, url: string, delivery: { body: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sign(delivery.body) } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end(delivery.body)
  })
}

async function paymentsOfAttempts(ids: string[]) {
  const { findAttemptById } = await import('@quittance/db/repositories/online-payments')
  const out: string[] = []
  await inParallel(ids.length, 16, async (i) => {
    const attempt = await findAttemptById(db, ids[i]!)
    if (attempt?.status === 'succeeded' && attempt.paymentId) out.push(attempt.paymentId)
  })
  return out
}

function timedGateway(base: PaymentGateway, spent: Map<string, number>): PaymentGateway {
  return {
    forEntity(code) {
      const entity = base.forEntity(code)
      return {
        bankTransfer: entity.bankTransfer,
        checkoutProviders: (currency) => entity.checkoutProviders(currency),
        provider(name) {
          const inner = entity.provider(name)
          if (!inner) return null
          const timed: PaymentProvider = {
            name: inner.name,
            async createCheckout(request) {
              const t0 = performance.now()
              try {
                return await inner.createCheckout(request)
              } finally {
                spent.set(request.attemptId, performance.now() - t0)
              }
            },
            readWebhook: (input) => inner.readWebhook(input),
            fetchPayment: (ref) => inner.fetchPayment(ref),
            createRefund: (request) => inner.createRefund(request),
          }
          return timed
        },
      }
    },
  }
}

async function withAdmin<T>(work: (admin: postgres.Sql) => Promise<T>) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    return await work(admin)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

/** Milliseconds spent in the balance triggers' PL/pgSQL functions since the last statistics reset. */
async function functionMilliseconds(url: string): Promise<number> {
  const client = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [row] = await client<{ ms: number }[]>`select coalesce(sum(self_time), 0)::float8 as ms from pg_stat_user_functions where funcname like 'refresh_customer_balances%' or funcname like 'invoices_refresh%'`
    return row?.ms ?? 0
  } finally {
    await client.end({ timeout: 5 })
  }
}

/**
 * CPU time (clock ticks, 1/100 s) of the server processes serving the bench database, read from /proc: with the
 * node figure it tells what one event costs, whatever else runs on the machine. Null where /proc is not readable.
 */
async function postgresCpuTicks(url: string): Promise<number | null> {
  const { readFileSync } = await import('node:fs')
  const client = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const rows = await client<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
    let ticks = 0
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    }
    return ticks
  } catch {
    return null
  } finally {
    await client.end({ timeout: 5 })
  }
}

/** --profile FILE: a CPU profile of the webhook phase only (open it in Chrome's DevTools). */
async function startProfiler() {
  const { Session } = await import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return { stop: async () => (await session.post('Profiler.stop')).profile }
}

async function inParallel(count: number, width: number, work: (index: number) => Promise<void>) {
  let index = 0
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (index < count) await work(index++)
    }),
  )
}

function pct(values: number[], p: number) {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
