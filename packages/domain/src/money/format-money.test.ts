import { describe, expect, test } from 'vitest'
import { formatMoney, toMajorUnitString } from './format-money'
import { money } from './money'

// Intl separates French digit groups with a narrow no-break space and the symbol with a no-break space.
const NBSP = '\u00A0'
const NNBSP = '\u202F'

describe('toMajorUnitString', () => {
  test.each([
    { amountMinor: 123_450, currency: 'EUR', expected: '1234.50' },
    { amountMinor: 5, currency: 'EUR', expected: '0.05' },
    { amountMinor: 0, currency: 'EUR', expected: '0.00' },
    { amountMinor: -5, currency: 'EUR', expected: '-0.05' },
    { amountMinor: -123_456, currency: 'EUR', expected: '-1234.56' },
    { amountMinor: 1_000, currency: 'JPY', expected: '1000' },
    { amountMinor: -7, currency: 'JPY', expected: '-7' },
    { amountMinor: 5_124, currency: 'KWD', expected: '5.124' },
    { amountMinor: 7, currency: 'KWD', expected: '0.007' },
    { amountMinor: 12_345, currency: 'CLF', expected: '1.2345' },
    { amountMinor: Number.MAX_SAFE_INTEGER, currency: 'EUR', expected: '90071992547409.91' },
    { amountMinor: Number.MAX_SAFE_INTEGER, currency: 'KWD', expected: '9007199254740.991' },
  ])('writes $amountMinor minor units of $currency as $expected', ({ amountMinor, currency, expected }) => {
    expect(toMajorUnitString(money(amountMinor, currency))).toBe(expected)
  })
})

describe('formatMoney', () => {
  test.each([
    { locale: 'fr-FR', amountMinor: 123_450, currency: 'EUR', expected: `1${NNBSP}234,50${NBSP}€` },
    { locale: 'fr', amountMinor: 123_450, currency: 'EUR', expected: `1${NNBSP}234,50${NBSP}€` },
    { locale: 'en-GB', amountMinor: 123_450, currency: 'EUR', expected: '€1,234.50' },
    { locale: 'en', amountMinor: 123_450, currency: 'USD', expected: '$1,234.50' },
    { locale: 'de-DE', amountMinor: 123_450, currency: 'EUR', expected: `1.234,50${NBSP}€` },
    // CLDR does not group four-digit numbers in Spanish.
    { locale: 'es-ES', amountMinor: 123_450, currency: 'EUR', expected: `1234,50${NBSP}€` },
    { locale: 'es-ES', amountMinor: 1_234_550, currency: 'EUR', expected: `12.345,50${NBSP}€` },
    { locale: 'en-GB', amountMinor: 100_050, currency: 'GBP', expected: '£1,000.50' },
    { locale: 'fr-FR', amountMinor: -123_450, currency: 'EUR', expected: `-1${NNBSP}234,50${NBSP}€` },
    { locale: 'en-GB', amountMinor: -5, currency: 'EUR', expected: '-€0.05' },
    { locale: 'fr-FR', amountMinor: 12_345, currency: 'JPY', expected: `12${NNBSP}345${NBSP}JPY` },
    { locale: 'en-GB', amountMinor: 12_345, currency: 'JPY', expected: 'JP¥12,345' },
    { locale: 'de-DE', amountMinor: 5_124, currency: 'KWD', expected: `5,124${NBSP}KWD` },
    // ICU would round IQD to whole dinars; ISO 4217 (our table) gives it three decimals.
    { locale: 'en-GB', amountMinor: 1_234_567, currency: 'IQD', expected: `IQD${NBSP}1,234.567` },
    { locale: 'en-GB', amountMinor: 1_234_500, currency: 'IQD', expected: `IQD${NBSP}1,234.500` },
  ])(
    'formats $amountMinor $currency in $locale as $expected',
    ({ locale, amountMinor, currency, expected }) => {
      expect(formatMoney(money(amountMinor, currency), locale)).toBe(expected)
    },
  )

  test.each([
    { locale: 'en-GB', currency: 'EUR', expected: '€90,071,992,547,409.91' },
    // Dividing by 1000 in floating point would print .990 here.
    { locale: 'en-GB', currency: 'KWD', expected: `KWD${NBSP}9,007,199,254,740.991` },
  ])(
    'formats the largest safe amount of $currency without losing precision',
    ({ locale, currency, expected }) => {
      expect(formatMoney(money(Number.MAX_SAFE_INTEGER, currency), locale)).toBe(expected)
    },
  )
})
