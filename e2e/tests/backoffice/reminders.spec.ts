import { expect, test } from '../../fixtures/test'
import { e2eSettings } from '../../support/settings'

// PRODUCT.md B5/B6 end to end: a credit manager builds a three-step scenario, previews who gets what tomorrow, runs
// the engine, and the debtor's e-mail (in the outbox, the embedded default channel) carries a link that opens the
// portal. The back office's own job runner plans and sends.
test('A credit manager builds a three-step scenario, previews tomorrow, runs it, and the debtor’s e-mail link opens the portal', async ({
  page,
  browser,
  portal,
  staff,
}) => {
  test.setTimeout(180_000)
  const debtor = await portal.createDebtor({ language: 'en', invoices: [{ dueInDays: -3, totalMinor: 45_000 }] })
  const invoiceNumber = debtor.invoices[0]!.number
  const manager = await staff.create('credit_manager')
  await staff.signIn(page, manager)

  // The entity is new: it gets the shipped scenarios, and a new one is copied from the English one.
  await page.goto(`/reminders?entity=${debtor.entityId}`)
  await page.getByRole('button', { name: 'Install the default scenarios' }).click()
  await expect(page.getByRole('status')).toContainText('default scenarios are installed')
  await page.getByRole('link', { name: 'New scenario' }).click()
  await page.getByLabel('Name').fill('Three steps')
  await page.getByLabel('Start from').selectOption({ label: 'Standard B2B reminders' })
  await page.getByRole('button', { name: 'Create and edit' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Three steps')

  // Keep three steps (D-3, D+1, D+7), open the window at every hour of every day, and push the last step to D+14.
  for (;;) {
    const count = Number(await page.locator('input[name="stepCount"]').inputValue())
    if (count <= 3) break
    await page.locator(`button[name="intent"][value="remove-step:${count - 1}"]`).click()
    await expect(page.locator('input[name="stepCount"]')).toHaveValue(String(count - 1))
  }
  for (const day of ['Saturday', 'Sunday']) await page.getByRole('checkbox', { name: day, exact: true }).check()
  await page.locator('#f-startHour').fill('0')
  await page.locator('#f-endHour').fill('24')
  await page.locator('#f-holidays').selectOption('none')
  await page.locator('#f-steps-2-offsetDays').fill('14')
  await page.getByRole('button', { name: 'Preview' }).first().click()
  await expect(page.locator('.preview').first()).toContainText('Société Française de Distribution Industrielle')
  await page.getByRole('button', { name: /Publish as version 2/ }).click()
  await expect(page.getByRole('status')).toContainText('Version 2 is published')
  await expect(page.locator('input[name="stepCount"]')).toHaveValue('3')

  // It becomes the entity's default scenario.
  await page.goto(`/reminders?entity=${debtor.entityId}`)
  await page.getByLabel('Default scenario').selectOption({ label: 'Three steps' })
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('settings are saved')

  // Tomorrow the D+1 step is due (caught up a few days late): the dry run shows the debtor, and writes nothing.
  await page.getByRole('link', { name: 'Who gets what tomorrow' }).click()
  const preview = page.getByRole('row', { name: new RegExp(debtor.customerName) })
  await expect(preview).toContainText('E-mail')
  await expect(preview).toContainText('€450.00')

  // Run now: the back office's job runner plans today and sends the e-mail (to the outbox).
  await page.goto(`/reminders?entity=${debtor.entityId}`)
  await page.getByRole('button', { name: 'Run now' }).click()
  await expect(page.getByRole('status')).toContainText('run is queued')
  await expect(async () => {
    await page.goto(`/reminders/actions?customer=${encodeURIComponent(debtor.customerName)}`)
    await expect(page.getByRole('row', { name: new RegExp(invoiceNumber) })).toContainText('Sent', { timeout: 1_000 })
  }).toPass({ timeout: 90_000, intervals: [1_000, 2_000] })

  // The customer's page lists it too, with its channel and delivery state; the invoice links to its timeline.
  await page.goto(`/customers/${debtor.customerId}`)
  const sentSection = page.getByRole('region', { name: 'Reminders sent' })
  await expect(sentSection.getByRole('row', { name: new RegExp(invoiceNumber) })).toContainText('E-mail')
  await expect(sentSection.getByRole('row', { name: new RegExp(invoiceNumber) })).toContainText('Sent')
  await page.goto(`/reminders/actions?customer=${encodeURIComponent(debtor.customerName)}`)

  // The message: in English, listing the invoice, with a fresh portal link that opens the debtor's invoices.
  await page.getByRole('link', { name: 'Message' }).first().click()
  await expect(page).toHaveURL(/\/outbox\//)
  await expect(page.getByRole('heading', { name: 'Message', level: 2 })).toBeVisible()
  const body = (await page.locator('body').textContent()) ?? ''
  expect(body).toContain(invoiceNumber)
  const link = /https?:\/\/[^\s"]+\/en\/a\/[A-Za-z0-9_-]{43}/.exec(body)?.[0]
  expect(link, body.slice(0, 300)).toMatch(new RegExp(`^${e2eSettings().portalUrl}/en/a/`))
  const debtorContext = await browser.newContext({ locale: 'en-GB' })
  try {
    const debtorPage = await debtorContext.newPage()
    await debtorPage.goto(link!)
    await expect(debtorPage).toHaveURL(/\/en\/invoices/)
    await expect(debtorPage.getByText(invoiceNumber)).toBeVisible()
  } finally {
    await debtorContext.close()
  }
})
