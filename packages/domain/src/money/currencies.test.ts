import { describe, expect, test } from 'vitest'
import { currencyExponent, isCurrencyCode } from './currencies'

describe('currency codes', () => {
  test.each([
    { code: 'EUR', expected: true },
    { code: 'GBP', expected: true },
    { code: 'XCG', expected: true },
    { code: 'eur', expected: false },
    { code: 'EURO', expected: false },
    { code: 'XXX', expected: false },
    { code: 'XAU', expected: false },
    { code: 'toString', expected: false },
    { code: '', expected: false },
  ])('recognises "$code" as a currency code: $expected', ({ code, expected }) => {
    expect(isCurrencyCode(code)).toBe(expected)
  })

  test.each([
    ...'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'
      .split(' ')
      .map((code) => ({ code, expected: 0 })),
    ...['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((code) => ({ code, expected: 3 })),
    { code: 'CLF', expected: 4 },
    { code: 'UYW', expected: 4 },
    { code: 'EUR', expected: 2 },
    { code: 'USD', expected: 2 },
    { code: 'CHF', expected: 2 },
  ])('gives $code $expected minor-unit digits', ({ code, expected }) => {
    expect(currencyExponent(code)).toBe(expected)
  })

  test.each(['XYZ', 'eur', 'hasOwnProperty'])('refuses the exponent of the unknown code "%s"', (code) => {
    expect(() => currencyExponent(code)).toThrow(/unknown currency/)
  })
})
