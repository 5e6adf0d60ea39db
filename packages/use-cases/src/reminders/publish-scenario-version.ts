import type { ScenarioProblem } from '@quittance/domain/reminders/scenario'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { findScenarioVersion, insertScenarioVersion, lockScenarioForUpdate } from '@quittance/db/repositories/reminders-config'
import type { ScenarioDefinition } from '@quittance/db/schema/reminders'
import { checkDefinition } from './scenario-input'

export type PublishFailure = { kind: 'not-found' } | { kind: 'invalid'; problems: ScenarioProblem[] } | { kind: 'stale'; currentVersion: number }

/**
 * Publishes an edited scenario as version n + 1 (PRODUCT.md B5). Invoices in progress move to it at the next
 * plan: the history is keyed by the steps' stable keys, so no done step is sent again, and a step inserted before
 * done ones is passed. `basedOn` refuses an edit of a version someone else has replaced meanwhile.
 */
export async function publishScenarioVersion(
  db: Db,
  input: { scenarioId: string; basedOn?: number; definition: ScenarioDefinition; actor: { id: string | null; ipAddress?: string | null }; now: Date },
): Promise<Result<{ version: number }, PublishFailure>> {
  return db.transaction(async (tx) => {
    const scenario = await lockScenarioForUpdate(tx, input.scenarioId)
    if (!scenario) return err({ kind: 'not-found' as const })
    if (input.basedOn !== undefined && input.basedOn !== scenario.currentVersion) {
      return err({ kind: 'stale' as const, currentVersion: scenario.currentVersion })
    }
    const version = scenario.currentVersion + 1
    const checked = checkDefinition(input.definition, version)
    if (!checked.ok) return err({ kind: 'invalid' as const, problems: checked.error })
    const before = await findScenarioVersion(tx, { scenarioId: scenario.id })
    await insertScenarioVersion(tx, { scenarioId: scenario.id, version, definition: input.definition, createdBy: input.actor.id, now: input.now })
    await insertAuditEvent(tx, {
      actorType: input.actor.id ? 'staff' : 'system',
      actorId: input.actor.id,
      action: 'reminder_scenario.published',
      subjectType: 'reminder_scenario',
      subjectId: scenario.id,
      entityId: scenario.entityId,
      before: before ? { version: before.version, steps: before.steps.map((s) => s.key) } : null,
      after: { version, definition: input.definition },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ version })
  })
}
