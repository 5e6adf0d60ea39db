import { randomBytes } from 'node:crypto'
import postgres from 'postgres'

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/

export type EmptyPostgresDatabase = { name: string; url: string; drop(): Promise<void> }

/**
 * Creates a brand-new, empty database on the server of `adminUrl` (which must be allowed to create databases)
 * and returns its URL. Migrating it is left to whoever opens it. `name` lets several processes agree on one
 * database (the end-to-end run); without it a random one is made.
 */
export async function createEmptyPostgresDatabase(
  adminUrl: string,
  options: { name?: string } = {},
): Promise<EmptyPostgresDatabase> {
  const name = options.name ?? `quittance_test_${randomBytes(6).toString('hex')}`
  assertDatabaseName(name)
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`create database ${name}`)
  } finally {
    await admin.end({ timeout: 5 })
  }
  return { name, url: databaseUrl(adminUrl, name), drop: () => dropPostgresDatabase(adminUrl, name) }
}

/** Drops the database even if clients are still connected; a database that is already gone is fine. */
export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name)
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

/** The admin URL pointed at another database on the same server. */
export function databaseUrl(adminUrl: string, name: string): string {
  assertDatabaseName(name)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

function assertDatabaseName(name: string) {
  // The name is spliced into SQL: only plain lower-case identifiers are accepted.
  if (!DATABASE_NAME.test(name)) throw new Error(`Not a safe database name: "${name}"`)
}
