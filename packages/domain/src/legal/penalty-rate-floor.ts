import { compareLocalDates, isLocalDate, type LocalDate } from '../dates/local-date'
import { err, ok, type Result } from '../shared/result'
import { invariant } from '../shared/invariant'

/**
 * French taux de l'intérêt légal, "autres cas" (creditor acting for professional purposes), per semester
 * (LEGAL.md §1). Published by arrêté each semester: add the new row when it comes out. Basis points.
 */
export const FRENCH_LEGAL_RATES: readonly { semester: string; from: LocalDate; rateBasisPoints: number; source: string }[] = [
  { semester: '2025-H1', from: '2025-01-01', rateBasisPoints: 371, source: 'https://infos.votrexpert.com/ECOSPHERE_EXPERTISE/chiffres/taux_interet_legal.html' },
  { semester: '2025-H2', from: '2025-07-01', rateBasisPoints: 276, source: 'https://ksca.fr/contenus-juridiques/actualites/lire/taux-de-linteret-legal-a-compter-du-1er-juillet-2025/615065' },
  { semester: '2026-H1', from: '2026-01-01', rateBasisPoints: 262, source: 'https://juriblio.fr/arretes/arrete-du-15-decembre-2025/187383136' },
]

/** C. com. L441-10 II: a contractual late-payment rate may not be lower than three times the legal rate. */
export const FLOOR_MULTIPLIER = 3

export type PenaltyRateFloor = {
  /** 3 × the legal rate, in basis points. */
  floorBasisPoints: number
  legalRateBasisPoints: number
  /** The semester whose rate was used ("2026-H1"). */
  semester: string
  /**
   * True when `on` is in a later semester than the last one in the table: the last known rate was used, and
   * the table needs its next row.
   */
  stale: boolean
}

function semesterOf(date: LocalDate): string {
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? 'H1' : 'H2'}`
}

/**
 * The floor for a French creditor's contractual rate on a given day, or null when the creditor is not French
 * (no such floor) or the day is before the first semester we know.
 */
export function penaltyRateFloor(input: { creditorCountry: string; on: LocalDate }): PenaltyRateFloor | null {
  invariant(isLocalDate(input.on), `not a LocalDate: "${input.on}"`)
  if (input.creditorCountry.toUpperCase() !== 'FR') return null
  const row = FRENCH_LEGAL_RATES.filter((r) => compareLocalDates(r.from, input.on) <= 0).at(-1)
  if (!row) return null
  return {
    floorBasisPoints: FLOOR_MULTIPLIER * row.rateBasisPoints,
    legalRateBasisPoints: row.rateBasisPoints,
    semester: row.semester,
    stale: semesterOf(input.on) !== row.semester,
  }
}

export type ContractRateError = { kind: 'below-floor'; floor: PenaltyRateFloor }

/** Accepts a contractual rate (or null: the statutory default, ECB + 10 points) unless it is below the floor. */
export function checkContractPenaltyRate(input: {
  creditorCountry: string
  rateBasisPoints: number | null
  on: LocalDate
}): Result<number | null, ContractRateError> {
  if (input.rateBasisPoints === null) return ok(null)
  invariant(Number.isSafeInteger(input.rateBasisPoints) && input.rateBasisPoints >= 0, 'rate must be whole basis points')
  const floor = penaltyRateFloor({ creditorCountry: input.creditorCountry, on: input.on })
  if (floor && input.rateBasisPoints < floor.floorBasisPoints) return err({ kind: 'below-floor', floor })
  return ok(input.rateBasisPoints)
}

/**
 * A percentage as typed ("7,86", "10.5", "12 %") to whole basis points (786, 1050, 1200), from the digits so no
 * float rounding creeps in. Null when it is not a number with at most two decimals.
 */
export function parsePercentToBasisPoints(input: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(input.trim().replace(/\s*%$/, ''))
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** 786 → "7.86" (a form value; the page formats it for display). */
export function basisPointsToPercentInput(bp: number): string {
  invariant(Number.isSafeInteger(bp) && bp >= 0, 'basis points must be a non-negative integer')
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`
}
