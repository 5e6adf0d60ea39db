import { describe, expect, test } from 'vitest'
import { renderReceiptPdf, type ReceiptDocumentData } from './render-receipt-pdf'
import { flat, isPdf, pdfText } from './testing/pdf-text'
import { sampleProfessionalCustomer, sampleStatementData } from './testing/sample-documents'

const data: ReceiptDocumentData = {
  creditor: sampleStatementData().creditor,
  customer: sampleProfessionalCustomer(),
  receipt: {
    number: 'A1B2C3D4',
    receivedOn: '2026-11-23',
    currency: 'EUR',
    amountMinor: 130_000,
    method: 'card',
    providerRef: 'pi_3Pq',
    allocations: [
      { invoiceNumber: 'FA-2026-0001', amountMinor: 100_000 },
      { invoiceNumber: 'FA-2026-0002', amountMinor: 25_000 },
    ],
    creditMinor: 5_000,
  },
}

describe('renderReceiptPdf', () => {
  test('prints the amount, the date, the method and what it settles, with the credit left over', async () => {
    const bytes = await renderReceiptPdf({ data, locale: 'en' })
    const text = pdfText(bytes)
    expect(isPdf(bytes)).toBe(true)
    expect(text).toContain('Receipt')
    expect(text).toContain('No. A1B2C3D4')
    expect(text).toContain('23 November 2026')
    expect(text).toContain('Card')
    expect(text).toContain(flat('FA-2026-0001 €1,000.00'))
    expect(text).toContain(flat('Credit kept on the account €50.00'))
    expect(text).toContain(flat('Total €1,300.00'))
  })

  test.each([
    { locale: 'fr', title: 'Reçu de paiement' },
    { locale: 'de', title: 'Zahlungsquittung' },
    { locale: 'es', title: 'Recibo de pago' },
  ] as const)('is titled "$title" in $locale', async ({ locale, title }) => {
    expect(pdfText(await renderReceiptPdf({ data, locale }))).toContain(title)
  })
})
