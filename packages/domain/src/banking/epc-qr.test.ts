import { describe, expect, test } from 'vitest'
import { epcQrPayload } from './epc-qr'
import { money } from '../money/money'

const base = {
  beneficiaryName: 'Ateliers Durand SAS',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
  bic: 'AGRIFRPPXXX',
  amount: money(123_450, 'EUR'),
  structuredReference: 'RF18539007547034',
}

describe('EPC QR code payload (EPC069-12, version 002)', () => {
  test('lays out the fields one per line, amount in euros with two decimals, structured reference', () => {
    expect(epcQrPayload(base)).toEqual({
      ok: true,
      value: ['BCD', '002', '1', 'SCT', 'AGRIFRPPXXX', 'Ateliers Durand SAS', 'FR7630006000011234567890189', 'EUR1234.50', '', 'RF18539007547034'].join('\n'),
    })
  })

  test('leaves the BIC empty when none is given and uses free text without a structured reference', () => {
    const result = epcQrPayload({ ...base, bic: null, structuredReference: null, remittanceText: 'Factures F1, F2' })
    expect(result.ok && result.value.split('\n')).toEqual([
      'BCD', '002', '1', 'SCT', '', 'Ateliers Durand SAS', 'FR7630006000011234567890189', 'EUR1234.50', '', '', 'Factures F1, F2',
    ])
  })

  test.each([
    { change: { amount: money(100, 'GBP') }, error: 'currency-not-eur' },
    { change: { amount: money(0, 'EUR') }, error: 'amount-out-of-range' },
    { change: { amount: money(100_000_000_000, 'EUR') }, error: 'amount-out-of-range' },
    { change: { iban: 'FR7630006000011234567890188' }, error: 'invalid-iban' },
    { change: { bic: 'NOTABIC' }, error: 'invalid-bic' },
    { change: { beneficiaryName: 'x'.repeat(71) }, error: 'name-length' },
    { change: { structuredReference: 'RF19539007547034' }, error: 'invalid-reference' },
    { change: { structuredReference: null, remittanceText: 'y'.repeat(141) }, error: 'remittance-too-long' },
  ])('refuses $error', ({ change, error }) => {
    expect(epcQrPayload({ ...base, ...change })).toEqual({ ok: false, error })
  })

  test('a line break in the name cannot shift the fields', () => {
    const result = epcQrPayload({ ...base, beneficiaryName: 'Ateliers\nDurand' })
    expect(result.ok && result.value.split('\n')[5]).toBe('Ateliers Durand')
  })
})
