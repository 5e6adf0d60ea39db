import { expect, test } from '../../fixtures/test'
import { amount } from '../../support/expected'
import { readDownloadedPdf } from '../../support/pdf-text'

test.use({ javaScriptEnabled: false })

test('Without JavaScript a debtor sees, filters, opens and downloads invoices and switches language', async ({
  page,
  portal,
}) => {
  const debtor = await portal.createDebtor({
    invoices: [
      { dueInDays: -15, totalMinor: 80_000 },
      { dueInDays: 25, totalMinor: 12_345 },
    ],
  })
  const [late, notDue] = debtor.invoices

  await page.goto(await debtor.link())
  await expect(page).toHaveURL(/\/fr\/invoices$/)
  const eurTable = page.getByRole('table', { name: 'Factures ouvertes en EUR' })
  await expect(eurTable.getByRole('rowheader')).toHaveText([late!.number, notDue!.number])
  await expect(page.getByTestId('total-remaining-EUR')).toHaveText(amount('fr-FR', 'EUR', 92_345))

  // The filter is a plain GET form.
  await page.getByLabel('Afficher').selectOption('not_due')
  await page.getByRole('button', { name: 'Appliquer' }).click()
  await expect(page).toHaveURL(/\/fr\/invoices\?filter=not_due&sort=due_asc$/)
  await expect(eurTable.getByRole('rowheader')).toHaveText([notDue!.number])

  // The invoice's own page.
  await eurTable.getByRole('link', { name: notDue!.number, exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/fr/invoices/${notDue!.id}$`))
  await expect(page.getByRole('heading', { level: 1, name: `Facture ${notDue!.number}` })).toBeVisible()
  await expect(page.getByText('À payer', { exact: true })).toBeVisible()

  // A download is a plain link.
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Télécharger la facture (PDF)' }).click()
  expect((await readDownloadedPdf(await downloading)).text).toContain(notDue!.number)

  // The language links keep the page.
  await page.getByRole('link', { name: 'English' }).click()
  await expect(page).toHaveURL(new RegExp(`/en/invoices/${notDue!.id}$`))
  await expect(page.getByRole('heading', { level: 1, name: `Invoice ${notDue!.number}` })).toBeVisible()
  await page.getByRole('link', { name: /Back to my invoices/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My invoices' })).toBeVisible()
  await expect(page.getByTestId('total-remaining-EUR')).toHaveText(amount('en-GB', 'EUR', 92_345))

  // Signing out is a plain POST form too.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/en\/login$/)
  await page.goto('/en/invoices')
  await expect(page).toHaveURL(/\/en\/login\?reason=session$/)
})
