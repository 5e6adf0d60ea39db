import { join } from 'node:path'
import { openDatabase, type Database } from '@quittance/db/client'
import type { HostEnv } from './env'

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in the data directory. */
export async function openConfiguredDatabase(env: HostEnv, options: { maxConnections?: number } = {}): Promise<Database> {
  if (env.databaseUrl) return openDatabase({ kind: 'postgres', url: env.databaseUrl, maxConnections: options.maxConnections })
  return openDatabase({ kind: 'pglite', dataDir: join(env.dataDir, 'pglite') })
}

export function describeDatabase(env: HostEnv): string {
  if (!env.databaseUrl) return `embedded PGlite in ${join(env.dataDir, 'pglite')}`
  const url = new URL(env.databaseUrl)
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`
}
