import { describe, expect, test } from 'vitest'
import type { Locale } from '@quittance/i18n/locales'
import { renderStatementPdf } from './render-statement-pdf'
import { isPdf, pdfText } from './testing/pdf-text'
import {
  sampleProfessionalCustomer,
  sampleStatementData,
  sampleStatementInvoiceRow,
} from './testing/sample-documents'
import type { StatementDocumentData } from './document-data'

async function statementText(data: StatementDocumentData, locale: Locale): Promise<string> {
  return pdfText(await renderStatementPdf({ data, locale }))
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1
}

describe('renderStatementPdf', () => {
  test('renders a PDF with the date, the customer and every open invoice', async () => {
    const bytes = await renderStatementPdf({ data: sampleStatementData(), locale: 'en' })
    const text = pdfText(bytes)

    expect(isPdf(bytes)).toBe(true)
    expect(text).toContain('Account statement')
    expect(text).toContain('As of 1 Nov 2025')
    expect(text).toContain('Boulangerie Martin SARL')
    for (const number of ['FA-2025-0042', 'FA-2025-0051', 'US-2025-0003']) expect(text).toContain(number)
  })

  test.each([
    { locale: 'fr', title: 'Relevé de compte' },
    { locale: 'en', title: 'Account statement' },
    { locale: 'de', title: 'Kontoauszug' },
    { locale: 'es', title: 'Extracto de cuenta' },
  ] as const)('titles the statement "$title" in $locale', async ({ locale, title }) => {
    expect(await statementText(sampleStatementData(), locale)).toContain(title)
  })

  test('totals EUR and USD invoices separately and never adds them together', async () => {
    const text = await statementText(sampleStatementData(), 'en')

    expect(text).toContain('Invoices in EUR')
    expect(text).toContain('Invoices in USD')
    expect(text).toContain('Total outstanding in EUR €2,310.00 €600.00 €1,710.00')
    expect(text).toContain('Total outstanding in USD US$2,000.00 US$0.00 US$2,000.00')
    expect(occurrences(text, 'Total outstanding')).toBe(2)
    // €1,710.00 + $2,000.00 (and the invoiced amounts) would only appear if the currencies were mixed.
    expect(text).not.toContain('3,710.00')
    expect(text).not.toContain('4,310.00')
  })

  test('shows days late only for overdue invoices', async () => {
    const text = await statementText(sampleStatementData(), 'en')

    expect(text).toContain('FA-2025-0042 15 Sept 2025 15 Oct 2025 €1,860.00 €600.00 €1,260.00 17')
    expect(text).toContain('FA-2025-0051 10 Oct 2025 9 Nov 2025 €450.00 €0.00 €450.00 –')
  })

  test('lists recent payments with their method and the ways to pay', async () => {
    const text = await statementText(sampleStatementData(), 'en')

    expect(text).toContain('Recent payments')
    expect(text).toContain('20 Oct 2025 VIR-88213 Bank transfer €500.00')
    expect(text).toContain('Card €100.00')
    expect(text).toContain('IBAN FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPPXXX)')
    expect(text).toContain('pay online from your customer portal')
    expect(text).toContain('Page 1 / 1')
  })

  test('prints yen without decimals, in the rows and in the subtotal', async () => {
    const data = sampleStatementData({
      openInvoices: [
        sampleStatementInvoiceRow({
          number: 'JP-7',
          currency: 'JPY',
          totalMinor: 186000,
          settledMinor: 0,
          remainingMinor: 186000,
          daysLate: 45,
        }),
      ],
    })
    const text = await statementText(data, 'en')

    expect(text).toContain('JP-7 15 Sept 2025 15 Oct 2025 JP¥186,000 JP¥0 JP¥186,000 45')
    expect(text).toContain('Total outstanding in JPY JP¥186,000 JP¥0 JP¥186,000')
    expect(text).not.toMatch(/186,000\.\d/)
  })

  test('says so when nothing is open or recently paid', async () => {
    const text = await statementText(sampleStatementData({ openInvoices: [], recentPayments: [] }), 'fr')

    expect(text).toContain('Aucune facture en attente de règlement.')
    expect(text).toContain('Aucun règlement reçu récemment.')
    expect(text).not.toContain('Total restant dû')
  })

  test('prints a customer name with Polish letters', async () => {
    const data = sampleStatementData({
      customer: sampleProfessionalCustomer({ name: 'Łódź Wędliny sp. z o.o.' }),
    })

    expect(await statementText(data, 'en')).toContain('Łódź Wędliny sp. z o.o.')
  })
})
