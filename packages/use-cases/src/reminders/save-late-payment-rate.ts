import { semesterOf, validateRateTable, type LatePaymentRateTable, type RateTableProblem } from '@quittance/domain/legal/late-payment-interest-rates'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { listLatePaymentRates, upsertLatePaymentRate, type LatePaymentRateRow } from '@quittance/db/repositories/reminders-config'

export function rateTableOf(rows: readonly LatePaymentRateRow[]): LatePaymentRateTable {
  return {
    ecbMainRefinancingRate: rows.filter((r) => r.kind === 'ecb_mro').map((r) => ({ from: r.effectiveFrom, rateBasisPoints: r.rateBasisPoints, source: r.source })),
    frenchLegalRate: rows
      .filter((r) => r.kind === 'fr_legal')
      .map((r) => ({
        semester: (r.semester ?? semesterOf(r.effectiveFrom).id) as `${number}-H1`,
        from: r.effectiveFrom,
        otherCasesBasisPoints: r.rateBasisPoints,
        nonProfessionalCreditorBasisPoints: r.nonProfessionalBasisPoints,
        source: r.source,
      })),
  }
}

/**
 * Adds or corrects one statutory rate (an ECB change, a semester's taux légal), with its source: the whole table is
 * checked as the domain checks it (dates in order, a source for each rate, legal rates on semester starts).
 */
export async function saveLatePaymentRate(
  db: Db,
  input: {
    kind: 'ecb_mro' | 'fr_legal'
    effectiveFrom: string
    rateBasisPoints: number
    nonProfessionalBasisPoints: number | null
    source: string
    actor: { id: string; ipAddress?: string | null }
    now: Date
  },
): Promise<Result<{ saved: true }, RateTableProblem[]>> {
  return db.transaction(async (tx) => {
    const rows = await listLatePaymentRates(tx)
    const semester = input.kind === 'fr_legal' ? semesterOf(input.effectiveFrom).id : null
    const candidate: LatePaymentRateRow = {
      id: 'candidate',
      kind: input.kind,
      effectiveFrom: input.effectiveFrom,
      rateBasisPoints: input.rateBasisPoints,
      nonProfessionalBasisPoints: input.nonProfessionalBasisPoints,
      semester,
      source: input.source,
      updatedAt: input.now,
    }
    const merged = [...rows.filter((r) => !(r.kind === input.kind && r.effectiveFrom === input.effectiveFrom)), candidate].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
    const checked = validateRateTable(rateTableOf(merged))
    if (!checked.ok) return err(checked.error)
    const before = rows.find((r) => r.kind === input.kind && r.effectiveFrom === input.effectiveFrom) ?? null
    await upsertLatePaymentRate(tx, { ...input, semester, updatedBy: input.actor.id })
    await insertAuditEvent(tx, {
      actorType: 'staff',
      actorId: input.actor.id,
      action: 'late_payment_rate.saved',
      subjectType: 'late_payment_rate',
      subjectId: `${input.kind}:${input.effectiveFrom}`,
      before,
      after: { rateBasisPoints: input.rateBasisPoints, nonProfessionalBasisPoints: input.nonProfessionalBasisPoints, source: input.source },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ saved: true as const })
  })
}
