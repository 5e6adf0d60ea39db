import { defineConfig, devices, type LaunchOptions } from '@playwright/test'
import { e2eSettings } from './support/settings'

// Runs in the runner and again in every worker; the settings (the run's database name above all) are made once
// in the runner and inherited by the workers and the web server through the environment.
const settings = e2eSettings()
export const PORTAL_URL = settings.portalUrl
export const BACKOFFICE_URL = settings.backofficeUrl

// Playwright cannot download its own browser here: Debian's Chromium, with the flags that keep it quiet offline.
const launchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
}

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL: PORTAL_URL,
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    {
      name: 'portal',
      testDir: 'tests/portal',
      use: { ...devices['Desktop Chrome'], locale: 'fr-FR', timezoneId: 'Europe/Paris', launchOptions },
    },
    {
      name: 'backoffice',
      testDir: 'tests/backoffice',
      use: { ...devices['Desktop Chrome'], baseURL: BACKOFFICE_URL, locale: 'en-GB', timezoneId: 'Europe/Paris', launchOptions },
    },
  ],
  webServer: [
    {
      // Starts both apps on one fresh database; Playwright waits for the portal here…
      command: 'node --import tsx scripts/serve-apps-for-tests.ts',
      url: `${PORTAL_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      env: {
        E2E_DATABASE_NAME: settings.databaseName,
        E2E_PORTAL_PORT: String(settings.portalPort),
        E2E_BACKOFFICE_PORT: String(settings.backofficePort),
        TEST_DATABASE_URL: settings.adminUrl,
      },
    },
    {
      // …and for the back office here. The first command already serves it, so this one is normally never started
      // (reuseExistingServer); it only waits for the URL.
      command: 'node -e "setInterval(() => {}, 1 << 30)"',
      url: `${BACKOFFICE_URL}/healthz`,
      reuseExistingServer: true,
      timeout: 120_000,
    },
  ],
})
