// The end-to-end web servers: makes the run's empty database, then starts the real hosts (`quittance serve portal`
// and `quittance serve backoffice`) on it; the first applies the migrations (the others wait on the advisory lock).
// When a host stops, the other is stopped and the database dropped. Run by Playwright's `webServer` with
// `node --import tsx`; both apps must be built (`turbo run build`).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createEmptyPostgresDatabase, dropPostgresDatabase } from '@quittance/db/testing/create-database'
import { startFakeMollie } from '@quittance/payments/testing/fake-mollie-server'
import { startFakeStripe } from '@quittance/payments/testing/fake-stripe-server'
import { e2eSettings } from '../support/settings'
import { E2E_MOLLIE_KEY, E2E_STRIPE_KEY, E2E_STRIPE_WEBHOOK_SECRET, E2E_WEBHOOK_DELAY_MS } from '../support/payments'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const cliMain = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url))
const builds = ['portal', 'backoffice'].map((app) => fileURLToPath(new URL(`../../${app}/build/server/index.js`, import.meta.url)))

const settings = e2eSettings()
for (const build of builds) {
  if (!existsSync(build)) {
    console.error(`No build at ${build}: run \`pnpm exec turbo run build\` first.`)
    process.exit(1)
  }
}

const database = await createEmptyPostgresDatabase(settings.adminUrl, { name: settings.databaseName })

// Local fakes of Stripe (http) and Mollie (https, self-signed) with hosted checkout pages that deliver signed
// webhooks to the portal, like the real providers. The portal's SDKs are pointed at them by configuration.
const stripe = await startFakeStripe({
  accounts: [
    {
      secretKey: E2E_STRIPE_KEY,
      webhookSecret: E2E_STRIPE_WEBHOOK_SECRET,
      webhookUrl: (metadata) => (metadata.entity_code ? `${settings.portalUrl}/webhooks/stripe/${encodeURIComponent(metadata.entity_code)}` : null),
    },
  ],
  webhookDelayMs: E2E_WEBHOOK_DELAY_MS,
})
const mollie = await startFakeMollie({ apiKeys: [E2E_MOLLIE_KEY], webhookDelayMs: E2E_WEBHOOK_DELAY_MS })
const paymentProviders = JSON.stringify({
  '*': {
    stripe: { secretKey: E2E_STRIPE_KEY, webhookSecret: E2E_STRIPE_WEBHOOK_SECRET, apiBase: stripe.url },
    mollie: { apiKey: E2E_MOLLIE_KEY, apiEndpoint: mollie.apiEndpoint },
    sandbox: {},
    bankTransfer: true,
  },
})

const hosts = (['portal', 'backoffice'] as const).map((app) =>
  spawn(process.execPath, ['--import', 'tsx', cliMain, 'serve', app], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      PORTAL_PORT: String(settings.portalPort),
      PORTAL_PUBLIC_URL: settings.portalUrl,
      BACKOFFICE_PORT: String(settings.backofficePort),
      BACKOFFICE_PUBLIC_URL: settings.backofficeUrl,
      HOST: '127.0.0.1',
      // Each test sends its own X-Forwarded-For, so the per-address rate limits see one visitor per test.
      TRUST_PROXY: '1',
      QUITTANCE_PAYMENT_PROVIDERS: paymentProviders,
      // Reminder runs only when a test asks ("Run now"): the daily schedule would plan each test's fresh entity at a
      // moment of its own, and a test previewing tomorrow could find today's run already took the step.
      QUITTANCE_REMINDER_SCHEDULE: 'off',
      // The fake Mollie's certificate is self-signed: only the portal of this test run stops checking certificates.
      ...(app === 'portal' ? { NODE_TLS_REJECT_UNAUTHORIZED: '0' } : {}),
    },
  }),
)

const stopAll = (signal: NodeJS.Signals) => {
  for (const host of hosts) if (host.exitCode === null && host.signalCode === null) host.kill(signal)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(signal))

let exited = 0
for (const host of hosts) {
  host.on('exit', (code, signal) => {
    stopAll('SIGTERM')
    if (++exited < hosts.length) return
    // The global teardown drops it too; this covers runs that never reach it.
    Promise.all([stripe.close(), mollie.close()])
      .then(() => dropPostgresDatabase(settings.adminUrl, settings.databaseName))
      .catch((error: unknown) => console.error(`Could not drop ${settings.databaseName}:`, error))
      .finally(() => process.exit(code ?? (signal ? 1 : 0)))
  })
}
