import { describe, expect, test } from 'vitest'
import {
  creditorReference,
  formatCreditorReference,
  isValidCreditorReference,
  parseCreditorReference,
} from './creditor-reference'

describe('ISO 11649 creditor reference', () => {
  test.each([
    // The standard's own example; "0" worked by hand: 0 27 15 00 mod 97 = 94, check 98 - 94 = 04.
    { body: '539007547034', reference: 'RF18539007547034' },
    { body: '0', reference: 'RF040' },
    { body: 'ABCDEF', reference: creditorReference('ABCDEF') },
  ])('builds $reference from $body', ({ body, reference }) => {
    expect(creditorReference(body)).toBe(reference)
    expect(isValidCreditorReference(reference)).toBe(true)
  })

  test('accepts the reference as people type it, in groups and lower case', () => {
    expect(parseCreditorReference('rf18 5390 0754 7034')).toEqual({ ok: true, value: 'RF18539007547034' })
  })

  test.each([
    { input: 'RF19539007547034', error: 'checksum' },
    { input: 'RF18539007547035', error: 'checksum' },
    { input: 'XX18539007547034', error: 'format' },
    { input: 'RF18', error: 'format' },
    { input: 'RF18' + '1'.repeat(22), error: 'format' },
    { input: 'RF18 5390 0754 703!', error: 'format' },
  ])('refuses $input ($error)', ({ input, error }) => {
    expect(parseCreditorReference(input)).toEqual({ ok: false, error })
  })

  test('every generated reference validates, whatever the body', () => {
    for (const body of ['1', 'Z', 'A1B2C3D4E5F6G7H8I9J0K', '000000000000000000001', 'QTC7F3A9']) {
      expect(isValidCreditorReference(creditorReference(body))).toBe(true)
    }
  })

  test('refuses a body that cannot fit', () => {
    expect(() => creditorReference('1'.repeat(22))).toThrow()
    expect(() => creditorReference('AB-CD_')).toThrow()
  })

  test('prints in groups of four', () => {
    expect(formatCreditorReference('RF18539007547034')).toBe('RF18 5390 0754 7034')
  })
})
