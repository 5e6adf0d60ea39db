import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '@quittance/db/client'
import { countStaffUsers } from '@quittance/db/repositories/staff'
import { createStaffUser } from '@quittance/use-cases/staff-auth/create-staff-user'

export const DEMO_ADMIN_EMAIL = 'admin@demo.quittance.test'

type Credentials = { email: string; password: string }

/**
 * On the embedded default, the first start creates an administrator with a random password, kept (mode 0600) in
 * the data directory so that every later start can print it again. Nothing is created once staff exist. The data
 * directory need not exist (with DATABASE_URL nothing else writes there): it is created for the file. A database
 * without staff gets its administrator even when a file from an earlier database is there (it is replaced).
 */
export async function ensureDemoAdmin(db: Db, dataDir: string): Promise<Credentials | null> {
  const file = join(dataDir, 'demo-admin.json')
  if ((await countStaffUsers(db)) > 0) {
    // The credentials written when this administrator was made, to print them again.
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Credentials) : null
  }
  const password = randomBytes(12).toString('base64url')
  const created = await createStaffUser(db, {
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo Admin',
    role: 'admin',
    password,
    locale: 'fr',
    actor: { type: 'system', id: 'demo' },
  })
  if (!created.ok) throw new Error(`could not create the demo administrator: ${created.error}`)
  const credentials = { email: DEMO_ADMIN_EMAIL, password }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 })
  return credentials
}
