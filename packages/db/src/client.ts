import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema/index'

export type Schema = typeof schema
/** A database or a transaction: every repository function takes one as its first argument. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | { kind: 'pglite'; dataDir: string | null }

export type Database = {
  db: Db
  kind: 'postgres' | 'pglite'
  migrate(): Promise<void>
  close(): Promise<void>
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url))
const LOCK_FILE = 'quittance.pid'
// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 7_301_442_019

export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (probably \`pnpm start\`). ` +
        'PGlite allows one process at a time: stop that process first, or run Quittance on PostgreSQL with DATABASE_URL.',
    )
    this.name = 'DataDirectoryInUseError'
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres' ? openPostgres(options.url, options.maxConnections) : openPglite(options.dataDir)
}

async function openPostgres(url: string, maxConnections = 10): Promise<Database> {
  const client = postgres(url, { max: maxConnections, onnotice: () => {}, connection: { TimeZone: 'UTC' } })
  const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Several processes may start at once: a session advisory lock on a one-connection client lets one
      // migrate while the others wait.
      const migrator = postgres(url, { max: 1, onnotice: () => {} })
      try {
        await migrator`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
        await migratePostgres(drizzlePostgres({ client: migrator, casing: 'snake_case' }), {
          migrationsFolder: MIGRATIONS_FOLDER,
        })
      } finally {
        await migrator.end({ timeout: 5 })
      }
    },
    close: () => client.end({ timeout: 5 }),
  }
}

async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) claimDataDirectory(dataDir)
  // Loaded only when used: PGlite's WebAssembly build costs ~40 MB that a PostgreSQL deployment never needs.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ])
  const client = new PGlite(dataDir ?? undefined)
  await client.waitReady
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite({ client, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER })
    },
    async close() {
      await client.close()
      if (dataDir) releaseDataDirectory(dataDir)
    },
  }
}

function claimDataDirectory(dataDir: string) {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = join(dataDir, LOCK_FILE)
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim())
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) throw new DataDirectoryInUseError(dataDir, pid)
  }
  writeFileSync(lockPath, String(process.pid))
}

function releaseDataDirectory(dataDir: string) {
  const lockPath = join(dataDir, LOCK_FILE)
  if (existsSync(lockPath) && readFileSync(lockPath, 'utf8').trim() === String(process.pid)) rmSync(lockPath)
}

function isProcessAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** drizzle wraps driver errors; the SQLSTATE sits on the cause for both PGlite and postgres.js. */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** Runs raw SQL and returns its rows; postgres.js gives an array, PGlite a `{ rows }` object. */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

type DriverInternals = {
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } }
  session?: { client?: { unsafe?: (query: string, params: unknown[], options: { prepare: boolean }) => PromiseLike<unknown[]> } }
}

/**
 * queryRows for the hottest statements (the webhook's): on PostgreSQL, a named prepared statement of the
 * connection, parsed once and then planned from the plan cache, where drizzle sends every raw statement unnamed
 * (parsed, analysed and planned again at each call: a third of the database's CPU per webhook). Use it only for
 * statements whose text takes a handful of shapes (postgres.js keeps one prepared statement per text and
 * connection). On PGlite, and if drizzle's internals ever move, it is queryRows.
 */
export async function queryRowsPrepared<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const internals = db as unknown as DriverInternals
  const client = internals.session?.client
  if (!internals.dialect || typeof client?.unsafe !== 'function') return queryRows<T>(db, query)
  const built = internals.dialect.sqlToQuery(query)
  return (await client.unsafe(built.sql, built.params, { prepare: true })) as T[]
}
