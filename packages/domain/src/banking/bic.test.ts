import { describe, expect, test } from 'vitest'
import { isValidBic, normalizeBic } from './bic'

describe('BIC', () => {
  test.each([
    { bic: 'AGRIFRPP', expected: true },
    { bic: 'AGRIFRPPXXX', expected: true },
    { bic: 'NWBKGB2L', expected: true },
    { bic: 'DEUTDEFF500', expected: true },
    { bic: 'BNPAFRPPXXX', expected: true },
    { bic: 'AGRIFRP', expected: false },
    { bic: 'AGRIFRPPXX', expected: false },
    { bic: 'AGRIFRPPXXXX', expected: false },
    { bic: 'AGR1FRPP', expected: false },
    { bic: 'AGRIXXPP', expected: false },
    { bic: 'AGRIUKPP', expected: false },
    { bic: 'agrifrpp', expected: false },
  ])('$bic → $expected', ({ bic, expected }) => {
    expect(isValidBic(bic)).toBe(expected)
  })

  test('normalizes what people type', () => {
    expect(normalizeBic(' agri fr pp xxx ')).toBe('AGRIFRPPXXX')
  })
})
