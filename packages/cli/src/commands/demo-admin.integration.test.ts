import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { createTestDatabase, TEST_DATABASE_KINDS } from '@quittance/db/testing/test-databases'
import { findStaffCredentialsByEmail } from '@quittance/db/repositories/staff'
import { DEMO_ADMIN_EMAIL, ensureDemoAdmin } from './demo-admin'

describe.each(TEST_DATABASE_KINDS)('the demo administrator on %s', (kind) => {
  const root = mkdtempSync(join(tmpdir(), 'quittance-demo-admin-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  test('is created once, its credentials kept in a data directory that did not exist yet', async () => {
    const database = await createTestDatabase(kind)
    try {
      const dataDir = join(root, kind, 'missing', '.data')
      expect(existsSync(dataDir)).toBe(false)
      const first = await ensureDemoAdmin(database.db, dataDir)
      expect(first?.email).toBe(DEMO_ADMIN_EMAIL)
      const file = join(dataDir, 'demo-admin.json')
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(await findStaffCredentialsByEmail(database.db, DEMO_ADMIN_EMAIL)).not.toBeNull()
      // Later starts print the same credentials and create nobody.
      expect(await ensureDemoAdmin(database.db, dataDir)).toEqual(first)
      // Another directory on a database that has staff: nothing to print, nothing created.
      expect(await ensureDemoAdmin(database.db, join(root, kind, 'elsewhere'))).toBeNull()
    } finally {
      await database.drop()
    }
  })
})
