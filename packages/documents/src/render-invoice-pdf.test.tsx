import { describe, expect, test } from 'vitest'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { intlLocale } from '@quittance/i18n/locales'
import type { Locale } from '@quittance/i18n/locales'
import { renderInvoicePdf } from './render-invoice-pdf'
import { flat, isPdf, pdfText } from './testing/pdf-text'
import {
  sampleConsumerCustomer,
  sampleGermanCreditor,
  sampleInvoiceData,
  sampleInvoiceLine,
  sampleJpyInvoiceData,
} from './testing/sample-documents'
import type { InvoiceDocumentData } from './document-data'

async function invoiceText(data: InvoiceDocumentData, locale: Locale): Promise<string> {
  return pdfText(await renderInvoicePdf({ data, locale }))
}

describe('renderInvoicePdf', () => {
  test('renders a PDF that carries the invoice number as plain text', async () => {
    const bytes = await renderInvoicePdf({ data: sampleInvoiceData(), locale: 'en' })

    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(isPdf(bytes)).toBe(true)
    expect(pdfText(bytes)).toContain('FA-2025-0042')
  })

  test.each([
    { locale: 'fr', title: 'Facture', dueDate: "Date d'échéance" },
    { locale: 'en', title: 'Invoice', dueDate: 'Due date' },
    { locale: 'de', title: 'Rechnung', dueDate: 'Fällig am' },
    { locale: 'es', title: 'Factura', dueDate: 'Fecha de vencimiento' },
  ] as const)(
    'titles the invoice "$title" and shows the amount due in $locale',
    async ({ locale, ...labels }) => {
      const text = await invoiceText(sampleInvoiceData(), locale)
      const remaining = flat(formatMoney(money(126000, 'EUR'), intlLocale(locale)))

      expect(text).toContain(labels.title)
      expect(text).toContain(labels.dueDate)
      expect(text).toContain('FA-2025-0042')
      expect(text).toContain(remaining)
    },
  )

  test('prints the lines, the totals and how to pay by transfer or online', async () => {
    const text = await invoiceText(sampleInvoiceData(), 'en')

    for (const expected of [
      'Taille de haies (heures)',
      '5.5',
      '€1,550.00',
      '€310.00',
      '€1,860.00',
      '-€500.00',
      '-€100.00',
      '€1,260.00',
      'FR76 3000 6000 0112 3456 7890 189',
      'AGRIFRPPXXX',
      'QTC-FA20250042',
      'BC-7781',
      'pay online from your customer portal',
      'Page 1 / 1',
    ]) {
      expect(text).toContain(expected)
    }
  })

  test('gives a French business the 12,15 % penalty rate and the €40 recovery indemnity', async () => {
    const text = await invoiceText(sampleInvoiceData(), 'fr')

    expect(text).toContain(
      flat(
        'En cas de retard de paiement, des pénalités sont exigibles de plein droit au taux de 12,15 %, ainsi ' +
          "qu'une indemnité forfaitaire pour frais de recouvrement de 40,00 € (art. L441-10 et D441-5 du Code de commerce).",
      ),
    )
  })

  test('uses the contract penalty rate when the creditor has one, also for a public body', async () => {
    const data = sampleInvoiceData({
      creditor: { penaltyRateBasisPoints: 900 },
      customer: { kind: 'public_body' },
    })
    const text = await invoiceText(data, 'fr')

    expect(text).toContain('au taux de 9,00 %')
    expect(text).toContain('40,00 €')
  })

  test('leaves the penalty mention out of an invoice to a French consumer', async () => {
    const text = await invoiceText(sampleInvoiceData({ customer: sampleConsumerCustomer() }), 'fr')

    expect(text).not.toContain('pénalités')
    expect(text).not.toContain('indemnité forfaitaire')
    expect(text).not.toContain('L441-10')
    // The creditor's own mentions still print.
    expect(text).toContain('Escompte pour paiement anticipé : néant.')
  })

  test('tells a German consumer when default starts without a reminder (§ 286 Abs. 3 BGB)', async () => {
    const consumer = await invoiceText(
      sampleInvoiceData({
        creditor: sampleGermanCreditor(),
        customer: sampleConsumerCustomer({ country: 'DE' }),
      }),
      'de',
    )
    const business = await invoiceText(sampleInvoiceData({ creditor: sampleGermanCreditor() }), 'de')

    expect(consumer).toContain('30 Tage nach Fälligkeit und Zugang dieser Rechnung in Verzug')
    expect(consumer).toContain('§ 286 Abs. 3 BGB')
    expect(consumer).not.toContain('L441-10')
    expect(business).not.toContain('§ 286')
  })

  test.each(['en', 'fr', 'de', 'es'] as const)('prints yen without decimals in %s', async (locale) => {
    const text = await invoiceText(sampleJpyInvoiceData(), locale)
    const total = flat(formatMoney(money(186000, 'JPY'), intlLocale(locale)))

    expect(total).toMatch(/^\D*186[,.\s]000\D*$/)
    expect(text).toContain(total)
    expect(text).not.toMatch(/186[,.\s]000[,.]\d/)
  })

  test('prints Polish and Czech names that Helvetica cannot', async () => {
    const data = sampleInvoiceData({
      customer: { name: 'Łódź Wędliny sp. z o.o.', addressLines: ['Třebíčská 12'] },
    })
    const text = await invoiceText(data, 'en')

    expect(text).toContain('Łódź Wędliny sp. z o.o.')
    expect(text).toContain('Třebíčská 12')
  })

  test('numbers every page of a long invoice as "Page n / total"', async () => {
    const base = sampleInvoiceData()
    const lines = Array.from({ length: 60 }, (_, index) =>
      sampleInvoiceLine({ description: `Intervention n° ${index + 1}` }),
    )
    const text = await invoiceText({ ...base, invoice: { ...base.invoice, lines } }, 'en')
    const footers = [...text.matchAll(/Page (\d+) \/ (\d+)/g)].map((match) => [
      Number(match[1]),
      Number(match[2]),
    ])

    expect(footers.length).toBeGreaterThanOrEqual(2)
    expect(footers).toEqual(footers.map((_, index) => [index + 1, footers.length]))
    expect(text).toContain('Intervention n° 60')
    expect(text).toContain('€1,260.00')
  })
})
