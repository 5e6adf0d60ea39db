import { setEntityPortalPolicy } from '@quittance/db/seed/factories-payments'
import { expect, test, type Page } from '../../fixtures/test'
import { amount } from '../../support/expected'
import { readDownloadedPdf } from '../../support/pdf-text'

// Online payments through the portal, against the fake Stripe and Mollie servers the web server starts: their
// hosted pages have Pay / Fail buttons and deliver webhooks to the portal after a short delay, as the real ones do.

// The fake Mollie serves its hosted page over https with a certificate made at start: the browser may accept it.
test.use({ ignoreHTTPSErrors: true })

const eur = (minor: number) => amount('fr-FR', 'EUR', minor)
const gbp = (minor: number) => amount('fr-FR', 'GBP', minor)

async function selectAndGoToPay(page: Page, numbers: string[]) {
  for (const number of numbers) await page.getByRole('checkbox', { name: `Sélectionner la facture ${number}` }).check()
  await page.getByRole('button', { name: 'Payer les factures sélectionnées' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Payer en ligne' })).toBeVisible()
}

test('Debtor pays two EUR invoices through the Stripe checkout and sees them paid once the webhook confirms', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({
    invoices: [
      { dueInDays: -12, totalMinor: 120_000 },
      { dueInDays: 8, totalMinor: 30_550 },
      { dueInDays: 20, totalMinor: 9_900 },
    ],
  })
  const [first, second, untouched] = debtor.invoices
  await page.goto(await debtor.link())
  await selectAndGoToPay(page, [first!.number, second!.number])

  await expect(page.getByTestId('pay-total-EUR')).toHaveText(eur(150_550))
  await page.getByLabel('Carte ou prélèvement SEPA (Stripe)').check()
  await page.getByRole('button', { name: 'Payer en EUR' }).click()

  // Stripe's hosted page (the fake): a redirect, no provider script on our pages.
  await expect(page.getByRole('heading', { name: 'Fake Stripe Checkout (test server)' })).toBeVisible()
  await expect(page.getByTestId('amount')).toHaveText('1505.50 EUR')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()

  // Back on the portal before the webhook: processing, and nothing is marked paid yet.
  await expect(page).toHaveURL(/\/fr\/payments\/[0-9a-f-]{36}$/)
  const status = page.getByTestId('attempt-status')
  await expect(status).toContainText('Paiement en cours de traitement')
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(1)

  // The page refreshes itself until the webhook has been applied.
  await expect(status).toContainText('Paiement reçu', { timeout: 15_000 })
  await expect(page.getByTestId(`attempt-invoice-${first!.number}`)).toContainText('Payée')
  await expect(page.getByTestId(`attempt-invoice-${second!.number}`)).toContainText(eur(0))

  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Télécharger le reçu (PDF)' }).click()
  const receipt = await readDownloadedPdf(await download)
  expect(receipt.magic).toBe('%PDF-')
  expect(receipt.text).toContain('Reçu de paiement')
  expect(receipt.text).toContain(first!.number)

  // The invoice list now shows only the untouched invoice; the payment is in the history.
  await page.goto('/fr/invoices')
  await expect(page.getByRole('link', { name: first!.number, exact: true })).toHaveCount(0)
  await expect(page.getByRole('link', { name: untouched!.number, exact: true })).toBeVisible()
  await page.goto('/fr/history')
  await expect(page.getByRole('table').first()).toContainText(eur(150_550))
  await expect(page.getByRole('link', { name: 'Reçu', exact: true })).toHaveAttribute('href', /\/fr\/payments\/[0-9a-f-]{36}\/receipt\.pdf$/)
})

test('Debtor pays a GBP invoice through the Mollie checkout', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -3, currency: 'GBP', totalMinor: 70_000 }] })
  const [invoice] = debtor.invoices
  await page.goto(await debtor.link())
  await selectAndGoToPay(page, [invoice!.number])

  await expect(page.getByTestId('pay-total-GBP')).toHaveText(gbp(70_000))
  // No GBP bank account: no transfer offered for this currency.
  await expect(page.getByLabel('Virement bancaire')).toHaveCount(0)
  await page.getByLabel('Carte, iDEAL, Bancontact… (Mollie)').check()
  await page.getByRole('button', { name: 'Payer en GBP' }).click()

  await expect(page.getByRole('heading', { name: 'Fake Mollie checkout (test server)' })).toBeVisible()
  await expect(page.getByText('700.00 GBP')).toBeVisible()
  await page.getByRole('button', { name: 'Pay', exact: true }).click()

  await expect(page.getByTestId('attempt-status')).toContainText('Paiement reçu', { timeout: 15_000 })
  await expect(page.getByTestId(`attempt-invoice-${invoice!.number}`)).toContainText('Payée')
})

test('Debtor pays a part of an invoice and sees it partly paid', async ({ page, portal, db }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: 15, totalMinor: 100_000 }] })
  await setEntityPortalPolicy(db, debtor.entityId, { allowPartialPayments: true })
  const [invoice] = debtor.invoices
  await page.goto(await debtor.link())
  await selectAndGoToPay(page, [invoice!.number])

  // More than is due is refused next to the field, and nothing starts.
  await page.getByLabel('Montant à payer maintenant').fill('1 000,01')
  await page.getByLabel('Carte ou prélèvement SEPA (Stripe)').check()
  await page.getByRole('button', { name: 'Payer en EUR' }).click()
  await expect(page.getByRole('alert')).toHaveText(`Le montant dépasse ce qui reste à payer (${eur(100_000)}).`)

  await page.getByLabel('Montant à payer maintenant').fill('250,00')
  await page.getByLabel('Carte ou prélèvement SEPA (Stripe)').check()
  await page.getByRole('button', { name: 'Payer en EUR' }).click()
  await expect(page.getByTestId('amount')).toHaveText('250.00 EUR')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()

  await expect(page.getByTestId('attempt-status')).toContainText('Paiement reçu', { timeout: 15_000 })
  const row = page.getByTestId(`attempt-invoice-${invoice!.number}`)
  await expect(row).toContainText(eur(75_000))
  await expect(row).toContainText('Partiellement payée')
})

test('Debtor chooses a bank transfer and gets the IBAN, a structured reference and an EPC QR code', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -30, totalMinor: 45_678 }] })
  await page.goto(await debtor.link())
  await page.getByRole('link', { name: 'Payer toutes les factures en retard' }).click()
  await expect(page.getByTestId('pay-total-EUR')).toHaveText(eur(45_678))
  // The pay flow is forms and redirects: the page ships no JavaScript at all.
  await expect(page.locator('script')).toHaveCount(0)
  await page.getByLabel('Virement bancaire').check()
  await page.getByRole('button', { name: 'Payer en EUR' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Payer par virement' })).toBeVisible()
  await expect(page.getByTestId('transfer-iban')).toHaveText('FR76 3000 6000 0112 3456 7890 189')
  await expect(page.getByTestId('transfer-reference')).toHaveText(/^RF\d{2}( [A-Z0-9]{1,4})+$/)
  await expect(page.getByTestId('transfer-amount')).toHaveText(eur(45_678))
  const qr = page.getByRole('img', { name: /QR code EPC/ })
  await expect(qr).toBeVisible()
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
})

test('Debtor tries the built-in sandbox: a failed payment changes nothing and can be tried again', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({ invoices: [{ dueInDays: -1, totalMinor: 5_000 }] })
  const [invoice] = debtor.invoices
  await page.goto(await debtor.link())
  await selectAndGoToPay(page, [invoice!.number])
  await page.getByLabel('Paiement bac à sable (test, sans argent réel)').check()
  await page.getByRole('button', { name: 'Payer en EUR' }).click()
  await expect(page.getByRole('note')).toContainText('Aucun argent ne circule')
  await page.getByRole('button', { name: 'Échouer' }).click()
  await expect(page.getByTestId('attempt-status')).toContainText('Paiement non abouti')
  await expect(page.getByTestId(`attempt-invoice-${invoice!.number}`)).toContainText(eur(5_000))
  await page.getByRole('link', { name: 'Réessayer' }).click()
  await page.getByLabel('Paiement bac à sable (test, sans argent réel)').check()
  await page.getByRole('button', { name: 'Payer en EUR' }).click()
  await page.getByRole('button', { name: 'Payer', exact: true }).click()
  await expect(page.getByTestId('attempt-status')).toContainText('Paiement reçu')
})
