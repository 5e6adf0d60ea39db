import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase } from '@quittance/db/client'
import { createTestDatabase, type TestDatabase } from '@quittance/db/testing/test-databases'
import { redeemPortalLink } from '@quittance/use-cases/portal-access/redeem-portal-link'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('the operator command line on PostgreSQL', () => {
  let database: TestDatabase
  let env: Record<string, string>

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    env = { DATABASE_URL: database.url!, PORTAL_PUBLIC_URL: 'https://pay.example.test' }
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('seeds the demo data once, then prints a working link, then revokes it', async () => {
    const first = await runCli(['seed:demo'], env)
    expect(first).toMatchObject({ code: 0 })
    expect(first.stdout).toContain('Demo data loaded.')
    expect((await runCli(['seed:demo'], env)).stdout).toContain('nothing changed')

    const link = await runCli(['portal-link', 'CUST-DE-001'], env)
    expect(link.code).toBe(0)
    const url = link.stdout.trim()
    expect(url).toMatch(/^https:\/\/pay\.example\.test\/de\/a\/[A-Za-z0-9_-]{43}$/)
    const token = url.split('/a/')[1]!
    const client = { now: new Date(), userAgent: null, ipAddress: null }
    expect((await redeemPortalLink(database.db, { token, ...client })).ok).toBe(true)

    const revoked = await runCli(['portal-links:revoke', 'CUST-DE-001'], env)
    expect(revoked.code).toBe(0)
    expect(revoked.stdout).toMatch(/Revoked 1 link/)
    expect(await redeemPortalLink(database.db, { token, ...client })).toEqual({ ok: false, error: 'link-unusable' })
  })

  test.each([
    { args: ['portal-link', 'NO-SUCH-REF'], message: 'No customer has the reference "NO-SUCH-REF".' },
    { args: ['portal-link'], message: 'Give the customer reference' },
    { args: ['portal-link', 'CUST-FR-001', '--locale', 'it'], message: '--locale must be one of fr, en, de, es.' },
    { args: ['seed:large', '--customers', '0', '--invoices', '10'], message: '--customers must be a whole number above 0.' },
    { args: ['seed:large', '--customers', '-3'], message: "argument is ambiguous" },
    { args: ['frobnicate'], message: 'Unknown command "frobnicate"' },
  ])('answers $args with a clear message and exit code 1', async ({ args, message }) => {
    const result = await runCli(args, env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('the operator command line on the embedded database', () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'quittance-cli-'))
  })
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })

  // Three CLI processes each start PGlite: allow for a busy machine.
  test('refuses, with a message, to open a data directory another process is using', { timeout: 180_000 }, async () => {
    const running = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') })
    try {
      const result = await runCli(['migrate'], { QUITTANCE_DATA_DIR: dataDir })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`is in use by process ${process.pid}`)
      expect(result.stderr).toContain('DATABASE_URL')
    } finally {
      await running.close()
    }
    const afterwards = await runCli(['migrate'], { QUITTANCE_DATA_DIR: dataDir })
    expect(afterwards.stdout).toContain('Migrations applied to embedded PGlite')
    expect(afterwards.code).toBe(0)
  })
})
