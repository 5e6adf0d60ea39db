import { describe, expect, test } from 'vitest'
import {
  amountCell,
  booleanCell,
  countryCell,
  currencyCell,
  customerKindCell,
  dateCell,
  emailCell,
  languageCell,
  paymentMethodCell,
  phoneCell,
  referenceCell,
  textCell,
} from './cell-values'

const ok = (value: unknown) => ({ ok: true, value })
const no = (error: string) => ({ ok: false, error })

describe('dateCell', () => {
  test.each([
    ['2024-02-29', ok('2024-02-29')],
    ['29/02/2024', ok('2024-02-29')],
    ['1/3/2024', ok('2024-03-01')],
    ['01.03.2024', ok('2024-03-01')],
    ['31/02/2024', no('invalid_date')],
    ['2023-02-29', no('invalid_date')],
    ['2024-13-01', no('invalid_date')],
    ['00/01/2024', no('invalid_date')],
    ['12/31/2024', no('invalid_date')],
    ['2024/03/01', no('invalid_date')],
    ['15 janvier 2024', no('invalid_date')],
    ['0024-03-01', no('date_out_of_range')],
    ['2300-01-01', no('date_out_of_range')],
  ])('%j', (input, expected) => {
    expect(dateCell(input)).toEqual(expected)
  })
})

describe('amountCell', () => {
  test.each([
    ['1200', 'EUR', ok(120_000)],
    ['1 200,50', 'EUR', ok(120_050)],
    ['1.234,56', 'EUR', ok(123_456)],
    ['1,234.56', 'EUR', ok(123_456)],
    ['12,5', 'EUR', ok(1250)],
    ['1 200,00 €', 'EUR', ok(120_000)],
    ['€1,200.00', 'EUR', ok(120_000)],
    ['EUR 99,90', 'EUR', ok(9990)],
    ['99,90 eur', 'EUR', ok(9990)],
    ['1500', 'JPY', ok(1500)],
    ['1,250', 'KWD', ok(1250)],
    ['0', 'EUR', ok(0)],
    ['-100.00', 'EUR', no('negative_amount')],
    ['abc', 'EUR', no('invalid_amount')],
    ['=1+1', 'EUR', no('invalid_amount')],
    ['12.345.6', 'EUR', no('invalid_amount')],
    ['10.0055', 'EUR', no('too_many_decimals')],
    // A lone separator before exactly three digits groups thousands, as parseAmount decides everywhere.
    ['10.005', 'EUR', ok(1_000_500)],
    ['1.5', 'JPY', no('too_many_decimals')],
    ['99999999999999999999', 'EUR', no('amount_too_large')],
    ['100 USD', 'EUR', no('invalid_amount')],
  ])('%j in %s', (input, currency, expected) => {
    expect(amountCell(input, currency)).toEqual(expected)
  })
})

describe('codes and words', () => {
  test.each([
    [currencyCell, 'eur', ok('EUR')],
    [currencyCell, '€', ok('EUR')],
    [currencyCell, 'EURO', no('unknown_currency')],
    [currencyCell, 'XXX', no('unknown_currency')],
    [countryCell, 'fr', ok('FR')],
    [countryCell, 'UK', ok('GB')],
    [countryCell, 'France', no('invalid_country')],
    [countryCell, 'ZZ', no('invalid_country')],
    [languageCell, 'fr-FR', ok('fr')],
    [languageCell, 'Deutsch', ok('de')],
    [languageCell, 'Español', ok('es')],
    [languageCell, 'Klingon', no('invalid_language')],
    [customerKindCell, 'B2C', ok('consumer')],
    [customerKindCell, 'Société', ok('professional')],
    [customerKindCell, 'Collectivité', ok('public_body')],
    [customerKindCell, 'alien', no('invalid_customer_kind')],
    [paymentMethodCell, 'Virement', ok('bank_transfer')],
    [paymentMethodCell, 'Chèque', ok('cheque')],
    [paymentMethodCell, 'Überweisung', ok('bank_transfer')],
    [paymentMethodCell, 'Tarjeta', ok('card')],
    [paymentMethodCell, 'Prélèvement SEPA', ok('sepa_debit')],
    [paymentMethodCell, 'bitcoin', no('invalid_payment_method')],
    [booleanCell, 'Oui', ok(true)],
    [booleanCell, 'nein', ok(false)],
    [booleanCell, 'maybe', no('invalid_boolean')],
    [emailCell, 'claire.martin@example.fr', ok('claire.martin@example.fr')],
    [emailCell, 'not an email', no('invalid_email')],
    [emailCell, 'a@b', no('invalid_email')],
    [phoneCell, '+33 4 72 00 00 00', ok('+33 4 72 00 00 00')],
    [phoneCell, '(030) 123-4567', ok('(030) 123-4567')],
    [phoneCell, 'call me', no('invalid_phone')],
    [phoneCell, '12', no('invalid_phone')],
  ] as const)('%o(%j)', (parse, input, expected) => {
    expect((parse as (v: string) => unknown)(input)).toEqual(expected)
  })
})

describe('text and references', () => {
  test.each([
    [textCell('Café du Port', 50), ok('Café du Port')],
    [textCell('Line 1\nLine 2', 50), ok('Line 1\nLine 2')],
    [textCell('bad\u0000byte', 50), no('invalid_characters')],
    [textCell('undecodable \uFFFD', 50), no('invalid_characters')],
    [textCell('x'.repeat(51), 50), no('too_long')],
    [referenceCell('INV-001', 20), ok('INV-001')],
    [referenceCell('INV\n001', 20), no('invalid_characters')],
  ])('%#', (result, expected) => {
    expect(result).toEqual(expected)
  })
})
