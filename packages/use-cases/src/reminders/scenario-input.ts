import type { Scenario, ScenarioProblem } from '@quittance/domain/reminders/scenario'
import { validateScenario } from '@quittance/domain/reminders/scenario'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { ScenarioDefinition } from '@quittance/db/schema/reminders'

/** Validates a definition as the domain would publish it (id and version are the database's). */
export function checkDefinition(definition: ScenarioDefinition, version: number): Result<ScenarioDefinition, ScenarioProblem[]> {
  const candidate: Scenario = { ...definition, id: 'candidate', version }
  const result = validateScenario(candidate)
  return result.ok ? ok(definition) : err(result.error)
}

export function slugOf(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return slug || 'scenario'
}
