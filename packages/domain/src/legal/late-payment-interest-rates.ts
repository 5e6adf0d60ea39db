import { addDays, compareLocalDates, isLocalDate } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import { invariant } from '../shared/invariant'
import { err, ok } from '../shared/result'
import type { Result } from '../shared/result'

/** A change of the ECB main refinancing operations (MRO) rate, effective from `from`. Basis points. */
export type EcbRateChange = { from: LocalDate; rateBasisPoints: number; source: string }

/**
 * The French taux de l'intérêt légal of one semester (L313-2 C. mon. fin.), published by arrêté. Two rates:
 * "autres cas" (any creditor acting for professional purposes, which is every Quittance tenant) and the
 * higher one for creditors who are natural persons not acting for professional purposes (null where our
 * source gives none).
 */
export type FrenchLegalRate = {
  semester: SemesterId
  from: LocalDate
  otherCasesBasisPoints: number
  nonProfessionalCreditorBasisPoints: number | null
  source: string
}

/** Seeded, then edited by admins each semester (LEGAL.md §8). Both lists are sorted by `from`. */
export type LatePaymentRateTable = {
  ecbMainRefinancingRate: readonly EcbRateChange[]
  frenchLegalRate: readonly FrenchLegalRate[]
}

/** '2026-H1' (1 January – 30 June) or '2026-H2' (1 July – 31 December). */
export type SemesterId = `${number}-H1` | `${number}-H2`
export type Semester = { id: SemesterId; start: LocalDate; end: LocalDate }

const ECB_KEY_RATES =
  'https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/html/index.en.html'

/**
 * Seed values (LEGAL.md §1, security-research.md §0). Verify each semester: the ECB may have moved since the
 * last row, and a new arrêté sets the legal rate every June and December.
 */
export const SEEDED_LATE_PAYMENT_RATES: LatePaymentRateTable = {
  ecbMainRefinancingRate: [
    { from: '2023-09-20', rateBasisPoints: 450, source: ECB_KEY_RATES },
    { from: '2024-06-12', rateBasisPoints: 425, source: ECB_KEY_RATES },
    { from: '2024-09-18', rateBasisPoints: 365, source: ECB_KEY_RATES },
    { from: '2024-10-23', rateBasisPoints: 340, source: ECB_KEY_RATES },
    { from: '2024-12-18', rateBasisPoints: 315, source: ECB_KEY_RATES },
    { from: '2025-02-05', rateBasisPoints: 290, source: ECB_KEY_RATES },
    { from: '2025-03-12', rateBasisPoints: 265, source: ECB_KEY_RATES },
    { from: '2025-04-23', rateBasisPoints: 240, source: ECB_KEY_RATES },
    {
      from: '2025-06-11',
      rateBasisPoints: 215,
      source:
        'https://legifiscal.fr/actualites-fiscales/574-nouvelle-baisse-du-taux-directeur-de-la-bce.html',
    },
  ],
  frenchLegalRate: [
    {
      semester: '2025-H1',
      from: '2025-01-01',
      otherCasesBasisPoints: 371,
      nonProfessionalCreditorBasisPoints: null,
      source: 'https://infos.votrexpert.com/ECOSPHERE_EXPERTISE/chiffres/taux_interet_legal.html',
    },
    {
      semester: '2025-H2',
      from: '2025-07-01',
      otherCasesBasisPoints: 276,
      nonProfessionalCreditorBasisPoints: 665,
      source:
        'https://ksca.fr/contenus-juridiques/actualites/lire/taux-de-linteret-legal-a-compter-du-1er-juillet-2025/615065',
    },
    {
      semester: '2026-H1',
      from: '2026-01-01',
      otherCasesBasisPoints: 262,
      nonProfessionalCreditorBasisPoints: 667,
      source: 'https://juriblio.fr/arretes/arrete-du-15-decembre-2025/187383136',
    },
  ],
}

export function semesterOf(date: LocalDate): Semester {
  invariant(isLocalDate(date), `not a LocalDate: "${date}"`)
  const year = date.slice(0, 4)
  return Number(date.slice(5, 7)) <= 6
    ? { id: `${Number(year)}-H1`, start: `${year}-01-01`, end: `${year}-06-30` }
    : { id: `${Number(year)}-H2`, start: `${year}-07-01`, end: `${year}-12-31` }
}

export function nextSemester(semester: Semester): Semester {
  return semesterOf(addDays(semester.end, 1))
}

/**
 * The ECB change in force on a day (the latest one effective on or before it), or null before the first row.
 */
export function ecbRateInForceOn(date: LocalDate, table: LatePaymentRateTable): EcbRateChange | null {
  invariant(isLocalDate(date), `not a LocalDate: "${date}"`)
  return table.ecbMainRefinancingRate.filter((r) => compareLocalDates(r.from, date) <= 0).at(-1) ?? null
}

export type FrenchLegalRateLookup = {
  rate: FrenchLegalRate
  /** True when the table has no row for this semester and the last known one was used. */
  stale: boolean
}

export function frenchLegalRateOn(
  date: LocalDate,
  table: LatePaymentRateTable,
): FrenchLegalRateLookup | null {
  invariant(isLocalDate(date), `not a LocalDate: "${date}"`)
  const rate = table.frenchLegalRate.filter((r) => compareLocalDates(r.from, date) <= 0).at(-1)
  if (rate === undefined) return null
  return { rate, stale: rate.semester !== semesterOf(date).id }
}

export type RateTableProblem =
  | { kind: 'unsorted-or-duplicate-dates'; list: 'ecb' | 'legal'; from: LocalDate }
  | { kind: 'invalid-date'; list: 'ecb' | 'legal'; from: string }
  | { kind: 'invalid-rate'; list: 'ecb' | 'legal'; from: LocalDate }
  | { kind: 'missing-source'; list: 'ecb' | 'legal'; from: LocalDate }
  | { kind: 'legal-rate-not-on-semester-start'; from: LocalDate }

const isRate = (bp: number | null) => bp === null || (Number.isSafeInteger(bp) && bp >= 0 && bp <= 100_000)
const isSource = (s: string) => /^https?:\/\/\S+$/.test(s)

/**
 * Checks an edited table before it is saved: every rate says where it comes from, and dates only move
 * forward.
 */
export function validateRateTable(
  table: LatePaymentRateTable,
): Result<LatePaymentRateTable, RateTableProblem[]> {
  const problems: RateTableProblem[] = []
  const check = (
    list: 'ecb' | 'legal',
    rows: readonly { from: string; source: string }[],
    rates: (number | null)[][],
  ) => {
    rows.forEach((row, i) => {
      if (!isLocalDate(row.from)) {
        problems.push({ kind: 'invalid-date', list, from: row.from })
        return
      }
      const previous = rows[i - 1]
      if (previous && isLocalDate(previous.from) && compareLocalDates(previous.from, row.from) >= 0) {
        problems.push({ kind: 'unsorted-or-duplicate-dates', list, from: row.from })
      }
      if (!rates[i]!.every(isRate)) problems.push({ kind: 'invalid-rate', list, from: row.from })
      if (!isSource(row.source)) problems.push({ kind: 'missing-source', list, from: row.from })
    })
  }
  check(
    'ecb',
    table.ecbMainRefinancingRate,
    table.ecbMainRefinancingRate.map((r) => [r.rateBasisPoints]),
  )
  check(
    'legal',
    table.frenchLegalRate,
    table.frenchLegalRate.map((r) => [r.otherCasesBasisPoints, r.nonProfessionalCreditorBasisPoints]),
  )
  for (const row of table.frenchLegalRate) {
    if (
      isLocalDate(row.from) &&
      (semesterOf(row.from).start !== row.from || semesterOf(row.from).id !== row.semester)
    ) {
      problems.push({ kind: 'legal-rate-not-on-semester-start', from: row.from })
    }
  }
  return problems.length === 0 ? ok(table) : err(problems)
}
