import { describe, expect, test } from 'vitest'
import { formatSiren, isValidSiren, normalizeSiren, passesLuhn } from './siren'

describe('SIREN', () => {
  test.each([
    { siren: '732829320', expected: true },
    { siren: '552100554', expected: true },
    { siren: '404833048', expected: true },
    { siren: '542065479', expected: true },
    { siren: '356000000', expected: true },
    { siren: '000000000', expected: true },
    { siren: '732829321', expected: false },
    { siren: '812345678', expected: false },
    { siren: '73282932', expected: false },
    { siren: '7328293200', expected: false },
    { siren: '73282932A', expected: false },
    { siren: '', expected: false },
  ])('$siren → $expected', ({ siren, expected }) => {
    expect(isValidSiren(siren)).toBe(expected)
  })

  test('Luhn doubles every second digit from the right', () => {
    expect(passesLuhn('79927398713')).toBe(true)
    expect(passesLuhn('79927398710')).toBe(false)
    expect(passesLuhn('12a')).toBe(false)
  })

  test('normalizes and formats', () => {
    expect(normalizeSiren(' 732 829.320 ')).toBe('732829320')
    expect(normalizeSiren('732\u00a0829\u202f320')).toBe('732829320')
    expect(formatSiren('732829320')).toBe('732 829 320')
    expect(formatSiren('12')).toBe('12')
  })
})
