import type { CustomerKind, RiskLevel } from './scenario'
import type { Money } from '../money/money'

export type AssignmentRule = {
  scenarioId: string
  /** Every condition set must hold; an empty `when` matches every customer. */
  when: {
    customerKinds?: readonly CustomerKind[]
    segments?: readonly string[]
    riskLevels?: readonly RiskLevel[]
    /** Matches when the outstanding balance in one of these currencies reaches the amount. */
    minimumOutstandingMinorByCurrency?: Readonly<Record<string, number>>
  }
}

export type CustomerForAssignment = {
  kind: CustomerKind
  segment: string | null
  riskLevel: RiskLevel | null
  /** Outstanding balance per currency. */
  outstanding: readonly Money[]
}

export type ScenarioAssignment = { scenarioId: string; ruleIndex: number | null }

function matches(rule: AssignmentRule, customer: CustomerForAssignment): boolean {
  const { customerKinds, segments, riskLevels, minimumOutstandingMinorByCurrency } = rule.when
  if (customerKinds && !customerKinds.includes(customer.kind)) return false
  if (segments && (customer.segment === null || !segments.includes(customer.segment))) return false
  if (riskLevels && (customer.riskLevel === null || !riskLevels.includes(customer.riskLevel))) return false
  if (minimumOutstandingMinorByCurrency) {
    const reached = customer.outstanding.some((m) => {
      const minimum = minimumOutstandingMinorByCurrency[m.currency]
      return minimum !== undefined && m.amountMinor >= minimum
    })
    if (!reached) return false
  }
  return true
}

/**
 * The scenario for a customer: the first rule that matches, in the order the credit manager sorted them, else
 * the default. `ruleIndex` says which rule decided (null: the default), for the customer page's "why this
 * scenario".
 */
export function assignScenario(
  customer: CustomerForAssignment,
  rules: readonly AssignmentRule[],
  defaultScenarioId: string,
): ScenarioAssignment {
  const ruleIndex = rules.findIndex((rule) => matches(rule, customer))
  return ruleIndex === -1
    ? { scenarioId: defaultScenarioId, ruleIndex: null }
    : { scenarioId: rules[ruleIndex]!.scenarioId, ruleIndex }
}
