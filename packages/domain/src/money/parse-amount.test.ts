import { describe, expect, test } from 'vitest'
import { parseAmount, parseSignedAmount } from './parse-amount'

const NBSP = '\u00A0'
const NNBSP = '\u202F'

describe('parseAmount', () => {
  test.each([
    { input: '1234.56', currency: 'EUR', expected: 123_456 },
    { input: '1234,56', currency: 'EUR', expected: 123_456 },
    { input: '1 234,56', currency: 'EUR', expected: 123_456 },
    { input: `1${NBSP}234,56`, currency: 'EUR', expected: 123_456 },
    { input: `1${NNBSP}234,56`, currency: 'EUR', expected: 123_456 },
    { input: '1 234.56', currency: 'EUR', expected: 123_456 },
    { input: '12 345 678', currency: 'EUR', expected: 1_234_567_800 },
    { input: '1.234,56', currency: 'EUR', expected: 123_456 },
    { input: '1,234.56', currency: 'EUR', expected: 123_456 },
    { input: '1.234.567,89', currency: 'EUR', expected: 123_456_789 },
    { input: '1,234,567.89', currency: 'USD', expected: 123_456_789 },
    { input: '1.234.567', currency: 'EUR', expected: 123_456_700 },
    { input: '+12.50', currency: 'EUR', expected: 1_250 },
    { input: '  42  ', currency: 'EUR', expected: 4_200 },
    { input: '12.5', currency: 'EUR', expected: 1_250 },
    { input: '12,50', currency: 'EUR', expected: 1_250 },
    { input: '0.01', currency: 'EUR', expected: 1 },
    { input: ',5', currency: 'EUR', expected: 50 },
    { input: '007', currency: 'EUR', expected: 700 },
    { input: '0', currency: 'EUR', expected: 0 },
    { input: '1000', currency: 'JPY', expected: 1_000 },
    { input: '5.124', currency: 'KWD', expected: 5_124 },
    { input: '0.1234', currency: 'CLF', expected: 1_234 },
  ])('reads $input as $expected minor units of $currency', ({ input, currency, expected }) => {
    expect(parseAmount(input, currency)).toEqual({ ok: true, value: { amountMinor: expected, currency } })
  })

  test.each([
    // A lone separator before three digits groups thousands, unless the currency has three decimals.
    { input: '1,234', currency: 'EUR', expected: 123_400 },
    { input: '1.234', currency: 'EUR', expected: 123_400 },
    { input: '1,234', currency: 'JPY', expected: 1_234 },
    { input: '1,234', currency: 'KWD', expected: 1_234 },
    { input: '1.234', currency: 'BHD', expected: 1_234 },
    { input: '999.999', currency: 'EUR', expected: 99_999_900 },
    { input: '12.505', currency: 'EUR', expected: 1_250_500 },
    // With spaces already grouping thousands, the lone separator can only be the decimal one.
    { input: '1 234,567', currency: 'KWD', expected: 1_234_567 },
  ])('resolves the ambiguous $input in $currency to $expected', ({ input, currency, expected }) => {
    expect(parseAmount(input, currency)).toEqual({ ok: true, value: { amountMinor: expected, currency } })
  })

  test.each([
    { input: '', currency: 'EUR', error: 'empty' },
    { input: `  ${NBSP}`, currency: 'EUR', error: 'empty' },
    { input: 'abc', currency: 'EUR', error: 'not-a-number' },
    { input: '12€', currency: 'EUR', error: 'not-a-number' },
    { input: '1e5', currency: 'EUR', error: 'not-a-number' },
    { input: 'Infinity', currency: 'EUR', error: 'not-a-number' },
    { input: '.', currency: 'EUR', error: 'not-a-number' },
    { input: '5.', currency: 'EUR', error: 'not-a-number' },
    { input: '1.2.3,4,5', currency: 'EUR', error: 'not-a-number' },
    { input: '1,23,456.00', currency: 'EUR', error: 'not-a-number' },
    { input: '12,34.5', currency: 'EUR', error: 'not-a-number' },
    { input: '1 234.567,89', currency: 'EUR', error: 'not-a-number' },
    { input: '1 234.567.890', currency: 'EUR', error: 'not-a-number' },
    { input: '1  234', currency: 'EUR', error: 'not-a-number' },
    { input: '1 23', currency: 'EUR', error: 'not-a-number' },
    { input: '+ 5', currency: 'EUR', error: 'not-a-number' },
    { input: '+-5', currency: 'EUR', error: 'not-a-number' },
    { input: '--5', currency: 'EUR', error: 'not-a-number' },
    { input: '12.5', currency: 'JPY', error: 'too-many-decimals' },
    { input: '1000.00', currency: 'JPY', error: 'too-many-decimals' },
    { input: '12.3456', currency: 'KWD', error: 'too-many-decimals' },
    { input: '0,125', currency: 'EUR', error: 'too-many-decimals' },
    { input: '1234,567', currency: 'EUR', error: 'too-many-decimals' },
    { input: '-5', currency: 'EUR', error: 'negative' },
    { input: '-0.01', currency: 'EUR', error: 'negative' },
    { input: '90071992547409.92', currency: 'EUR', error: 'too-large' },
    { input: '9007199254740992', currency: 'JPY', error: 'too-large' },
    { input: '99999999999999999999999', currency: 'EUR', error: 'too-large' },
  ])('rejects $input in $currency as $error', ({ input, currency, error }) => {
    expect(parseAmount(input, currency)).toEqual({ ok: false, error })
  })

  test.each([
    { input: '90071992547409.91', currency: 'EUR' },
    { input: '9007199254740991', currency: 'JPY' },
    { input: '9 007 199 254 740,991', currency: 'KWD' },
  ])('accepts $input $currency at exactly the largest safe integer', ({ input, currency }) => {
    expect(parseAmount(input, currency)).toEqual({
      ok: true,
      value: { amountMinor: Number.MAX_SAFE_INTEGER, currency },
    })
  })

  test('converts without floating point rounding', () => {
    // parseFloat('1.15') * 100 is 114.99999999999999.
    expect(parseAmount('1.15', 'EUR')).toEqual({ ok: true, value: { amountMinor: 115, currency: 'EUR' } })
  })

  test('treats minus zero as zero rather than a negative amount', () => {
    const result = parseAmount('-0', 'EUR')
    expect(result.ok && Object.is(result.value.amountMinor, 0)).toBe(true)
  })

  test('refuses an unknown currency as a programmer error', () => {
    expect(() => parseAmount('12', 'XYZ')).toThrow(/unknown currency/)
  })
})

describe('parseSignedAmount', () => {
  test.each([
    { input: '-5', currency: 'EUR', expected: -500 },
    { input: '-1 234,56', currency: 'EUR', expected: -123_456 },
    { input: '-1,234.56', currency: 'USD', expected: -123_456 },
    { input: '+5', currency: 'EUR', expected: 500 },
    { input: '-1000', currency: 'JPY', expected: -1_000 },
    { input: '-90071992547409.91', currency: 'EUR', expected: -Number.MAX_SAFE_INTEGER },
  ])('reads the credit $input as $expected minor units of $currency', ({ input, currency, expected }) => {
    expect(parseSignedAmount(input, currency)).toEqual({
      ok: true,
      value: { amountMinor: expected, currency },
    })
  })

  test.each([
    { input: '-12.5', currency: 'JPY', error: 'too-many-decimals' },
    { input: '-90071992547409.92', currency: 'EUR', error: 'too-large' },
    { input: '- 5', currency: 'EUR', error: 'not-a-number' },
    { input: '', currency: 'EUR', error: 'empty' },
  ])('rejects the credit $input in $currency as $error', ({ input, currency, error }) => {
    expect(parseSignedAmount(input, currency)).toEqual({ ok: false, error })
  })
})
