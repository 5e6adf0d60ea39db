import { randomBytes } from 'node:crypto'

/**
 * What every part of an end-to-end run must agree on: the config (runner and workers), the web server it starts
 * and the global teardown. The database name is made once, in the runner, and travels to the others through the
 * environment, which workers and the web server inherit.
 */
export type E2eSettings = {
  /** A PostgreSQL URL allowed to create and drop databases. */
  adminUrl: string
  /** The run's own database, created empty by the web server script and dropped by the global teardown. */
  databaseName: string
  portalPort: number
  portalUrl: string
  backofficePort: number
  backofficeUrl: string
}

export function e2eSettings(env: NodeJS.ProcessEnv = process.env): E2eSettings {
  env.E2E_DATABASE_NAME ??= `quittance_e2e_${randomBytes(6).toString('hex')}`
  const portalPort = port(env.E2E_PORTAL_PORT, 'E2E_PORTAL_PORT', 3210)
  const backofficePort = port(env.E2E_BACKOFFICE_PORT, 'E2E_BACKOFFICE_PORT', 3211)
  return {
    adminUrl: env.TEST_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    databaseName: env.E2E_DATABASE_NAME,
    portalPort,
    portalUrl: `http://127.0.0.1:${portalPort}`,
    backofficePort,
    backofficeUrl: `http://127.0.0.1:${backofficePort}`,
  }
}

function port(value: string | undefined, name: string, fallback: number) {
  const n = Number(value ?? fallback)
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new Error(`${name} must be a port number, got "${value}"`)
  return n
}
