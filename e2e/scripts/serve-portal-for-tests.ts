// The end-to-end web server: makes the run's empty database, then starts the real host (`quittance serve portal`)
// on it; the host applies the migrations before it listens. When the host stops, the database is dropped.
// Run by Playwright's `webServer` with `node --import tsx`; the portal must be built (`turbo run build --filter=portal`).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createEmptyPostgresDatabase, dropPostgresDatabase } from '@quittance/db/testing/create-database'
import { e2eSettings } from '../support/settings'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const cliMain = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url))
const portalBuild = fileURLToPath(new URL('../../portal/build/server/index.js', import.meta.url))

const settings = e2eSettings()
if (!existsSync(portalBuild)) {
  console.error(`No portal build at ${portalBuild}: run \`pnpm exec turbo run build --filter=portal\` first.`)
  process.exit(1)
}

const database = await createEmptyPostgresDatabase(settings.adminUrl, { name: settings.databaseName })

const host = spawn(process.execPath, ['--import', 'tsx', cliMain, 'serve', 'portal'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    PORTAL_PORT: String(settings.portalPort),
    PORTAL_PUBLIC_URL: settings.portalUrl,
    HOST: '127.0.0.1',
    // Each test sends its own X-Forwarded-For, so the per-address rate limits see one visitor per test.
    TRUST_PROXY: '1',
  },
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (host.exitCode === null && host.signalCode === null) host.kill(signal)
  })
}

host.on('exit', (code, signal) => {
  // The global teardown drops it too; this covers runs that never reach it.
  dropPostgresDatabase(settings.adminUrl, settings.databaseName)
    .catch((error: unknown) => console.error(`Could not drop ${settings.databaseName}:`, error))
    .finally(() => process.exit(code ?? (signal ? 1 : 0)))
})
