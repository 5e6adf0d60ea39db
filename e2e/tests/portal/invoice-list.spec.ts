import { expect, test, type PortalHelpers } from '../../fixtures/test'
import { amount } from '../../support/expected'

const eur = (minor: number) => amount('fr-FR', 'EUR', minor)
const gbp = (minor: number) => amount('fr-FR', 'GBP', minor)

// Two open EUR invoices (one 20 days late, one not yet due and partly paid), one GBP invoice 5 days late, and one
// EUR invoice paid in full.
async function debtorWithMixedInvoices(createDebtor: PortalHelpers['createDebtor']) {
  const debtor = await createDebtor({
    language: 'fr',
    invoices: [
      { dueInDays: -20, totalMinor: 120_000 },
      { dueInDays: 10, totalMinor: 50_000, paidMinor: 20_000 },
      { dueInDays: -5, currency: 'GBP', totalMinor: 75_000 },
      { dueInDays: -40, totalMinor: 30_000, paidMinor: 30_000 },
    ],
  })
  const [overdue, partlyPaid, pounds, paid] = debtor.invoices
  return { debtor, overdue: overdue!, partlyPaid: partlyPaid!, pounds: pounds!, paid: paid! }
}

test('Debtor opens a reminder link and sees open invoices grouped by currency with totals', async ({
  page,
  portal,
}) => {
  const { debtor, overdue, partlyPaid, pounds, paid } = await debtorWithMixedInvoices(portal.createDebtor)
  const link = await debtor.link()
  const token = link.split('/').pop()!

  await page.goto(link)

  await expect(page).toHaveURL(/\/fr\/invoices$/)
  expect(page.url()).not.toContain(token)
  await expect(page.getByRole('heading', { level: 1, name: 'Mes factures' })).toBeVisible()
  await expect(page.getByText(`Compte de ${debtor.customerName}`)).toBeVisible()

  // Totals per currency, never added together.
  const totals = {
    'total-remaining-EUR': eur(120_000 + 30_000),
    'total-overdue-EUR': eur(120_000),
    'total-due-EUR': eur(30_000),
    'total-remaining-GBP': gbp(75_000),
    'total-overdue-GBP': gbp(75_000),
    'total-due-GBP': gbp(0),
  }
  for (const [testId, expected] of Object.entries(totals)) {
    await expect(page.getByTestId(testId)).toHaveText(expected)
    expect(await page.getByTestId(testId).textContent(), testId).toBe(expected)
  }
  await expect(
    page.getByRole('article', { name: 'Totaux en EUR' }).getByText('En retard (1 facture)'),
  ).toBeVisible()

  // One table per currency.
  await expect(page.getByRole('heading', { level: 2, name: 'Factures en EUR' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Factures en GBP' })).toBeVisible()
  const eurTable = page.getByRole('table', { name: 'Factures ouvertes en EUR' })
  const gbpTable = page.getByRole('table', { name: 'Factures ouvertes en GBP' })
  await expect(eurTable.getByRole('rowheader')).toHaveText([overdue.number, partlyPaid.number])
  await expect(gbpTable.getByRole('rowheader')).toHaveText([pounds.number])

  const row = (table: typeof eurTable, number: string) =>
    table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: number }) })
  const overdueRow = row(eurTable, overdue.number)
  await expect(overdueRow.locator('[data-label="Jours de retard"]')).toHaveText('20')
  await expect(overdueRow.locator('[data-label="Reste à payer"]')).toHaveText(eur(120_000))
  await expect(overdueRow.getByText('En retard', { exact: true })).toBeVisible()

  const partlyPaidRow = row(eurTable, partlyPaid.number)
  await expect(partlyPaidRow.locator('[data-label="Jours de retard"]')).toHaveText('—')
  await expect(partlyPaidRow.locator('[data-label="Réglé"]')).toHaveText(eur(20_000))
  await expect(partlyPaidRow.locator('[data-label="Reste à payer"]')).toHaveText(eur(30_000))
  await expect(partlyPaidRow.getByText('Partiellement payée', { exact: true })).toBeVisible()

  const poundsRow = row(gbpTable, pounds.number)
  await expect(poundsRow.locator('[data-label="Jours de retard"]')).toHaveText('5')
  await expect(poundsRow.getByText('En retard', { exact: true })).toBeVisible()

  // The paid invoice is not in the open list, but in the history with its payment.
  await expect(page.getByRole('rowheader', { name: paid.number })).toHaveCount(0)
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Historique' })
    .click()
  await expect(page).toHaveURL(/\/fr\/history$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Historique' })).toBeVisible()
  await expect(page.getByRole('rowheader', { name: paid.number })).toBeVisible()
  await expect(page.getByRole('rowheader', { name: overdue.number })).toHaveCount(0)
  const payments = page.getByRole('region', { name: 'Paiements reçus' })
  await expect(payments.getByRole('row').filter({ hasText: paid.number })).toContainText(eur(30_000))
})

test('Debtor filters to overdue invoices and sorts by amount', async ({ page, portal }) => {
  const { debtor, overdue, partlyPaid, pounds } = await debtorWithMixedInvoices(portal.createDebtor)
  await page.goto(await debtor.link())
  const eurTable = page.getByRole('table', { name: 'Factures ouvertes en EUR' })
  await expect(eurTable.getByRole('rowheader')).toHaveText([overdue.number, partlyPaid.number])

  await page.getByLabel('Afficher').selectOption({ label: 'En retard uniquement' })
  await page.getByRole('button', { name: 'Appliquer' }).click()
  await expect(page).toHaveURL(/[?&]filter=overdue(&|$)/)
  await expect(page.getByLabel('Afficher')).toHaveValue('overdue')
  await expect(eurTable.getByRole('rowheader')).toHaveText([overdue.number])
  await expect(
    page.getByRole('table', { name: 'Factures ouvertes en GBP' }).getByRole('rowheader'),
  ).toHaveText([pounds.number])
  // The totals still describe the whole account, whatever the filter.
  await expect(page.getByTestId('total-remaining-EUR')).toHaveText(eur(150_000))

  await page.getByLabel('Afficher').selectOption({ label: 'Toutes les factures ouvertes' })
  await page.getByLabel('Trier par').selectOption({ label: "Reste à payer, le plus faible d'abord" })
  await page.getByRole('button', { name: 'Appliquer' }).click()
  await expect(page).toHaveURL(/[?&]sort=amount_asc(&|$)/)
  await expect(eurTable.getByRole('rowheader')).toHaveText([partlyPaid.number, overdue.number])

  await page.getByLabel('Trier par').selectOption({ label: "Reste à payer, le plus élevé d'abord" })
  await page.getByRole('button', { name: 'Appliquer' }).click()
  await expect(page).toHaveURL(/[?&]sort=amount_desc(&|$)/)
  await expect(eurTable.getByRole('rowheader')).toHaveText([overdue.number, partlyPaid.number])

  await page.getByLabel('Afficher').selectOption({ label: 'Pas encore échues' })
  await page.getByRole('button', { name: 'Appliquer' }).click()
  await expect(eurTable.getByRole('rowheader')).toHaveText([partlyPaid.number])
  await expect(page.getByRole('table', { name: 'Factures ouvertes en GBP' })).toHaveCount(0)
})

test('Debtor switches to German', async ({ page, portal }) => {
  const { debtor, overdue } = await debtorWithMixedInvoices(portal.createDebtor)
  await page.goto(await debtor.link())
  await expect(page.getByRole('heading', { level: 1, name: 'Mes factures' })).toBeVisible()

  await page.getByRole('navigation', { name: 'Langue' }).getByRole('link', { name: 'Deutsch' }).click()

  await expect(page).toHaveURL(/\/de\/invoices$/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Rechnungen' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Anwenden' })).toBeVisible()
  const remaining = page.getByTestId('total-remaining-EUR')
  await expect(remaining).toHaveText(amount('de-DE', 'EUR', 150_000))
  expect(await remaining.textContent()).toBe(amount('de-DE', 'EUR', 150_000))
  expect(await page.getByTestId('total-remaining-GBP').textContent()).toBe(amount('de-DE', 'GBP', 75_000))
  await expect(page.getByRole('rowheader', { name: overdue.number })).toBeVisible()
  await expect(page.getByText('Überfällig', { exact: true }).first()).toBeVisible()
  // The current language is shown, not linked.
  await expect(
    page.getByRole('navigation', { name: 'Sprache' }).getByRole('link', { name: 'Deutsch' }),
  ).toHaveCount(0)
})
