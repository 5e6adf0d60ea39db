import { money } from '../money/money'
import type { Money } from '../money/money'
import { invariant } from '../shared/invariant'

// ECB refinancing rate (2.15 % since 11 June 2025) + 10 points, C. com. L441-10 II. Verify every semester
// (LEGAL.md §1): the rate of 1 January or 1 July applies for the whole half-year.
export const FRENCH_DEFAULT_PENALTY_RATE_BP = 1215

// D441-5: the €40 indemnity is owed by professional debtors only, and the invoice must state the exact amount.
const FRENCH_RECOVERY_INDEMNITY_MINOR = 4000

export type LatePaymentMentionsInput = {
  creditorCountry: string
  debtorKind: 'professional' | 'consumer' | 'public_body'
  // The contract's rate, or null to use the statutory default.
  penaltyRateBasisPoints: number | null
}

export type LatePaymentMentions = { penaltyRateBasisPoints: number; recoveryIndemnity: Money }

// The mentions a French B2B (or B2G) invoice must carry; null when French law requires none (consumers,
// foreign creditors, whose country templates carry their own).
export function latePaymentMentions(input: LatePaymentMentionsInput): LatePaymentMentions | null {
  if (input.creditorCountry.toUpperCase() !== 'FR') return null
  if (input.debtorKind === 'consumer') return null
  const rate = input.penaltyRateBasisPoints ?? FRENCH_DEFAULT_PENALTY_RATE_BP
  invariant(Number.isSafeInteger(rate) && rate >= 0, `penalty rate must be whole basis points, got ${rate}`)
  return { penaltyRateBasisPoints: rate, recoveryIndemnity: money(FRENCH_RECOVERY_INDEMNITY_MINOR, 'EUR') }
}

// 1215 → '12,15 %' (fr-FR) or '12.15%' (en-GB); the decimal is built from the digits, never from a float.
export function formatBasisPointsAsPercent(bp: number, locale: string): string {
  invariant(Number.isSafeInteger(bp), `basis points must be an integer, got ${bp}`)
  const digits = Math.abs(bp).toString().padStart(5, '0')
  const fraction = `${bp < 0 ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}` as `${number}`
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(fraction)
}

/**
 * BGB §286(3): a German consumer is in default 30 days after due date and receipt only if the invoice says so,
 * so a German creditor's invoice to a consumer must carry that notice (LEGAL.md §7).
 */
export function requiresGermanConsumerDefaultNotice(input: { creditorCountry: string; debtorKind: LatePaymentMentionsInput['debtorKind'] }) {
  return input.creditorCountry.toUpperCase() === 'DE' && input.debtorKind === 'consumer'
}
