import { describe, expect, test } from 'vitest'
import {
  daysOfDelay,
  frenchB2bLateAmounts,
  frenchB2bPenaltyRateFor,
  frenchConsumerMoratoryInterest,
  frenchRecoveryIndemnity,
  latePaymentInterest,
} from './late-payment-interest'
import { SEEDED_LATE_PAYMENT_RATES } from './late-payment-interest-rates'
import type { LatePaymentRateTable } from './late-payment-interest-rates'

const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' })
const table = SEEDED_LATE_PAYMENT_RATES

describe('daysOfDelay', () => {
  test.each([
    { due: '2026-01-31', paid: '2026-03-02', expected: 30 },
    { due: '2026-01-31', paid: '2026-02-01', expected: 1 },
    { due: '2026-01-31', paid: '2026-01-31', expected: 0 },
    { due: '2026-01-31', paid: '2026-01-15', expected: 0 },
    { due: '2027-12-31', paid: '2028-12-31', expected: 366 },
  ])('counts $expected days from the day after $due to $paid', ({ due, paid, expected }) => {
    expect(daysOfDelay(due, paid)).toBe(expected)
  })
})

describe('latePaymentInterest', () => {
  test.each([
    {
      name: 'case 44: €10,000 at 12.15 % for 30 days is €99.86',
      principal: eur(1_000_000),
      due: '2026-01-31',
      paid: '2026-03-02',
      bp: 1_215,
      expected: eur(9_986),
    },
    {
      name: 'nothing when paid on the due date',
      principal: eur(1_000_000),
      due: '2026-01-31',
      paid: '2026-01-31',
      bp: 1_215,
      expected: eur(0),
    },
    {
      name: 'nothing when paid early',
      principal: eur(1_000_000),
      due: '2026-01-31',
      paid: '2026-01-10',
      bp: 1_215,
      expected: eur(0),
    },
    {
      name: 'one day on €1,000 at 12.15 % (0.3328… → 0.33)',
      principal: eur(100_000),
      due: '2026-01-31',
      paid: '2026-02-01',
      bp: 1_215,
      expected: eur(33),
    },
    // 1 825 × 1 000 × 1 / 3 650 000 = 0.5 exactly.
    {
      name: 'a half cent rounds up (0.5 → 1)',
      principal: eur(1_825),
      due: '2026-01-01',
      paid: '2026-01-02',
      bp: 1_000,
      expected: eur(1),
    },
    {
      name: 'just under a half cent rounds down',
      principal: eur(1_824),
      due: '2026-01-01',
      paid: '2026-01-02',
      bp: 1_000,
      expected: eur(0),
    },
    {
      name: 'a zero-decimal currency',
      principal: { amountMinor: 1_000_000, currency: 'JPY' },
      due: '2026-01-31',
      paid: '2026-03-02',
      bp: 1_215,
      expected: { amountMinor: 9_986, currency: 'JPY' },
    },
    {
      name: 'a full leap year counts 366 days over 365',
      principal: eur(100_000),
      due: '2027-12-31',
      paid: '2028-12-31',
      bp: 1_000,
      expected: eur(10_027),
    },
    {
      name: 'amounts whose product exceeds 2^53',
      principal: eur(1_000_000_000_000),
      due: '2026-01-01',
      paid: '2036-01-01',
      bp: 1_215,
      expected: eur(1_215_665_753_425),
    },
  ])('computes $name', ({ principal, due, paid, bp, expected }) => {
    expect(
      latePaymentInterest({ principal, dueDate: due, paidOrToday: paid, annualRateBasisPoints: bp }),
    ).toEqual(expected)
  })

  test('uses a 360-day basis when asked', () => {
    expect(
      latePaymentInterest({
        principal: eur(1_000_000),
        dueDate: '2026-01-31',
        paidOrToday: '2026-03-02',
        annualRateBasisPoints: 1_215,
        dayCountBasis: 360,
      }),
    ).toEqual(eur(10_125))
  })

  test.each([
    { name: 'a negative principal', principal: eur(-1), bp: 1_215, message: /negative/ },
    { name: 'a fractional rate', principal: eur(1), bp: 12.15, message: /basis points/ },
    {
      name: 'an unknown currency',
      principal: { amountMinor: 1, currency: 'XXX' },
      bp: 1_215,
      message: /currency/,
    },
  ])('refuses $name as a programmer error', ({ principal, bp, message }) => {
    expect(() =>
      latePaymentInterest({
        principal,
        dueDate: '2026-01-31',
        paidOrToday: '2026-03-02',
        annualRateBasisPoints: bp,
      }),
    ).toThrow(message)
  })
})

describe('frenchB2bPenaltyRateFor', () => {
  test.each([
    { date: '2024-03-15', expected: 1_450, ecbFrom: '2023-09-20' },
    // The ECB cut of 12 June 2024 applies from H2 only.
    { date: '2024-06-30', expected: 1_450, ecbFrom: '2023-09-20' },
    { date: '2024-07-01', expected: 1_425, ecbFrom: '2024-06-12' },
    { date: '2025-03-01', expected: 1_315, ecbFrom: '2024-12-18' },
    { date: '2025-06-20', expected: 1_315, ecbFrom: '2024-12-18' },
    { date: '2025-08-01', expected: 1_215, ecbFrom: '2025-06-11' },
    { date: '2026-02-15', expected: 1_215, ecbFrom: '2025-06-11' },
  ])('gives $expected bp on $date (ECB rate of $ecbFrom)', ({ date, expected, ecbFrom }) => {
    const rate = frenchB2bPenaltyRateFor(date, table)
    expect(rate.ok && rate.value.rateBasisPoints).toBe(expected)
    expect(rate.ok && rate.value.ecbRate.from).toBe(ecbFrom)
    expect(rate.ok && rate.value.ecbRate.source).toMatch(/^https:\/\//)
  })

  test('names the semester it used', () => {
    const rate = frenchB2bPenaltyRateFor('2026-02-15', table)
    expect(rate.ok && rate.value.semester).toBe('2026-H1')
  })

  test('reports a semester before the first ECB row', () => {
    expect(frenchB2bPenaltyRateFor('2023-10-01', table)).toEqual({
      ok: false,
      error: { kind: 'no-ecb-rate-for-semester', semester: '2023-H2' },
    })
  })
})

describe('frenchRecoveryIndemnity', () => {
  test.each([
    { kind: 'professional', expected: eur(4_000) },
    { kind: 'public_body', expected: eur(4_000) },
    { kind: 'consumer', expected: null },
  ] as const)('owes $expected for a $kind debtor', ({ kind, expected }) => {
    expect(frenchRecoveryIndemnity(kind)).toEqual(expected)
  })
})

describe('frenchB2bLateAmounts', () => {
  test('gives case 44 its penalties and the €40 indemnity, apart', () => {
    const amounts = frenchB2bLateAmounts({
      principal: eur(1_000_000),
      dueDate: '2026-01-31',
      paidOrToday: '2026-03-02',
      debtorKind: 'professional',
      table,
    })
    expect(amounts).toEqual({
      ok: true,
      value: {
        penalties: eur(9_986),
        recoveryIndemnity: eur(4_000),
        periods: [
          { from: '2026-02-01', to: '2026-03-02', days: 30, rateBasisPoints: 1_215, semester: '2026-H1' },
        ],
      },
    })
  })

  test('applies each semester’s rate across 1 July and rounds once', () => {
    const amounts = frenchB2bLateAmounts({
      principal: eur(1_000_000),
      dueDate: '2025-06-20',
      paidOrToday: '2025-07-10',
      debtorKind: 'professional',
      table,
    })
    // 10 days at 13.15 % + 10 days at 12.15 % = (1 315 + 1 215) × 10 × 1 000 000 / 3 650 000 = 69.315… →
    // 69.32
    expect(amounts.ok && amounts.value.periods).toEqual([
      { from: '2025-06-21', to: '2025-06-30', days: 10, rateBasisPoints: 1_315, semester: '2025-H1' },
      { from: '2025-07-01', to: '2025-07-10', days: 10, rateBasisPoints: 1_215, semester: '2025-H2' },
    ])
    expect(amounts.ok && amounts.value.penalties).toEqual(eur(6_932))
  })

  test('uses a contract rate for the whole delay', () => {
    const amounts = frenchB2bLateAmounts({
      principal: eur(1_000_000),
      dueDate: '2025-06-20',
      paidOrToday: '2025-07-10',
      debtorKind: 'professional',
      table,
      contractRateBasisPoints: 900,
    })
    expect(amounts.ok && amounts.value.penalties).toEqual(eur(4_932))
  })

  test('owes the indemnity but no penalties on the due date itself', () => {
    const amounts = frenchB2bLateAmounts({
      principal: eur(50_000),
      dueDate: '2026-01-31',
      paidOrToday: '2026-01-31',
      debtorKind: 'professional',
      table,
    })
    expect(amounts.ok && [amounts.value.penalties, amounts.value.periods]).toEqual([eur(0), []])
  })

  test('refuses a consumer debtor, who owes neither', () => {
    expect(
      frenchB2bLateAmounts({
        principal: eur(1),
        dueDate: '2026-01-31',
        paidOrToday: '2026-03-02',
        debtorKind: 'consumer',
        table,
      }),
    ).toEqual({ ok: false, error: { kind: 'consumer-debtor' } })
  })

  test('reports a semester the table does not cover', () => {
    const empty: LatePaymentRateTable = { ecbMainRefinancingRate: [], frenchLegalRate: [] }
    expect(
      frenchB2bLateAmounts({
        principal: eur(1),
        dueDate: '2026-01-31',
        paidOrToday: '2026-03-02',
        debtorKind: 'professional',
        table: empty,
      }),
    ).toEqual({ ok: false, error: { kind: 'no-ecb-rate-for-semester', semester: '2026-H1' } })
  })
})

describe('frenchConsumerMoratoryInterest', () => {
  test('runs at the legal rate from the day after the formal notice', () => {
    // 1 000 000 × 262 × 30 / 3 650 000 = 21.53…
    expect(
      frenchConsumerMoratoryInterest({
        principal: eur(1_000_000),
        formalNoticeOn: '2026-03-01',
        paidOrToday: '2026-03-31',
        table,
      }),
    ).toEqual({
      ok: true,
      value: {
        interest: eur(2_153),
        periods: [
          { from: '2026-03-02', to: '2026-03-31', days: 30, rateBasisPoints: 262, semester: '2026-H1' },
        ],
        staleRates: [],
      },
    })
  })

  test('flags a semester whose legal rate is not in the table yet', () => {
    const interest = frenchConsumerMoratoryInterest({
      principal: eur(1_000_000),
      formalNoticeOn: '2026-06-25',
      paidOrToday: '2026-07-05',
      table,
    })
    expect(interest.ok && interest.value.staleRates).toEqual(['2026-H2'])
  })

  test('owes nothing on the day of the notice', () => {
    const interest = frenchConsumerMoratoryInterest({
      principal: eur(1_000_000),
      formalNoticeOn: '2026-03-01',
      paidOrToday: '2026-03-01',
      table,
    })
    expect(interest.ok && interest.value.interest).toEqual(eur(0))
  })

  test('reports a semester before the first legal rate', () => {
    expect(
      frenchConsumerMoratoryInterest({
        principal: eur(1),
        formalNoticeOn: '2024-03-01',
        paidOrToday: '2024-03-31',
        table,
      }),
    ).toEqual({ ok: false, error: { kind: 'no-legal-rate-for-semester', semester: '2024-H1' } })
  })
})
