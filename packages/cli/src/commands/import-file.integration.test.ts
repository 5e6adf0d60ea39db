import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@quittance/db/testing/test-databases'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))

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

const INVOICES =
  'Numéro de facture;Code client;Date de facture;Échéance;Montant TTC\n' +
  'CLI-001;CUST-FR-001;15/01/2026;14/02/2026;1 200,00\n' +
  'CLI-002;CUST-FR-001;31/02/2026;14/03/2026;10,00\n' +
  'CLI-003;NOBODY;15/01/2026;14/02/2026;5,00\n'

describe.each(['postgres', 'pglite'] as const)('pnpm quittance import on %s', (kind) => {
  let database: TestDatabase | null = null
  let env: Record<string, string>
  const dir = mkdtempSync(join(tmpdir(), 'quittance-import-cli-'))
  const file = join(dir, 'factures.csv')

  beforeAll(async () => {
    writeFileSync(file, INVOICES)
    if (kind === 'postgres') {
      database = await createTestDatabase('postgres')
      env = { DATABASE_URL: database.url! }
    } else {
      env = { QUITTANCE_DATA_DIR: join(dir, 'data') }
    }
    expect((await runCli(['seed:demo'], env)).code).toBe(0)
  }, 120_000)
  afterAll(async () => {
    await database?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('imports the valid rows, reports each rejection, and a second run changes nothing', async () => {
    const first = await runCli(['import', 'invoices', file], env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('Done: 3 rows read, 1 added or updated, 0 unchanged, 2 rejected.')
    expect(first.stdout).toContain('line 3, column "Date de facture": invalid_date')
    expect(first.stdout).toContain('line 4, column "Code client": unknown_customer')
    const again = await runCli(['import', 'invoices', file, '--entity', 'DEMO'], env)
    expect(again.stdout).toContain('Done: 3 rows read, 0 added or updated, 1 unchanged, 2 rejected.')
  }, 120_000)

  test('all or nothing: exit code 1 and nothing imported', async () => {
    const result = await runCli(['import', 'invoices', file, '--mode', 'all_or_nothing'], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('Not imported: 3 rows read, 0 added or updated')
    expect(result.stderr).toContain('Nothing was imported.')
  }, 120_000)

  // Refusals do not depend on the database: checked once, on PostgreSQL.
  test.runIf(kind === 'postgres').each([
    { args: ['import', 'bananas', 'x.csv'], message: 'Give what the file contains: customers, contacts, invoices, payments.' },
    { args: ['import', 'invoices'], message: 'Give the CSV file to import' },
    { args: ['import', 'invoices', '/nonexistent/file.csv'], message: 'Cannot read /nonexistent/file.csv.' },
    { args: ['import', 'invoices', 'FILE', '--mapping', 'Nope'], message: 'No saved mapping "Nope" for invoices of DEMO.' },
    { args: ['import', 'invoices', 'FILE', '--entity', 'NOPE'], message: 'No entity has the code "NOPE".' },
    { args: ['import', 'invoices', 'FILE', '--mode', 'sometimes'], message: '--mode must be valid_rows or all_or_nothing.' },
  ])('refuses $args with a sentence', async ({ args, message }) => {
    const result = await runCli(
      args.map((a) => (a === 'FILE' ? file : a)),
      env,
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
  }, 120_000)
})
