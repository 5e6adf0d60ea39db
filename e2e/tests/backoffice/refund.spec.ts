import { expect, test } from '../../fixtures/test'
import { amount } from '../../support/expected'

test('A credit manager refunds part of a payment made in the portal; the debtor owes that part again', async ({ browser, page, staff, portal }) => {
  const debtor = await portal.createDebtor({ language: 'en', invoices: [{ dueInDays: -5, totalMinor: 8_000 }] })
  const invoice = debtor.invoices[0]!
  const eur = (minor: number) => amount('en-GB', 'EUR', minor)

  // The debtor pays the invoice with the built-in sandbox checkout.
  const debtorContext = await browser.newContext({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' })
  const debtorPage = await debtorContext.newPage()
  try {
    await debtorPage.goto(await debtor.link())
    await debtorPage.getByRole('checkbox', { name: `Select invoice ${invoice.number}` }).check()
    await debtorPage.getByRole('button', { name: 'Pay selected invoices' }).click()
    await debtorPage.getByLabel(/Sandbox checkout/).check()
    await debtorPage.getByRole('button', { name: 'Pay EUR' }).click()
    await debtorPage.getByRole('button', { name: 'Pay', exact: true }).click()
    await expect(debtorPage.getByTestId('attempt-status')).toContainText('Payment received')

    // A credit manager opens the payment from the invoice and refunds 30.00 of it.
    const manager = await staff.create('credit_manager')
    await staff.signIn(page, manager)
    await page.goto(`/invoices/${invoice.id}`)
    await page.locator('a[href^="/payments/"]:not([href^="/payments/new"])').first().click()
    // The payment page says which invoice it paid.
    const lettered = page.getByRole('table', { name: 'Allocated to' }).getByRole('row', { name: new RegExp(invoice.number) })
    await expect(lettered).toContainText(eur(8_000))
    const refund = page.locator('form', { has: page.getByRole('heading', { name: 'Refund' }) })
    await expect(refund.getByLabel('Amount to refund (EUR)')).toHaveValue('80.00')
    await refund.getByLabel('Amount to refund (EUR)').fill('90')
    await refund.getByRole('button', { name: 'Refund' }).click()
    await expect(page.getByText(`At most ${eur(8_000)} can still be refunded.`)).toBeVisible()
    await refund.getByLabel('Amount to refund (EUR)').fill('30.00')
    await refund.getByRole('button', { name: 'Refund' }).click()
    await expect(page.getByText('Refund made: the money is on its way back to the customer.')).toBeVisible()
    const row = page.getByRole('table', { name: 'Refunds and chargebacks' }).getByRole('row', { name: /Refund/ })
    await expect(row).toContainText('Done')
    await expect(row).toContainText(eur(3_000))

    // The part refunded is owed again in the portal.
    await debtorPage.goto(await debtor.link())
    await expect(debtorPage.getByRole('row', { name: new RegExp(invoice.number) }).first()).toContainText(eur(3_000))
  } finally {
    await debtorContext.close()
  }
})
