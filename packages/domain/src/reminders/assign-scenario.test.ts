import { describe, expect, test } from 'vitest'
import { assignScenario } from './assign-scenario'
import type { AssignmentRule, CustomerForAssignment } from './assign-scenario'
import { money } from '../money/money'

const rules: AssignmentRule[] = [
  { scenarioId: 'key-accounts', when: { segments: ['key'] } },
  {
    scenarioId: 'high-risk-large',
    when: { riskLevels: ['high'], minimumOutstandingMinorByCurrency: { EUR: 1_000_000 } },
  },
  { scenarioId: 'fr-b2c', when: { customerKinds: ['consumer'] } },
]
const customer = (overrides: Partial<CustomerForAssignment> = {}): CustomerForAssignment => ({
  kind: 'professional',
  segment: null,
  riskLevel: null,
  outstanding: [],
  ...overrides,
})

describe('assignScenario', () => {
  test.each([
    {
      name: 'a plain professional gets the default',
      customer: customer(),
      expected: { scenarioId: 'fr-b2b', ruleIndex: null },
    },
    {
      name: 'a key account',
      customer: customer({ segment: 'key', riskLevel: 'high' }),
      expected: { scenarioId: 'key-accounts', ruleIndex: 0 },
    },
    {
      name: 'a high-risk customer owing €10,000',
      customer: customer({ riskLevel: 'high', outstanding: [money(500, 'USD'), money(1_000_000, 'EUR')] }),
      expected: { scenarioId: 'high-risk-large', ruleIndex: 1 },
    },
    {
      name: 'a high-risk customer owing less',
      customer: customer({ riskLevel: 'high', outstanding: [money(999_999, 'EUR')] }),
      expected: { scenarioId: 'fr-b2b', ruleIndex: null },
    },
    {
      name: 'a high-risk customer owing in a currency the rule does not name',
      customer: customer({ riskLevel: 'high', outstanding: [money(99_999_999, 'USD')] }),
      expected: { scenarioId: 'fr-b2b', ruleIndex: null },
    },
    {
      name: 'a consumer',
      customer: customer({ kind: 'consumer' }),
      expected: { scenarioId: 'fr-b2c', ruleIndex: 2 },
    },
  ])('gives $name scenario $expected.scenarioId', ({ customer, expected }) => {
    expect(assignScenario(customer, rules, 'fr-b2b')).toEqual(expected)
  })

  test('takes the first matching rule in the order given', () => {
    expect(assignScenario(customer({ kind: 'consumer', segment: 'key' }), rules, 'fr-b2b').scenarioId).toBe(
      'key-accounts',
    )
  })

  test('treats a rule without conditions as a catch-all', () => {
    expect(assignScenario(customer(), [{ scenarioId: 'all', when: {} }], 'fr-b2b')).toEqual({
      scenarioId: 'all',
      ruleIndex: 0,
    })
  })
})
