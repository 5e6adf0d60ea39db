import { SEEDED_LATE_PAYMENT_RATES } from '@quittance/domain/legal/late-payment-interest-rates'
import { ENGLISH_B2B_SCENARIO, FRENCH_B2B_SCENARIO, FRENCH_B2C_SCENARIO } from '@quittance/domain/reminders/default-scenarios'
import type { Scenario } from '@quittance/domain/reminders/scenario'
import type { Db } from '@quittance/db/client'
import {
  findReminderSettings,
  insertScenario,
  listAssignmentRules,
  listScenarios,
  replaceAssignmentRules,
  upsertLatePaymentRate,
  upsertReminderSettings,
} from '@quittance/db/repositories/reminders-config'

export const DEFAULT_SCENARIOS: readonly Scenario[] = [FRENCH_B2B_SCENARIO, FRENCH_B2C_SCENARIO, ENGLISH_B2B_SCENARIO]

function definitionOf(scenario: Scenario) {
  const { id: _id, version: _version, ...definition } = scenario
  return definition
}

/**
 * Ships the defaults (PRODUCT.md B5): the three scenarios written in the domain, consumers on the B2C one and
 * everyone else on French B2B, and the statutory rate table with its sources. Safe to call from several processes
 * at once and on every start: what exists (and anything an admin edited) is kept.
 */
export async function ensureReminderDefaults(db: Db, input: { entityId: string; now: Date }): Promise<{ created: boolean }> {
  await seedLatePaymentRates(db, input.now)
  const existing = await listScenarios(db, { entityId: input.entityId })
  if (existing.length > 0) return { created: false }
  return db.transaction(async (tx) => {
    const ids: Record<string, string> = {}
    for (const scenario of DEFAULT_SCENARIOS) {
      const row = await insertScenario(tx, { entityId: input.entityId, key: scenario.id, definition: definitionOf(scenario), createdBy: null })
      if (!row) return { created: false }
      ids[scenario.id] = row.id
    }
    const settings = await findReminderSettings(tx, input.entityId)
    if (settings.defaultScenarioId === null) {
      await upsertReminderSettings(tx, { entityId: input.entityId, defaultScenarioId: ids[FRENCH_B2B_SCENARIO.id]!, now: input.now })
    }
    if ((await listAssignmentRules(tx, input.entityId)).length === 0) {
      await replaceAssignmentRules(tx, {
        entityId: input.entityId,
        rules: [{ scenarioId: ids[FRENCH_B2C_SCENARIO.id]!, when: { customerKinds: ['consumer'] } }],
      })
    }
    return { created: true }
  })
}

export async function seedLatePaymentRates(db: Db, now: Date) {
  for (const r of SEEDED_LATE_PAYMENT_RATES.ecbMainRefinancingRate) {
    await upsertLatePaymentRate(db, {
      kind: 'ecb_mro',
      effectiveFrom: r.from,
      rateBasisPoints: r.rateBasisPoints,
      nonProfessionalBasisPoints: null,
      semester: null,
      source: r.source,
      updatedBy: null,
      now,
      onlyIfMissing: true,
    })
  }
  for (const r of SEEDED_LATE_PAYMENT_RATES.frenchLegalRate) {
    await upsertLatePaymentRate(db, {
      kind: 'fr_legal',
      effectiveFrom: r.from,
      rateBasisPoints: r.otherCasesBasisPoints,
      nonProfessionalBasisPoints: r.nonProfessionalCreditorBasisPoints,
      semester: r.semester,
      source: r.source,
      updatedBy: null,
      now,
      onlyIfMissing: true,
    })
  }
}
