import { addDays, type LocalDate } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import { assignScenario } from '@quittance/domain/reminders/assign-scenario'
import type { Scenario } from '@quittance/domain/reminders/scenario'
import { simulateTimeline, type TimelineEntry } from '@quittance/domain/reminders/simulate-timeline'
import type { Db } from '@quittance/db/client'
import { findReminderSettings, findScenarioVersion, listAssignmentRules, listScenarios } from '@quittance/db/repositories/reminders-config'
import { selectOutstanding, selectScenarioOverrides } from '@quittance/db/repositories/reminders-planning'

/** The scenario a customer is on today: its override, else the first matching rule, else the entity's default. */
export async function scenarioForCustomer(
  db: Db,
  input: { entityId: string; customerId: string; kind: 'professional' | 'consumer' | 'public_body'; segment: string | null },
): Promise<{ scenario: Scenario; reason: 'override' | 'rule' | 'default' } | null> {
  const [stored, rules, settings, overrides, outstanding] = await Promise.all([
    listScenarios(db, { entityId: input.entityId }),
    listAssignmentRules(db, input.entityId),
    findReminderSettings(db, input.entityId),
    selectScenarioOverrides(db, [input.customerId]),
    selectOutstanding(db, [input.customerId]),
  ])
  const byId = new Map(stored.map((s) => [s.id, s.scenario]))
  const override = overrides[input.customerId]
  if (override && byId.has(override)) return { scenario: byId.get(override)!, reason: 'override' }
  const fallback = settings.defaultScenarioId ?? stored[0]?.id
  if (!fallback) return null
  const assigned = assignScenario(
    { kind: input.kind, segment: input.segment, riskLevel: null, outstanding: outstanding.map((o) => money(o.amountMinor, o.currency)) },
    rules.filter((r) => byId.has(r.scenarioId)),
    fallback,
  )
  const scenario = byId.get(assigned.scenarioId)
  return scenario ? { scenario, reason: assigned.ruleIndex === null ? 'default' : 'rule' } : null
}

/**
 * The simulated timeline (PRODUCT.md B5): what the scenario does to an invoice if nobody pays, from its issue date,
 * day by day, with the send instants in the window and the reason for every step not sent on its date.
 */
export async function simulateInvoiceTimeline(
  db: Db,
  input:
    | { kind: 'invoice'; invoice: { id: string; customerId: string; entityId: string; issueDate: LocalDate; dueDate: LocalDate; currency: string; remainingMinor: number; customerKind: 'professional' | 'consumer' | 'public_body'; segment: string | null }; days: number }
    | { kind: 'sample'; scenarioId: string; today: LocalDate; days: number },
): Promise<{ scenario: Scenario; entries: TimelineEntry[]; from: LocalDate } | null> {
  if (input.kind === 'sample') {
    const scenario = await findScenarioVersion(db, { scenarioId: input.scenarioId })
    if (!scenario) return null
    const kind = scenario.customerKinds[0] ?? 'professional'
    const entries = simulateTimeline({
      scenario,
      invoice: { invoiceId: 'sample', customerId: 'sample', issueDate: input.today, dueDate: addDays(input.today, 30), amount: money(120_000, 'EUR') },
      customer: { kind, segment: null, riskLevel: null },
      days: input.days,
    })
    return { scenario, entries, from: input.today }
  }
  const { invoice } = input
  const found = await scenarioForCustomer(db, { entityId: invoice.entityId, customerId: invoice.customerId, kind: invoice.customerKind, segment: invoice.segment })
  if (!found) return null
  const entries = simulateTimeline({
    scenario: found.scenario,
    invoice: {
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      amount: money(Math.max(invoice.remainingMinor, 1), invoice.currency),
    },
    customer: { kind: invoice.customerKind, segment: invoice.segment, riskLevel: null },
    days: input.days,
  })
  return { scenario: found.scenario, entries, from: invoice.issueDate }
}
