import { expect, test } from '../../fixtures/test'
import { amount } from '../../support/expected'

test('An admin creates a collector, who then cannot open the settings', async ({ browser, page, staff }) => {
  const admin = await staff.create('admin')
  await staff.signIn(page, admin)
  await page.goto('/settings/users')
  const form = page.locator('section', { has: page.getByRole('heading', { name: 'Add a staff member' }) })
  const email = `new.collector.${Date.now()}@e2e.example`
  await form.getByLabel('Name').fill('Nadia Collector')
  await form.getByLabel('E-mail address').fill(email)
  await form.getByLabel('Role').selectOption('collector')
  await form.getByLabel('Language').selectOption('en')
  await form.getByLabel('Initial password').fill('collector password 2026')
  await form.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('row', { name: /Nadia Collector/ })).toBeVisible()

  const collectorContext = await browser.newContext()
  const collectorPage = await collectorContext.newPage()
  try {
    await staff.signIn(collectorPage, { id: '', email, password: 'collector password 2026', name: 'Nadia Collector', role: 'collector' })
    const settings = await collectorPage.goto('/settings')
    expect(settings?.status()).toBe(403)
    await expect(collectorPage.getByRole('heading', { name: 'Not allowed' })).toBeVisible()
    await expect(collectorPage.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Settings' })).toHaveCount(0)
  } finally {
    await collectorContext.close()
  }
})

test('A manual payment makes an invoice paid, and the debtor sees it in the portal', async ({ browser, page, staff, portal }) => {
  const debtor = await portal.createDebtor({ language: 'en', invoices: [{ dueInDays: -12, totalMinor: 45_000 }] })
  const invoice = debtor.invoices[0]!
  const collector = await staff.create('collector')
  await staff.signIn(page, collector)
  await page.goto(`/invoices/${invoice.id}`)
  await page.getByRole('link', { name: 'Record a payment' }).first().click()
  await page.getByLabel('Amount (EUR)', { exact: true }).fill('450,00')
  await page.getByLabel(`Amount for invoice ${invoice.number}`).fill('450,00')
  await page.getByRole('button', { name: 'Record the payment' }).click()
  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}/)

  const debtorContext = await browser.newContext({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' })
  const debtorPage = await debtorContext.newPage()
  try {
    await debtorPage.goto(await debtor.link())
    await expect(debtorPage.getByText('You have nothing left to pay. Thank you!')).toBeVisible()
    await debtorPage.getByRole('link', { name: 'History' }).click()
    const paidRow = debtorPage.getByRole('row', { name: new RegExp(invoice.number) })
    await expect(paidRow.first()).toBeVisible()
    await expect(debtorPage.getByText(amount('en-GB', 'EUR', 45_000)).first()).toBeVisible()
  } finally {
    await debtorContext.close()
  }
})
