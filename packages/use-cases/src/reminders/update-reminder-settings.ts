import type { AssignmentRule } from '@quittance/domain/reminders/assign-scenario'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  findReminderSettings,
  listAssignmentRules,
  listScenarios,
  replaceAssignmentRules,
  upsertReminderSettings,
} from '@quittance/db/repositories/reminders-config'

/** The entity's default scenario, test mode, planning hour and assignment rules, in one audited change. */
export async function updateReminderSettings(
  db: Db,
  input: {
    entityId: string
    defaultScenarioId?: string
    testMode?: boolean
    planningHour?: number
    rules?: readonly AssignmentRule[]
    actor: { id: string; ipAddress?: string | null }
    now: Date
  },
): Promise<Result<{ changed: boolean }, 'unknown-scenario' | 'invalid-hour'>> {
  if (input.planningHour !== undefined && (!Number.isInteger(input.planningHour) || input.planningHour < 0 || input.planningHour > 23)) {
    return err('invalid-hour')
  }
  return db.transaction(async (tx) => {
    const scenarios = new Set((await listScenarios(tx, { entityId: input.entityId })).map((s) => s.id))
    const wanted = [input.defaultScenarioId, ...(input.rules ?? []).map((r) => r.scenarioId)].filter((id): id is string => id !== undefined)
    if (wanted.some((id) => !scenarios.has(id))) return err('unknown-scenario' as const)
    const before = { settings: await findReminderSettings(tx, input.entityId), rules: await listAssignmentRules(tx, input.entityId) }
    await upsertReminderSettings(tx, {
      entityId: input.entityId,
      ...(input.defaultScenarioId !== undefined ? { defaultScenarioId: input.defaultScenarioId } : {}),
      ...(input.testMode !== undefined ? { testMode: input.testMode } : {}),
      ...(input.planningHour !== undefined ? { planningHour: input.planningHour } : {}),
      now: input.now,
    })
    if (input.rules) await replaceAssignmentRules(tx, { entityId: input.entityId, rules: input.rules })
    const after = { settings: await findReminderSettings(tx, input.entityId), rules: await listAssignmentRules(tx, input.entityId) }
    const changed = JSON.stringify(before) !== JSON.stringify(after)
    if (changed) {
      await insertAuditEvent(tx, {
        actorType: 'staff',
        actorId: input.actor.id,
        action: 'reminder_settings.updated',
        subjectType: 'entity',
        subjectId: input.entityId,
        entityId: input.entityId,
        before,
        after,
        ipAddress: input.actor.ipAddress ?? null,
      })
    }
    return ok({ changed })
  })
}
