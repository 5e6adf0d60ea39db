import { expect, test } from '../../fixtures/test'
import { readDownloadedPdf } from '../../support/pdf-text'

test('Debtor downloads an invoice PDF whose text contains the invoice number', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({
    name: 'Boulangerie Lefèvre et Fils',
    invoices: [
      {
        dueInDays: -12,
        lines: [
          {
            description: 'Maintenance four à sole',
            quantityMilli: 1000,
            unitPriceMinor: 48_000,
            taxRateBasisPoints: 2000,
          },
          {
            description: 'Pièces détachées pétrin',
            quantityMilli: 3000,
            unitPriceMinor: 12_550,
            taxRateBasisPoints: 2000,
          },
        ],
      },
      { dueInDays: 15, totalMinor: 20_000 },
    ],
  })
  const [invoice, other] = debtor.invoices
  await page.goto(await debtor.link())

  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: `Télécharger la facture ${invoice!.number} (PDF)` }).click()
  const pdf = await readDownloadedPdf(await downloading)

  expect(pdf.magic).toBe('%PDF-')
  expect(pdf.filename).toBe(`${invoice!.number}.pdf`)
  expect(pdf.text).toContain(invoice!.number)
  expect(pdf.text).toContain(debtor.customerName)
  expect(pdf.text).toContain('Maintenance four à sole')
  expect(pdf.text).not.toContain(other!.number)

  // The same document from the invoice's own page.
  await page.getByRole('link', { name: invoice!.number, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Facture ${invoice!.number}` })).toBeVisible()
  const again = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Télécharger la facture (PDF)' }).click()
  expect((await readDownloadedPdf(await again)).text).toContain(invoice!.number)
})

test('Debtor downloads an account statement listing the open invoices', async ({ page, portal }) => {
  const debtor = await portal.createDebtor({
    invoices: [
      { dueInDays: -30, totalMinor: 90_000 },
      { dueInDays: 20, totalMinor: 15_000 },
      { dueInDays: -60, totalMinor: 10_000, paidMinor: 10_000 },
    ],
  })
  const [late, notDue, paid] = debtor.invoices
  await page.goto(await debtor.link())

  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Relevé de compte (PDF)' }).click()
  const pdf = await readDownloadedPdf(await downloading)

  expect(pdf.magic).toBe('%PDF-')
  expect(pdf.filename).toMatch(/^statement-CUST-[\w-]+-\d{4}-\d{2}-\d{2}\.pdf$/)
  expect(pdf.text).toContain(debtor.customerName)
  expect(pdf.text).toContain(late!.number)
  expect(pdf.text).toContain(notDue!.number)
  expect(pdf.text).not.toContain(paid!.number)
})
