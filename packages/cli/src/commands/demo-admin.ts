import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '@quittance/db/client'
import { countStaffUsers } from '@quittance/db/repositories/staff'
import { createStaffUser } from '@quittance/use-cases/staff-auth/create-staff-user'

export const DEMO_ADMIN_EMAIL = 'admin@demo.quittance.test'

/**
 * On the embedded default, the first start creates an administrator with a random password, kept (mode 0600) in
 * the data directory so that every later start can print it again. Nothing is created once staff exist.
 */
export async function ensureDemoAdmin(db: Db, dataDir: string): Promise<{ email: string; password: string } | null> {
  const file = join(dataDir, 'demo-admin.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string }
  if ((await countStaffUsers(db)) > 0) return null
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
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 })
  return credentials
}
