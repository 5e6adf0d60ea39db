import { describe, expect, test } from 'vitest'
import {
  SEEDED_LATE_PAYMENT_RATES,
  ecbRateInForceOn,
  frenchLegalRateOn,
  semesterOf,
  validateRateTable,
} from './late-payment-interest-rates'
import type { LatePaymentRateTable } from './late-payment-interest-rates'

const table = SEEDED_LATE_PAYMENT_RATES

describe('semesterOf', () => {
  test.each([
    { date: '2026-01-01', expected: { id: '2026-H1', start: '2026-01-01', end: '2026-06-30' } },
    { date: '2026-06-30', expected: { id: '2026-H1', start: '2026-01-01', end: '2026-06-30' } },
    { date: '2026-07-01', expected: { id: '2026-H2', start: '2026-07-01', end: '2026-12-31' } },
    { date: '2026-12-31', expected: { id: '2026-H2', start: '2026-07-01', end: '2026-12-31' } },
  ])('puts $date in $expected.id', ({ date, expected }) => {
    expect(semesterOf(date)).toEqual(expected)
  })
})

describe('the seeded rate table', () => {
  test('is valid, and every rate names its source', () => {
    expect(validateRateTable(table).ok).toBe(true)
  })

  test('holds the ECB rate of 2.15 % from 11 June 2025 (LEGAL.md §1)', () => {
    expect(ecbRateInForceOn('2025-06-11', table)?.rateBasisPoints).toBe(215)
    expect(ecbRateInForceOn('2025-06-10', table)?.rateBasisPoints).toBe(240)
  })

  test.each([
    { date: '2025-03-01', otherCases: 371, stale: false },
    { date: '2025-09-01', otherCases: 276, stale: false },
    { date: '2026-02-01', otherCases: 262, stale: false },
    { date: '2026-08-01', otherCases: 262, stale: true },
  ])('gives the legal rate $otherCases bp on $date (stale: $stale)', ({ date, otherCases, stale }) => {
    const lookup = frenchLegalRateOn(date, table)
    expect(lookup?.rate.otherCasesBasisPoints).toBe(otherCases)
    expect(lookup?.stale).toBe(stale)
  })

  test('has no legal rate before its first semester', () => {
    expect(frenchLegalRateOn('2024-12-31', table)).toBeNull()
    expect(ecbRateInForceOn('2023-01-01', table)).toBeNull()
  })
})

describe('validateRateTable', () => {
  const legal = table.frenchLegalRate[0]!
  const ecb = table.ecbMainRefinancingRate[0]!
  test.each([
    {
      name: 'ECB rows out of order',
      edit: {
        ecbMainRefinancingRate: [
          { ...ecb, from: '2024-01-01' },
          { ...ecb, from: '2023-01-01' },
        ],
      },
      expected: [{ kind: 'unsorted-or-duplicate-dates', list: 'ecb', from: '2023-01-01' }],
    },
    {
      name: 'a duplicate ECB date',
      edit: { ecbMainRefinancingRate: [ecb, ecb] },
      expected: [{ kind: 'unsorted-or-duplicate-dates', list: 'ecb', from: ecb.from }],
    },
    {
      name: 'a negative rate',
      edit: { ecbMainRefinancingRate: [{ ...ecb, rateBasisPoints: -10 }] },
      expected: [{ kind: 'invalid-rate', list: 'ecb', from: ecb.from }],
    },
    {
      name: 'a rate without a source',
      edit: { frenchLegalRate: [{ ...legal, source: '' }] },
      expected: [{ kind: 'missing-source', list: 'legal', from: legal.from }],
    },
    {
      name: 'a legal rate starting mid-semester',
      edit: { frenchLegalRate: [{ ...legal, from: '2025-02-01' }] },
      expected: [{ kind: 'legal-rate-not-on-semester-start', from: '2025-02-01' }],
    },
    {
      name: 'a legal rate labelled with the wrong semester',
      edit: { frenchLegalRate: [{ ...legal, semester: '2025-H2' }] },
      expected: [{ kind: 'legal-rate-not-on-semester-start', from: legal.from }],
    },
    {
      name: 'an invalid date',
      edit: { ecbMainRefinancingRate: [{ ...ecb, from: '2025-02-30' }] },
      expected: [{ kind: 'invalid-date', list: 'ecb', from: '2025-02-30' }],
    },
  ])('reports $name', ({ edit, expected }) => {
    const edited = { ...table, ...edit } as LatePaymentRateTable
    expect(validateRateTable(edited)).toEqual({ ok: false, error: expected })
  })
})
