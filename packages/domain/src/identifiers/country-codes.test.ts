import { describe, expect, test } from 'vitest'
import { COUNTRY_CODES, isCountryCode } from './country-codes'

describe('country codes', () => {
  test('holds the 249 assigned ISO 3166-1 codes, once each, sorted', () => {
    expect(COUNTRY_CODES).toHaveLength(249)
    expect(new Set(COUNTRY_CODES).size).toBe(249)
    expect([...COUNTRY_CODES].sort()).toEqual([...COUNTRY_CODES])
  })

  test.each([
    { code: 'FR', expected: true },
    { code: 'DE', expected: true },
    { code: 'GB', expected: true },
    { code: 'RE', expected: true },
    { code: 'fr', expected: false },
    { code: 'UK', expected: false },
    { code: 'EU', expected: false },
    { code: 'ZZ', expected: false },
    { code: 'FRA', expected: false },
    { code: '', expected: false },
  ])('$code → $expected', ({ code, expected }) => {
    expect(isCountryCode(code)).toBe(expected)
  })
})
