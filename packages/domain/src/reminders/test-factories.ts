// Builders for the reminder tests (imported by *.test.ts only): small, valid defaults that each test
// overrides.
import type { InvoiceReminderFacts } from './plan-invoice-steps'
import type { Scenario, Step } from './scenario'
import { money } from '../money/money'

export function testStep(key: string, overrides: Partial<Step> = {}): Step {
  return {
    key,
    name: key,
    anchor: 'due-date',
    offsetDays: 0,
    channel: 'email',
    templates: { fr: { subject: `Sujet ${key}`, body: 'Bonjour {{customer.name}}, {{portal.link}}' } },
    conditions: { minimumAmountMinorByCurrency: {} },
    requiresApproval: false,
    includeStatutoryLatePaymentAmounts: false,
    isFormalNotice: false,
    ...overrides,
  }
}

export function testScenario(steps: readonly Step[], overrides: Partial<Scenario> = {}): Scenario {
  return {
    id: 'test',
    version: 1,
    name: 'Test scenario',
    defaultLocale: 'fr',
    customerKinds: ['professional', 'public_body'],
    steps,
    sendWindow: {
      weekdays: [1, 2, 3, 4, 5],
      startHour: 9,
      endHour: 18,
      timeZone: 'Europe/Paris',
      holidays: 'fr',
    },
    minimumGapDays: 3,
    catchUp: 'send-latest-missed-only',
    maxCatchUpDays: 15,
    ...overrides,
  }
}

export function testInvoice(overrides: Partial<InvoiceReminderFacts> = {}): InvoiceReminderFacts {
  return {
    invoiceId: 'inv-1',
    customerId: 'cust-1',
    issueDate: '2026-03-02',
    dueDate: '2026-04-01',
    remaining: money(120_000, 'EUR'),
    customer: { kind: 'professional', segment: null, riskLevel: null },
    holds: { disputed: false, promisedUntil: null, inPaymentPlan: false, customerPausedUntil: null },
    brokenPromiseOn: null,
    brokenPlanOn: null,
    history: [],
    ...overrides,
  }
}
