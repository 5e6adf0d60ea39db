import { randomBytes } from 'node:crypto'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { DataDirectoryInUseError, type Database } from '@quittance/db/client'
import { findCustomerByExternalRef } from '@quittance/db/repositories/customers'
import { DEMO_ENTITY_CODE, seedDemo } from '@quittance/db/seed/seed-demo'
import { seedLarge } from '@quittance/db/seed/seed-large'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { STAFF_ROLES, type StaffRole } from '@quittance/domain/staff/permissions'
import { isLocale } from '@quittance/i18n/locales'
import { createStaffUser } from '@quittance/use-cases/staff-auth/create-staff-user'
import { revokePortalLinks } from '@quittance/use-cases/portal-access/revoke-portal-links'
import { CommandError } from './commands/command-error'
import { issueLinkForRef } from './commands/issue-link-for-ref'
import { servePortal } from './commands/serve-portal'
import { describeDatabase, openConfiguredDatabase } from './database'
import { ConfigurationError, readHostEnv, type HostEnv } from './env'

const USAGE = `Usage: pnpm quittance <command>

  start                               everything on this machine: migrate, demo data on first start, both apps
  serve portal | serve backoffice     one app process (production; set DATABASE_URL)
  user:create --role R --email E --name N   create a staff member (admin, credit_manager, collector, sales,
                                      auditor); the password is read from standard input, or generated and printed
  migrate                             apply database migrations
  seed:demo                           load the demo creditor and its debtors (once)
  seed:large --customers N --invoices M   generate a large portfolio
  portal-link <customer-ref> [--locale fr|en|de|es]   print a fresh debtor link
  portal-links:revoke <customer-ref>  revoke every link and session of a customer
  import <customers|contacts|invoices|payments> <file> [--entity CODE] [--mode valid_rows|all_or_nothing]
         [--mapping PRESET] [--zip PDFS.zip]   import a CSV file (exit code 1 when all-or-nothing refuses it)
  worker                              run background jobs only (PostgreSQL deployments; as many as needed)
  reminders:run [--date YYYY-MM-DD] [--dry-run]   plan today's reminders now and send what is due
  payments:reconcile [--older-than-minutes N]   ask Stripe/Mollie about checkouts left pending (default 15 min)

Environment: DATABASE_URL (PostgreSQL; otherwise embedded PGlite in QUITTANCE_DATA_DIR, default .data),
PORTAL_PORT (3000), PORTAL_PROCESSES (1, or auto), PORTAL_PUBLIC_URL, BACKOFFICE_PORT (3001), BACKOFFICE_PUBLIC_URL, HOST, TRUST_PROXY.`

const DEMO_LINK_REFS = ['CUST-FR-001', 'CUST-DE-001', 'CUST-UK-001']

async function main(argv: string[]) {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE)
    return
  }
  const env = readHostEnv()
  switch (command) {
    case 'start':
      return start(env)
    case 'serve':
      if (rest[0] !== 'portal' && rest[0] !== 'backoffice')
        throw new CommandError('Usage: pnpm quittance serve portal|backoffice')
      return serve(env, rest[0])
    case 'user:create':
      return withDatabase(env, async (database) => {
        const { values } = parseCommandArgs({
          args: rest,
          options: {
            role: { type: 'string' },
            email: { type: 'string' },
            name: { type: 'string' },
            locale: { type: 'string' },
          },
        })
        if (!STAFF_ROLES.includes(values.role as StaffRole))
          throw new CommandError(`--role must be one of ${STAFF_ROLES.join(', ')}.`)
        if (!values.email) throw new CommandError('--email is required.')
        const locale = values.locale ?? 'fr'
        if (!isLocale(locale)) throw new CommandError('--locale must be one of fr, en, de, es.')
        const piped = process.stdin.isTTY ? '' : (await readStdin()).trim()
        const password = piped || randomBytes(12).toString('base64url')
        const created = await createStaffUser(database.db, {
          email: values.email,
          name: values.name ?? values.email,
          role: values.role as StaffRole,
          password,
          locale,
          actor: { type: 'system', id: 'cli' },
        })
        if (!created.ok) throw new CommandError(STAFF_CREATION_ERRORS[created.error])
        console.log(`Created ${values.role} ${values.email}.`)
        if (!piped) console.log(`Password: ${password}  (shown once; change it after signing in)`)
      })
    case 'migrate':
      return withDatabase(env, async () => console.log(`Migrations applied to ${describeDatabase(env)}.`))
    case 'seed:demo':
      return withDatabase(env, async (database) => {
        const result = await seedDemo(database.db, { today: today() })
        console.log(result.created ? 'Demo data loaded.' : 'Demo data was already there; nothing changed.')
      })
    case 'seed:large':
      return withDatabase(env, async (database) => {
        const { values } = parseCommandArgs({
          args: rest,
          options: { customers: { type: 'string' }, invoices: { type: 'string' } },
        })
        const customers = positiveInteger(values.customers, '--customers')
        const invoices = positiveInteger(values.invoices, '--invoices')
        const started = performance.now()
        await seedLarge(database.db, {
          customers,
          invoices,
          today: today(),
          onProgress: (m) => console.log(m),
        })
        console.log(
          `Seeded ${customers} customers and ${invoices} invoices in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        )
      })
    case 'portal-link':
      return withDatabase(env, async (database) => {
        const { values, positionals } = parseCommandArgs({
          args: rest,
          allowPositionals: true,
          options: { locale: { type: 'string' } },
        })
        const ref = requireRef(positionals)
        if (values.locale !== undefined && !isLocale(values.locale))
          throw new CommandError('--locale must be one of fr, en, de, es.')
        const link = await issueLinkForRef(database.db, {
          externalRef: ref,
          portalBaseUrl: env.portalPublicUrl,
          locale: values.locale as never,
          now: new Date(),
        })
        console.log(link.url)
        console.error(`Link for ${link.customerName}, valid until ${link.expiresAt.toISOString()}.`)
      })
    case 'portal-links:revoke':
      return withDatabase(env, async (database) => {
        const ref = requireRef(rest)
        const [customer, other] = await findCustomerByExternalRef(database.db, { externalRef: ref })
        if (!customer) throw new CommandError(`No customer has the reference "${ref}".`)
        if (other) throw new CommandError(`Several entities have a customer "${ref}".`)
        const { revokedCount } = await revokePortalLinks(database.db, {
          customerId: customer.id,
          now: new Date(),
          actor: { type: 'system', id: 'cli' },
          reason: 'revoked by an operator from the command line',
        })
        console.log(`Revoked ${revokedCount} link(s) of ${customer.name}; its portal sessions are closed.`)
      })
    case 'import':
      return withDatabase(env, async (database) => {
        const { values, positionals } = parseCommandArgs({
          args: rest,
          allowPositionals: true,
          options: {
            entity: { type: 'string' },
            mode: { type: 'string' },
            mapping: { type: 'string' },
            zip: { type: 'string' },
          },
        })
        const { importFileCommand } = await import('./commands/import-file')
        const result = await importFileCommand(database.db, {
          kind: positionals[0],
          file: positionals[1],
          ...values,
        })
        if (!result.imported) throw new CommandError('Nothing was imported.')
      })
    case 'worker':
      return worker(env)
    case 'reminders:run':
      return withDatabase(env, async (database) => {
        const { values } = parseCommandArgs({
          args: rest,
          options: { date: { type: 'string' }, 'dry-run': { type: 'boolean' } },
        })
        const { remindersRunCommand } = await import('./commands/reminders-run')
        await remindersRunCommand(database, env, { date: values.date, dryRun: values['dry-run'] === true })
      })
    case 'payments:reconcile':
      return withDatabase(env, async (database) => {
        const { values } = parseCommandArgs({
          args: rest,
          options: { 'older-than-minutes': { type: 'string' } },
        })
        const minutes = values['older-than-minutes'] === undefined ? 15 : Number(values['older-than-minutes'])
        if (!Number.isFinite(minutes) || minutes < 0)
          throw new CommandError('--older-than-minutes must be a number of minutes.')
        const [{ createPaymentGateway }, { reconcileOnlinePayments }] = await Promise.all([
          import('@quittance/payments/payment-gateway'),
          import('@quittance/use-cases/online-payments/reconcile-online-payments'),
        ])
        const gateway = createPaymentGateway(env.payments, { portalUrl: env.portalPublicUrl })
        const summary = await reconcileOnlinePayments(database.db, gateway, {
          now: new Date(),
          staleAfterMs: minutes * 60_000,
          logger: (line) => console.warn(JSON.stringify(line)),
        })
        console.log(JSON.stringify({ level: 'info', message: 'payments reconciled', ...summary }))
      })
    default:
      throw new CommandError(`Unknown command "${command}".\n\n${USAGE}`)
  }
}

const STAFF_CREATION_ERRORS = {
  'email-taken': 'A staff member already has this e-mail address.',
  'password-too-short': 'The password must have at least 12 characters.',
  'invalid-email': 'The e-mail address is not valid.',
} as const

async function readStdin() {
  let input = ''
  for await (const chunk of process.stdin) input += String(chunk)
  return input
}

async function withDatabase(env: HostEnv, work: (database: Database) => Promise<void>) {
  const database = await openConfiguredDatabase(env)
  try {
    await database.migrate()
    await work(database)
  } finally {
    await database.close()
  }
}

async function start(env: HostEnv) {
  const database = await openConfiguredDatabase(env)
  await database.migrate()
  const seeded = await seedDemo(database.db, { today: today() })
  const { ensureDemoAdmin } = await import('./commands/demo-admin')
  const admin = await ensureDemoAdmin(database.db, env.dataDir)
  const portal = await servePortal(env, database)
  const backoffice = await serveBackofficeLazily(env, database)
  const runner = await startJobRunner(env, database)
  const links = []
  for (const ref of DEMO_LINK_REFS) {
    links.push({
      ref,
      ...(await issueLinkForRef(database.db, {
        externalRef: ref,
        portalBaseUrl: env.portalPublicUrl,
        now: new Date(),
      })),
    })
  }
  console.log(`
Quittance is running (${describeDatabase(env)}${seeded.created ? ', demo data loaded' : ''}).

  Debtor portal   ${env.portalPublicUrl}
  Back office     ${env.backofficePublicUrl}${admin ? `   sign in as ${admin.email} / ${admin.password}` : ''}

Open a demo debtor link (each is valid 90 days; \`pnpm quittance portal-link <ref>\` makes more):
${links.map((l) => `  ${l.customerName.padEnd(28)} ${l.url}`).join('\n')}

Online payments: ${describePayments(env)}.
Messages (reminders, receipts, fresh links): ${env.reminders.smtpUrl ? 'e-mail over SMTP; the others' : 'nothing leaves this machine; every message'} shows in the back office's Outbox.
Demo entity code: ${DEMO_ENTITY_CODE}. Press Ctrl+C to stop.`)
  await untilSignal()
  await Promise.all([portal.close(), backoffice.close()])
  await runner.stop()
  await database.close()
}

async function serve(env: HostEnv, app: 'portal' | 'backoffice') {
  const database = await openConfiguredDatabase(env)
  // A helper process of `serve portal` starts once its parent has migrated and listens (connection-handoff.ts).
  const helper = env.connectionHelper
  if (!helper) await database.migrate()
  const running =
    app === 'portal'
      ? await servePortal(env, database, {
          processes: env.portalProcesses,
          onHelperReady: (pid) =>
            console.log(JSON.stringify({ level: 'info', message: 'portal helper ready', pid })),
        })
      : await serveBackofficeLazily(env, database)
  const runner = app === 'backoffice' ? await startJobRunner(env, database) : null
  const port = app === 'portal' ? env.portalPort : env.backofficePort
  const processes = app === 'portal' ? env.portalProcesses : 1
  if (!helper)
    console.log(
      JSON.stringify({
        level: 'info',
        message: `${app} listening`,
        port,
        processes,
        database: describeDatabase(env),
      }),
    )
  await untilSignal()
  await running.close()
  await runner?.stop()
  await database.close()
}

/** Background jobs only: for PostgreSQL deployments, as many processes as the load needs. */
async function worker(env: HostEnv) {
  const database = await openConfiguredDatabase(env)
  await database.migrate()
  const runner = await startJobRunner(env, database)
  console.log(
    JSON.stringify({
      level: 'info',
      message: 'worker started',
      transport: runner.kind,
      database: describeDatabase(env),
    }),
  )
  await untilSignal()
  await runner.stop()
  await database.close()
}

// The job runner, the reminder worker and the back office load lazily: a portal process never runs jobs, and their
// modules (BullMQ, the PDF renderers, the back-office build) would add ~80 MB to its memory (decision 005).
async function startJobRunner(env: HostEnv, database: Database) {
  const [{ startBackgroundJobs }, { workerSettingsOf }, { createPaymentGateway }] = await Promise.all([
    import('./commands/background-jobs'),
    import('./commands/reminders-run'),
    import('@quittance/payments/payment-gateway'),
  ])
  return startBackgroundJobs(database, {
    settings: workerSettingsOf(env),
    paymentReconciliation:
      env.paymentReconcileEveryMs === null
        ? null
        : {
            gateway: createPaymentGateway(env.payments, { portalUrl: env.portalPublicUrl }),
            everyMs: env.paymentReconcileEveryMs,
          },
  })
}

async function serveBackofficeLazily(env: HostEnv, database: Database) {
  const { serveBackoffice } = await import('./commands/serve-backoffice')
  return serveBackoffice(env, database)
}

/** What a newcomer needs to know before paying a demo invoice: which providers answer, and whether money is real. */
function describePayments(env: HostEnv) {
  const providers = new Set<string>()
  for (const settings of env.payments.entities.values()) {
    if (settings.sandbox)
      providers.add('the built-in SANDBOX (no real money: choose succeed, fail or stay pending)')
    if (settings.stripe) providers.add(`Stripe${settings.stripe.livemode ? '' : ' (test mode)'}`)
    if (settings.mollie) providers.add('Mollie')
    if (settings.bankTransfer) providers.add('bank transfer instructions')
  }
  return providers.size > 0 ? [...providers].join(', ') : 'none configured (QUITTANCE_PAYMENT_PROVIDERS)'
}

function untilSignal() {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
}

function today() {
  return localDateInTimeZone(new Date(), 'Europe/Paris')
}

/** node's parser throws TypeErrors with a code; an operator should read a sentence, not a stack. */
function parseCommandArgs<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config)
  } catch (error) {
    throw new CommandError(`${(error as Error).message}\n\n${USAGE}`)
  }
}

function requireRef(positionals: string[]) {
  const ref = positionals[0]?.trim()
  if (!ref)
    throw new CommandError('Give the customer reference, for example: pnpm quittance portal-link CUST-FR-001')
  return ref
}

function positiveInteger(value: string | undefined, name: string) {
  const n = Number(value)
  if (!value || !Number.isInteger(n) || n < 1)
    throw new CommandError(`${name} must be a whole number above 0.`)
  return n
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (
      error instanceof CommandError ||
      error instanceof ConfigurationError ||
      error instanceof DataDirectoryInUseError
    ) {
      console.error(error.message)
    } else {
      console.error(error)
    }
    process.exit(1)
  },
)
