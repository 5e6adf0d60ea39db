import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { openDatabase, type Database } from '../client'

/**
 * Integration tests run against both databases the product supports: PGlite (the embedded default) and a
 * real PostgreSQL 15 server. Each call makes a brand-new, migrated database so tests never share data.
 */
export const TEST_DATABASE_KINDS = ['pglite', 'postgres'] as const
export type TestDatabaseKind = (typeof TEST_DATABASE_KINDS)[number]

export type TestDatabase = Database & { url: string | null; drop(): Promise<void> }

export function postgresAdminUrl(): string {
  // The single place where tests learn which server to use; CI and developers set TEST_DATABASE_URL or DATABASE_URL.
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
}

export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: null })
    await database.migrate()
    return { ...database, url: null, drop: () => database.close() }
  }
  const adminUrl = postgresAdminUrl()
  const name = `quittance_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 20 })
  await database.migrate()
  return {
    ...database,
    url: url.toString(),
    async drop() {
      await database.close()
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} })
      await cleanup.unsafe(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}
