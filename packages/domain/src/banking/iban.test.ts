import { describe, expect, test } from 'vitest'
import { formatIban, ibanMod97, isValidIban, maskIban, normalizeIban, parseIban } from './iban'

describe('IBAN', () => {
  test.each([
    { input: 'FR7630006000011234567890189', expected: 'FR7630006000011234567890189' },
    { input: 'fr76 3000 6000 0112 3456 7890 189', expected: 'FR7630006000011234567890189' },
    { input: 'GB29NWBK60161331926819', expected: 'GB29NWBK60161331926819' },
    { input: 'DE89 3704 0044 0532 0130 00', expected: 'DE89370400440532013000' },
    { input: 'BE68 5390 0754 7034', expected: 'BE68539007547034' },
    { input: 'NO93 8601 1117 947', expected: 'NO9386011117947' },
    { input: 'CH93 0076 2011 6238 5295 7', expected: 'CH9300762011623852957' },
    { input: 'ES91 2100 0418 4502 0005 1332', expected: 'ES9121000418450200051332' },
    { input: 'IT60 X054 2811 1010 0000 0123 456', expected: 'IT60X0542811101000000123456' },
    { input: 'MT84 MALT 0110 0001 2345 MTLC AST0 01S', expected: 'MT84MALT011000012345MTLCAST001S' },
    { input: 'LC55 HEMM 0001 0001 0012 0012 0002 3015', expected: 'LC55HEMM000100010012001200023015' },
  ])('accepts $input', ({ input, expected }) => {
    expect(parseIban(input)).toEqual({ ok: true, value: expected })
  })

  test.each([
    { input: '', error: 'format' },
    { input: 'FR76', error: 'format' },
    { input: '7630006000011234567890189', error: 'format' },
    { input: 'FR7630006000011234567890180', error: 'checksum' },
    { input: 'FR7730006000011234567890189', error: 'checksum' },
    { input: 'GB29NWBK60161331926818', error: 'checksum' },
    { input: 'FR763000600001123456789018', error: 'length' },
    { input: 'DE89370400440532013000 0', error: 'length' },
    { input: 'US12345678901234567890', error: 'unknown-country' },
    { input: 'FR76 3000 6000 0112 3456 7890 18!', error: 'format' },
  ])('refuses $input ($error)', ({ input, error }) => {
    expect(parseIban(input)).toEqual({ ok: false, error })
    expect(isValidIban(input)).toBe(false)
  })

  test('swapping two digits breaks the checksum', () => {
    expect(ibanMod97('FR7630006000011234567890189')).toBe(1)
    expect(ibanMod97('FR7630006000011234567809189')).not.toBe(1)
  })

  test('formats, normalizes and masks for display', () => {
    expect(formatIban('FR7630006000011234567890189')).toBe('FR76 3000 6000 0112 3456 7890 189')
    expect(normalizeIban(' gb29-nwbk 6016 1331 9268 19 ')).toBe('GB29NWBK60161331926819')
    expect(maskIban('FR7630006000011234567890189')).toBe('FR76 •••• 0189')
  })
})
