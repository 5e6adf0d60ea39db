import { describe, expect, test } from 'vitest'
import {
  basisPointsToPercentInput,
  checkContractPenaltyRate,
  FRENCH_LEGAL_RATES,
  parsePercentToBasisPoints,
  penaltyRateFloor,
} from './penalty-rate-floor'

describe('French contractual penalty rate floor (3 × taux légal)', () => {
  test.each([
    { on: '2025-01-01', semester: '2025-H1', legal: 371, floor: 1113, stale: false },
    { on: '2025-06-30', semester: '2025-H1', legal: 371, floor: 1113, stale: false },
    { on: '2025-07-01', semester: '2025-H2', legal: 276, floor: 828, stale: false },
    { on: '2025-12-31', semester: '2025-H2', legal: 276, floor: 828, stale: false },
    { on: '2026-01-01', semester: '2026-H1', legal: 262, floor: 786, stale: false },
    { on: '2026-06-30', semester: '2026-H1', legal: 262, floor: 786, stale: false },
    { on: '2026-07-01', semester: '2026-H1', legal: 262, floor: 786, stale: true },
  ])('on $on: $semester, legal $legal bp → floor $floor bp', ({ on, semester, legal, floor, stale }) => {
    expect(penaltyRateFloor({ creditorCountry: 'FR', on })).toEqual({
      floorBasisPoints: floor,
      legalRateBasisPoints: legal,
      semester,
      stale,
    })
  })

  test('has no floor outside France or before the first semester we know', () => {
    expect(penaltyRateFloor({ creditorCountry: 'DE', on: '2026-03-01' })).toBeNull()
    expect(penaltyRateFloor({ creditorCountry: 'FR', on: '2024-12-31' })).toBeNull()
    expect(penaltyRateFloor({ creditorCountry: 'fr', on: '2026-03-01' })?.floorBasisPoints).toBe(786)
  })

  test('every semester row states its source and semesters follow each other', () => {
    for (const row of FRENCH_LEGAL_RATES) expect(row.source).toMatch(/^https:\/\//)
    expect(FRENCH_LEGAL_RATES.map((r) => r.from)).toEqual([...FRENCH_LEGAL_RATES.map((r) => r.from)].sort())
  })

  test.each([
    { country: 'FR', rate: null, on: '2026-03-01', ok: true },
    { country: 'FR', rate: 786, on: '2026-03-01', ok: true },
    { country: 'FR', rate: 785, on: '2026-03-01', ok: false },
    { country: 'FR', rate: 1215, on: '2026-03-01', ok: true },
    { country: 'FR', rate: 800, on: '2025-09-15', ok: false },
    { country: 'FR', rate: 828, on: '2025-09-15', ok: true },
    { country: 'FR', rate: 1100, on: '2025-03-01', ok: false },
    { country: 'DE', rate: 100, on: '2026-03-01', ok: true },
    { country: 'FR', rate: 0, on: '2026-03-01', ok: false },
  ])('$country rate $rate on $on → ok $ok', ({ country, rate, on, ok }) => {
    const result = checkContractPenaltyRate({ creditorCountry: country, rateBasisPoints: rate, on })
    expect(result.ok).toBe(ok)
    if (!result.ok) expect(result.error.kind).toBe('below-floor')
  })

  test.each([
    { input: '7,86', expected: 786 },
    { input: '7.86', expected: 786 },
    { input: '10.5', expected: 1050 },
    { input: '12', expected: 1200 },
    { input: ' 12 % ', expected: 1200 },
    { input: '0,01', expected: 1 },
    { input: '7,865', expected: null },
    { input: '-1', expected: null },
    { input: 'abc', expected: null },
    { input: '1e3', expected: null },
    { input: '', expected: null },
  ])('percentage $input → $expected bp', ({ input, expected }) => {
    expect(parsePercentToBasisPoints(input)).toBe(expected)
  })

  test('basis points back to a form value', () => {
    expect(basisPointsToPercentInput(786)).toBe('7.86')
    expect(basisPointsToPercentInput(1205)).toBe('12.05')
    expect(basisPointsToPercentInput(0)).toBe('0.00')
  })
})
