import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { findExistingKeys } from '@quittance/db/repositories/imports'
import { createCustomer } from '@quittance/db/seed/factories'
import { expect, test } from '../../fixtures/test'

test('A CSV with errors shows the report and imports the valid rows', async ({ page, staff, portal, db }) => {
  const debtor = await portal.createDebtor({ language: 'en' })
  const stamp = randomUUID().slice(0, 8)
  const customerRef = `IMP-CUST-${stamp}`
  await createCustomer(db, { entityId: debtor.entityId, externalRef: customerRef, name: `Imprimerie ${stamp}` })
  const number = (n: number) => `IMP-${stamp}-${n}`
  const csv = [
    'Invoice number;Customer reference;Issue date;Due date;Currency;Total',
    `${number(1)};${customerRef};2026-01-10;2026-02-09;EUR;120,00`,
    `${number(2)};${customerRef};30/02/2026;2026-03-30;EUR;80,00`,
    `${number(3)};${customerRef};2026-01-12;2026-02-11;EUR;-50,00`,
    `${number(4)};NOBODY-${stamp};2026-01-13;2026-02-12;EUR;75,00`,
    `${number(5)};${customerRef};2026-01-14;2026-02-13;EUR;1 234,56`,
    '',
  ].join('\r\n')

  const admin = await staff.create('admin')
  await staff.signIn(page, admin)
  await page.goto('/imports/new')
  await page.getByLabel('Creditor entity').selectOption(debtor.entityId)
  await page.getByLabel('What the file contains').selectOption('invoices')
  await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'invoices-with-errors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
  await page.getByRole('button', { name: 'Upload and map the columns' }).click()

  // Mapping: the suggested one finds every column.
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}\/mapping/)
  await page.getByRole('button', { name: 'Check the rows' }).click()

  // Preview: each bad row with its reason.
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}\/preview/)
  const preview = page.getByRole('table')
  await expect(preview.getByRole('row', { name: /^3 / })).toContainText('Not a valid date')
  await expect(preview.getByRole('row', { name: /^4 / })).toContainText('The amount cannot be negative')
  await page.getByLabel('Import the valid rows').check()
  await page.getByRole('button', { name: 'Start the import' }).click()

  // The job runs in the back office's worker; the page follows it.
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/)
  await expect(page.getByText('Import finished: 5 rows read.')).toBeVisible({ timeout: 20_000 })
  const counters = page.locator('dl.imp-counters')
  await expect(counters.locator('div', { hasText: 'Added or updated' }).locator('dd')).toHaveText('2')
  await expect(counters.locator('div', { hasText: 'Rejected' }).locator('dd')).toHaveText('3')

  const report = page.getByRole('table')
  const rowOf = (line: number) => report.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(line), exact: true }) })
  await expect(rowOf(3)).toContainText('Issue date')
  await expect(rowOf(3)).toContainText('Not a valid date')
  await expect(rowOf(4)).toContainText('Total')
  await expect(rowOf(4)).toContainText('The amount cannot be negative')
  await expect(rowOf(5)).toContainText('Customer reference')
  await expect(rowOf(5)).toContainText('No customer has this reference')
  await expect(rowOf(2)).toHaveCount(0)
  await expect(rowOf(6)).toHaveCount(0)

  // The report downloads as CSV, with the same problems.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report (CSV)' }).click()])
  const text = await readFile((await download.path())!, 'utf8')
  expect(text).toContain('Not a valid date')
  expect(text).toContain('negative')
  expect(text).toContain(`NOBODY-${stamp}`)
  expect(text.trim().split(/\r?\n/)).toHaveLength(4)

  // Only the valid invoices exist.
  const existing = await findExistingKeys(db, { entityId: debtor.entityId, kind: 'invoices', keys: [1, 2, 3, 4, 5].map(number) })
  expect([...existing].sort()).toEqual([number(1), number(5)])
})
