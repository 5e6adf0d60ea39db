import { describe, expect, test } from 'vitest'
import {
  FRENCH_DEFAULT_PENALTY_RATE_BP,
  formatBasisPointsAsPercent,
  latePaymentMentions,
  requiresGermanConsumerDefaultNotice,
} from './late-payment-mentions'

const NBSP = '\u00A0'
const indemnity = { amountMinor: 4_000, currency: 'EUR' }

describe('latePaymentMentions', () => {
  test('uses ECB 2.15 % + 10 points as the French default rate', () => {
    expect(FRENCH_DEFAULT_PENALTY_RATE_BP).toBe(1_215)
  })

  test.each([
    {
      name: 'a French creditor and a professional debtor with no contract rate',
      input: { creditorCountry: 'FR', debtorKind: 'professional', penaltyRateBasisPoints: null },
      expected: { penaltyRateBasisPoints: 1_215, recoveryIndemnity: indemnity },
    },
    {
      name: 'a French creditor with a contract rate',
      input: { creditorCountry: 'FR', debtorKind: 'professional', penaltyRateBasisPoints: 900 },
      expected: { penaltyRateBasisPoints: 900, recoveryIndemnity: indemnity },
    },
    {
      name: 'a French creditor and a public body',
      input: { creditorCountry: 'FR', debtorKind: 'public_body', penaltyRateBasisPoints: null },
      expected: { penaltyRateBasisPoints: 1_215, recoveryIndemnity: indemnity },
    },
    {
      name: 'a lower-case country code',
      input: { creditorCountry: 'fr', debtorKind: 'professional', penaltyRateBasisPoints: null },
      expected: { penaltyRateBasisPoints: 1_215, recoveryIndemnity: indemnity },
    },
    {
      name: 'a contract rate of zero, which is still a stated rate',
      input: { creditorCountry: 'FR', debtorKind: 'professional', penaltyRateBasisPoints: 0 },
      expected: { penaltyRateBasisPoints: 0, recoveryIndemnity: indemnity },
    },
    {
      name: 'a consumer debtor, who owes no €40 indemnity',
      input: { creditorCountry: 'FR', debtorKind: 'consumer', penaltyRateBasisPoints: null },
      expected: null,
    },
    {
      name: 'a German creditor',
      input: { creditorCountry: 'DE', debtorKind: 'professional', penaltyRateBasisPoints: null },
      expected: null,
    },
    {
      name: 'a Belgian creditor with a contract rate',
      input: { creditorCountry: 'BE', debtorKind: 'professional', penaltyRateBasisPoints: 1_000 },
      expected: null,
    },
  ] as const)('gives $name the mentions $expected', ({ input, expected }) => {
    expect(latePaymentMentions(input)).toEqual(expected)
  })

  test.each([-1, 12.5])('refuses a contract rate of %s basis points as a programmer error', (rate) => {
    expect(() =>
      latePaymentMentions({
        creditorCountry: 'FR',
        debtorKind: 'professional',
        penaltyRateBasisPoints: rate,
      }),
    ).toThrow(/basis points/)
  })
})

describe('formatBasisPointsAsPercent', () => {
  test.each([
    { bp: 1_215, locale: 'fr-FR', expected: `12,15${NBSP}%` },
    { bp: 1_215, locale: 'fr', expected: `12,15${NBSP}%` },
    { bp: 1_215, locale: 'en-GB', expected: '12.15%' },
    { bp: 1_215, locale: 'en', expected: '12.15%' },
    { bp: 1_215, locale: 'de-DE', expected: `12,15${NBSP}%` },
    { bp: 1_215, locale: 'es-ES', expected: `12,15${NBSP}%` },
    { bp: 786, locale: 'fr-FR', expected: `7,86${NBSP}%` },
    { bp: 1_000, locale: 'en-GB', expected: '10.00%' },
    { bp: 1, locale: 'en-GB', expected: '0.01%' },
    { bp: 0, locale: 'en-GB', expected: '0.00%' },
    // 0.29 × 100 is 28.999999999999996 in floating point.
    { bp: 29, locale: 'en-GB', expected: '0.29%' },
    { bp: 123_456, locale: 'en-GB', expected: '1,234.56%' },
    { bp: -50, locale: 'en-GB', expected: '-0.50%' },
  ])('writes $bp basis points in $locale as $expected', ({ bp, locale, expected }) => {
    expect(formatBasisPointsAsPercent(bp, locale)).toBe(expected)
  })

  test('refuses a fractional number of basis points', () => {
    expect(() => formatBasisPointsAsPercent(12.5, 'en-GB')).toThrow(/integer/)
  })
})

describe('the German consumer default notice', () => {
  test.each([
    { creditorCountry: 'DE', debtorKind: 'consumer', expected: true },
    { creditorCountry: 'de', debtorKind: 'consumer', expected: true },
    { creditorCountry: 'DE', debtorKind: 'professional', expected: false },
    { creditorCountry: 'FR', debtorKind: 'consumer', expected: false },
  ] as const)('is required for a $creditorCountry creditor and a $debtorKind debtor: $expected', (input) => {
    expect(requiresGermanConsumerDefaultNotice(input)).toBe(input.expected)
  })
})
