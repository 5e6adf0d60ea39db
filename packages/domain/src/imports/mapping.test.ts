import { describe, expect, test } from 'vitest'
import { applyPreset, checkMapping, normaliseColumnName, suggestMapping } from './mapping'

test.each([
  ['Numéro de facture', 'numero de facture'],
  ['N° facture', 'n facture'],
  ['Nº factura', 'no factura'],
  ['Fälligkeitsdatum', 'falligkeitsdatum'],
  ['Straße', 'strasse'],
  ['  Montant TTC (EUR) ', 'montant ttc eur'],
  ['customer_ref', 'customer ref'],
])('normaliseColumnName(%j) = %j', (input, expected) => {
  expect(normaliseColumnName(input)).toBe(expected)
})

describe('suggestMapping', () => {
  test.each([
    [
      'English invoices',
      'invoices',
      ['Invoice Number', 'Customer ID', 'Invoice Date', 'Due Date', 'Currency', 'Amount', 'PO Number'],
      { number: 'Invoice Number', customer_ref: 'Customer ID', issue_date: 'Invoice Date', due_date: 'Due Date', currency: 'Currency', total: 'Amount', purchase_order: 'PO Number' },
    ],
    [
      'French invoices',
      'invoices',
      ['Numéro de facture', 'Code client', 'Date de facture', "Date d'échéance", 'Montant HT', 'TVA', 'Montant TTC', 'Devise'],
      { number: 'Numéro de facture', customer_ref: 'Code client', issue_date: 'Date de facture', due_date: "Date d'échéance", subtotal: 'Montant HT', tax: 'TVA', total: 'Montant TTC', currency: 'Devise' },
    ],
    [
      'German invoices',
      'invoices',
      ['Rechnungsnummer', 'Kundennummer', 'Rechnungsdatum', 'Fälligkeitsdatum', 'Nettobetrag', 'MwSt', 'Bruttobetrag', 'Währung'],
      { number: 'Rechnungsnummer', customer_ref: 'Kundennummer', issue_date: 'Rechnungsdatum', due_date: 'Fälligkeitsdatum', subtotal: 'Nettobetrag', tax: 'MwSt', total: 'Bruttobetrag', currency: 'Währung' },
    ],
    [
      'Spanish invoices',
      'invoices',
      ['Nº factura', 'Código cliente', 'Fecha de factura', 'Fecha de vencimiento', 'Base imponible', 'IVA', 'Importe total', 'Moneda'],
      { number: 'Nº factura', customer_ref: 'Código cliente', issue_date: 'Fecha de factura', due_date: 'Fecha de vencimiento', subtotal: 'Base imponible', tax: 'IVA', total: 'Importe total', currency: 'Moneda' },
    ],
    [
      'decorated headers',
      'invoices',
      ['N° facture', 'Client', 'Date', 'Échéance', 'Montant TTC (EUR)'],
      { number: 'N° facture', customer_ref: 'Client', issue_date: 'Date', due_date: 'Échéance', total: 'Montant TTC (EUR)' },
    ],
    [
      'French customers',
      'customers',
      ['Code client', 'Raison sociale', 'Pays', 'Langue', 'Devise', 'E-mail', 'Téléphone', 'Code postal', 'Ville', 'N° TVA'],
      { external_ref: 'Code client', name: 'Raison sociale', country: 'Pays', language: 'Langue', currency: 'Devise', email: 'E-mail', phone: 'Téléphone', postal_code: 'Code postal', city: 'Ville', vat_number: 'N° TVA' },
    ],
    [
      'German contacts',
      'contacts',
      ['Kundennummer', 'Ansprechpartner', 'E-Mail', 'Telefon', 'Sprache', 'Funktion'],
      { customer_ref: 'Kundennummer', name: 'Ansprechpartner', email: 'E-Mail', phone: 'Telefon', language: 'Sprache', role: 'Funktion' },
    ],
    [
      'Spanish payments',
      'payments',
      ['Referencia de pago', 'Nº cliente', 'Fecha de pago', 'Importe', 'Moneda', 'Forma de pago', 'Nº factura'],
      { external_ref: 'Referencia de pago', customer_ref: 'Nº cliente', received_on: 'Fecha de pago', amount: 'Importe', currency: 'Moneda', method: 'Forma de pago', invoice_number: 'Nº factura' },
    ],
    ['our own field names', 'payments', ['external_ref', 'customer_ref', 'received_on', 'amount'], { external_ref: 'external_ref', customer_ref: 'customer_ref', received_on: 'received_on', amount: 'amount' }],
    ['nothing recognisable', 'invoices', ['foo', 'bar'], {}],
  ] as const)('%s', (_name, kind, header, expected) => {
    expect(suggestMapping(kind, header)).toEqual(expected)
  })
})

describe('checkMapping', () => {
  const header = ['No', 'Client', 'Date', 'Due', 'Total']
  test('accepts a complete mapping', () => {
    expect(checkMapping('invoices', header, { number: 'No', customer_ref: 'Client', issue_date: 'Date', due_date: 'Due', total: 'Total' })).toEqual([])
  })
  test('reports missing required fields, unknown columns and unknown fields', () => {
    expect(checkMapping('invoices', header, { number: 'No', customer_ref: 'Nope', colour: 'Date' })).toEqual([
      { field: 'customer_ref', reason: 'unknown_column' },
      { field: 'colour', reason: 'unknown_field' },
      { field: 'issue_date', reason: 'required_field_unmapped' },
      { field: 'due_date', reason: 'required_field_unmapped' },
      { field: 'total', reason: 'required_field_unmapped' },
    ])
  })
})

test('applyPreset keeps only what fits this file', () => {
  expect(applyPreset('invoices', ['No', 'Total'], { number: 'No', total: 'Total', due_date: 'Gone', colour: 'No' })).toEqual({ number: 'No', total: 'Total' })
})
