import { describe, expect, test } from 'vitest'
import { frenchVatKey, normalizeVatNumber, parseVatNumber, sirenOfFrenchVatNumber } from './vat-number'

describe('VAT numbers', () => {
  test.each([
    { input: 'FR44732829320', country: 'FR' },
    { input: 'fr 44 732 829 320', country: 'FR' },
    { input: 'FR96552100554', country: 'FR' },
    { input: 'FR83404833048', country: 'FR' },
    { input: 'DE123456789', country: 'DE' },
    { input: 'ATU12345678', country: 'AT' },
    { input: 'BE0123456789', country: 'BE' },
    { input: 'ESB12345678', country: 'ES' },
    { input: 'ESX1234567L', country: 'ES' },
    { input: 'IT12345678901', country: 'IT' },
    { input: 'NL123456789B01', country: 'NL' },
    { input: 'EL123456789', country: 'GR' },
    { input: 'GB123456789', country: 'GB' },
    { input: 'XI123456789', country: 'GB' },
    { input: 'IE1234567T', country: 'IE' },
    { input: 'IE1234567WA', country: 'IE' },
    { input: 'SE123456789001', country: 'SE' },
    { input: 'CHE-123.456.789 MWST', country: 'CH' },
    { input: 'NO123456789MVA', country: 'NO' },
    { input: 'LU12345678', country: 'LU' },
  ])('accepts $input ($country)', ({ input, country }) => {
    const parsed = parseVatNumber(input)
    expect(parsed.ok && parsed.value.country).toBe(country)
  })

  test.each([
    { input: '', error: 'format' },
    { input: 'FR', error: 'format' },
    { input: '44732829320', error: 'format' },
    { input: 'FR45732829320', error: 'check-key' },
    { input: 'FR12812345678', error: 'check-key' },
    { input: 'FR44732829321', error: 'check-key' },
    { input: 'FRAB732829320', error: 'format' },
    { input: 'FR4473282932', error: 'format' },
    { input: 'DE12345678', error: 'format' },
    { input: 'ATU1234567', error: 'format' },
    { input: 'NL123456789A01', error: 'format' },
    { input: 'GR123456789', error: 'unknown-prefix' },
    { input: 'US123456789', error: 'unknown-prefix' },
    { input: 'SE123456789012', error: 'format' },
  ])('refuses $input ($error)', ({ input, error }) => {
    expect(parseVatNumber(input)).toEqual({ ok: false, error })
  })

  test.each([
    { siren: '732829320', key: '44' },
    { siren: '552100554', key: '96' },
    { siren: '404833048', key: '83' },
    { siren: '000000000', key: '12' },
  ])('French key of $siren is $key', ({ siren, key }) => {
    expect(frenchVatKey(siren)).toBe(key)
  })

  test('finds the SIREN in a French number only', () => {
    const fr = parseVatNumber('FR44732829320')
    const de = parseVatNumber('DE123456789')
    expect(fr.ok && sirenOfFrenchVatNumber(fr.value)).toBe('732829320')
    expect(de.ok && sirenOfFrenchVatNumber(de.value)).toBeNull()
    expect(normalizeVatNumber(' fr-44.732 829 320 ')).toBe('FR44732829320')
  })
})
