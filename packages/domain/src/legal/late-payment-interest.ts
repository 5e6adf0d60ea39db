import { ecbRateInForceOn, frenchLegalRateOn, nextSemester, semesterOf } from './late-payment-interest-rates'
import type {
  EcbRateChange,
  FrenchLegalRate,
  LatePaymentRateTable,
  SemesterId,
} from './late-payment-interest-rates'
import { latePaymentMentions } from './late-payment-mentions'
import { addDays, daysBetween, isLocalDate, minDate } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import { money } from '../money/money'
import type { Money } from '../money/money'
import { invariant } from '../shared/invariant'
import { err, ok } from '../shared/result'
import type { Result } from '../shared/result'

/** French B2B statutory penalty rate: ECB MRO rate + 10 points (C. com. L441-10 II). */
export const FRENCH_B2B_PENALTY_MARGIN_BP = 1_000

export type DayCountBasis = 365 | 360

export type DebtorKind = 'professional' | 'consumer' | 'public_body'

// Simple interest on one amount: principal × rate × days / basis, with the rate in basis points (1 % = 100
// bp). BigInt keeps the product exact: €10 M × 1 215 bp × 3 650 days overflows 2^53.
function interestNumerator(principalMinor: number, rateBasisPoints: number, days: number): bigint {
  return BigInt(principalMinor) * BigInt(rateBasisPoints) * BigInt(days)
}

/**
 * Rounded once, to the nearest minor unit, halves away from zero ("arrondi au centime le plus proche"):
 * rounding each day or each semester would drift by a cent per period, and banker's rounding is not what a
 * debtor checks.
 */
function roundToMinor(numerator: bigint, basis: DayCountBasis): number {
  const denominator = 10_000n * BigInt(basis)
  return Number((2n * numerator + denominator) / (2n * denominator))
}

function assertInputs(principal: Money, dates: LocalDate[]): void {
  money(principal.amountMinor, principal.currency)
  invariant(principal.amountMinor >= 0, `principal must not be negative, got ${principal.amountMinor}`)
  for (const d of dates) invariant(isLocalDate(d), `not a LocalDate: "${d}"`)
}

/**
 * Days of delay: from the day after the due date up to and including the payment date (or today while
 * unpaid), so an invoice due on the 31st and paid on the 1st is one day late (L441-10 II: "le jour suivant").
 */
export function daysOfDelay(dueDate: LocalDate, paidOrToday: LocalDate): number {
  return Math.max(0, daysBetween(dueDate, paidOrToday))
}

/**
 * Simple interest at one annual rate, from the day after `dueDate` to `paidOrToday` inclusive, exact/365 by
 * default. €10,000 at 12.15 % for 30 days = 99.863… → €99.86.
 */
export function latePaymentInterest(input: {
  principal: Money
  dueDate: LocalDate
  paidOrToday: LocalDate
  annualRateBasisPoints: number
  dayCountBasis?: DayCountBasis
}): Money {
  const { principal, dueDate, paidOrToday, annualRateBasisPoints } = input
  assertInputs(principal, [dueDate, paidOrToday])
  invariant(
    Number.isSafeInteger(annualRateBasisPoints) && annualRateBasisPoints >= 0,
    `rate must be whole non-negative basis points, got ${annualRateBasisPoints}`,
  )
  const days = daysOfDelay(dueDate, paidOrToday)
  const numerator = interestNumerator(principal.amountMinor, annualRateBasisPoints, days)
  return money(roundToMinor(numerator, input.dayCountBasis ?? 365), principal.currency)
}

export type PenaltyRate = {
  rateBasisPoints: number
  semester: SemesterId
  /** The ECB change in force on 1 January or 1 July of the semester, with its source, to show in the UI. */
  ecbRate: EcbRateChange
}

export type PenaltyRateProblem = { kind: 'no-ecb-rate-for-semester'; semester: SemesterId }

/**
 * The French B2B statutory rate for the semester containing `date`: the ECB rate in force on 1 January (H1)
 * or 1 July (H2), plus 10 points. A cut in March does not change the H1 rate.
 */
export function frenchB2bPenaltyRateFor(
  date: LocalDate,
  table: LatePaymentRateTable,
): Result<PenaltyRate, PenaltyRateProblem> {
  const semester = semesterOf(date)
  const ecbRate = ecbRateInForceOn(semester.start, table)
  if (ecbRate === null) return err({ kind: 'no-ecb-rate-for-semester', semester: semester.id })
  return ok({
    rateBasisPoints: ecbRate.rateBasisPoints + FRENCH_B2B_PENALTY_MARGIN_BP,
    semester: semester.id,
    ecbRate,
  })
}

export type InterestPeriod = {
  from: LocalDate
  to: LocalDate
  days: number
  rateBasisPoints: number
  semester: SemesterId
}

export type FrenchB2bLateAmounts = {
  /** Penalties accrued on the principal, in the invoice's currency. */
  penalties: Money
  /**
   * €40 per invoice (D441-5), kept apart from penalties and principal, as LEGAL.md §3 asks letters to show.
   */
  recoveryIndemnity: Money
  /** One row per semester crossed (or one row at the contract rate), for the letter's annex and the UI. */
  periods: InterestPeriod[]
}

export type FrenchB2bLateAmountsProblem = PenaltyRateProblem | { kind: 'consumer-debtor' }

// Splits [from, to] at semester boundaries: each semester has its own statutory rate.
function semesterPeriods(
  from: LocalDate,
  to: LocalDate,
): { from: LocalDate; to: LocalDate; semester: SemesterId }[] {
  const periods: { from: LocalDate; to: LocalDate; semester: SemesterId }[] = []
  let semester = semesterOf(from)
  let start = from
  while (daysBetween(start, to) >= 0) {
    const end = minDate(semester.end, to)
    periods.push({ from: start, to: end, semester: semester.id })
    semester = nextSemester(semester)
    start = semester.start
  }
  return periods
}

/**
 * What a late French B2B invoice owes on top of its principal on `paidOrToday`: penalties at the contract
 * rate, or by default at the statutory rate of each semester crossed, and the €40 indemnity. A consumer owes
 * neither (LEGAL.md §2): the caller shows legal-rate interest from the formal notice instead.
 */
export function frenchB2bLateAmounts(input: {
  principal: Money
  dueDate: LocalDate
  paidOrToday: LocalDate
  debtorKind: DebtorKind
  table: LatePaymentRateTable
  /**
   * A contract's own rate (already checked against the 3 × legal-rate floor), or null for the statutory rate.
   */
  contractRateBasisPoints?: number | null
}): Result<FrenchB2bLateAmounts, FrenchB2bLateAmountsProblem> {
  const { principal, dueDate, paidOrToday, table } = input
  assertInputs(principal, [dueDate, paidOrToday])
  const indemnity = frenchRecoveryIndemnity(input.debtorKind)
  if (indemnity === null) return err({ kind: 'consumer-debtor' })
  const periods: InterestPeriod[] = []
  if (daysOfDelay(dueDate, paidOrToday) > 0) {
    for (const p of semesterPeriods(addDays(dueDate, 1), paidOrToday)) {
      let rateBasisPoints = input.contractRateBasisPoints ?? null
      if (rateBasisPoints === null) {
        const rate = frenchB2bPenaltyRateFor(p.from, table)
        if (!rate.ok) return rate
        rateBasisPoints = rate.value.rateBasisPoints
      }
      periods.push({ ...p, days: daysBetween(p.from, p.to) + 1, rateBasisPoints })
    }
  }
  const numerator = periods.reduce(
    (sum, p) => sum + interestNumerator(principal.amountMinor, p.rateBasisPoints, p.days),
    0n,
  )
  return ok({
    penalties: money(roundToMinor(numerator, 365), principal.currency),
    recoveryIndemnity: indemnity,
    periods,
  })
}

/**
 * €40 per late invoice for professional (and public) debtors, never for consumers (D441-5, LEGAL.md §1–2).
 */
export function frenchRecoveryIndemnity(debtorKind: DebtorKind): Money | null {
  return (
    latePaymentMentions({ creditorCountry: 'FR', debtorKind, penaltyRateBasisPoints: null })
      ?.recoveryIndemnity ?? null
  )
}

export type ConsumerInterest = { interest: Money; periods: InterestPeriod[]; staleRates: SemesterId[] }

export type ConsumerInterestProblem = { kind: 'no-legal-rate-for-semester'; semester: SemesterId }

/**
 * Moratory interest owed by a consumer (C. civ. 1231-6, 1344-1): the legal rate ("autres cas", the creditor
 * being a business) from the day after the formal notice, per semester. Nothing runs before a formal notice.
 */
export function frenchConsumerMoratoryInterest(input: {
  principal: Money
  formalNoticeOn: LocalDate
  paidOrToday: LocalDate
  table: LatePaymentRateTable
}): Result<ConsumerInterest, ConsumerInterestProblem> {
  const { principal, formalNoticeOn, paidOrToday, table } = input
  assertInputs(principal, [formalNoticeOn, paidOrToday])
  const periods: InterestPeriod[] = []
  const staleRates: SemesterId[] = []
  if (daysOfDelay(formalNoticeOn, paidOrToday) > 0) {
    for (const p of semesterPeriods(addDays(formalNoticeOn, 1), paidOrToday)) {
      const lookup = frenchLegalRateOn(p.from, table)
      if (lookup === null) return err({ kind: 'no-legal-rate-for-semester', semester: p.semester })
      if (lookup.stale) staleRates.push(p.semester)
      const rate: FrenchLegalRate = lookup.rate
      periods.push({ ...p, days: daysBetween(p.from, p.to) + 1, rateBasisPoints: rate.otherCasesBasisPoints })
    }
  }
  const numerator = periods.reduce(
    (sum, p) => sum + interestNumerator(principal.amountMinor, p.rateBasisPoints, p.days),
    0n,
  )
  return ok({ interest: money(roundToMinor(numerator, 365), principal.currency), periods, staleRates })
}
