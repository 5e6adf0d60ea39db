import { randomBytes } from 'node:crypto'
import type { ScenarioProblem } from '@quittance/domain/reminders/scenario'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { insertScenario } from '@quittance/db/repositories/reminders-config'
import type { ScenarioDefinition } from '@quittance/db/schema/reminders'
import { checkDefinition, slugOf } from './scenario-input'

/** A new scenario at version 1, validated as a whole; audited. */
export async function createScenario(
  db: Db,
  input: { entityId: string; definition: ScenarioDefinition; actor: { id: string | null; ipAddress?: string | null } },
): Promise<Result<{ scenarioId: string }, ScenarioProblem[]>> {
  const checked = checkDefinition(input.definition, 1)
  if (!checked.ok) return err(checked.error)
  return db.transaction(async (tx) => {
    const key = `${slugOf(input.definition.name)}-${randomBytes(3).toString('hex')}`
    const row = await insertScenario(tx, { entityId: input.entityId, key, definition: input.definition, createdBy: input.actor.id })
    if (!row) throw new Error('Invariant failed: scenario key collision')
    await insertAuditEvent(tx, {
      actorType: input.actor.id ? 'staff' : 'system',
      actorId: input.actor.id,
      action: 'reminder_scenario.created',
      subjectType: 'reminder_scenario',
      subjectId: row.id,
      entityId: input.entityId,
      after: { version: 1, definition: input.definition },
      ipAddress: input.actor.ipAddress ?? null,
    })
    return ok({ scenarioId: row.id })
  })
}
