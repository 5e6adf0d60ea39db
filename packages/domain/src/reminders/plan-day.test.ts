import { describe, expect, test } from 'vitest'
import { planDay } from './plan-day'
import type { InvoiceToPlan } from './plan-day'
import { testInvoice, testScenario, testStep } from './test-factories'

const scenario = testScenario([testStep('d3', { offsetDays: 3 }), testStep('d10', { offsetDays: 10 })])
const invoice = (
  invoiceId: string,
  customerId: string,
  overrides: Partial<InvoiceToPlan['facts']> = {},
): InvoiceToPlan => ({
  facts: testInvoice({ invoiceId, customerId, ...overrides }),
  scenario,
  contactIdsByChannel: { email: [`${customerId}-billing`] },
})

describe('planDay', () => {
  test('Who gets what tomorrow: one e-mail per customer listing every invoice due for the step', () => {
    const plan = planDay({
      today: '2026-04-04',
      invoices: [
        invoice('inv-1', 'cust-1'),
        invoice('inv-2', 'cust-1'),
        invoice('inv-3', 'cust-2', { dueDate: '2026-04-10' }),
      ],
      lastContactByCustomer: {},
    })
    expect(plan.actions.map((a) => [a.customerId, a.stepKey, a.invoiceIds, a.scenarioVersion])).toEqual([
      ['cust-1', 'd3', ['inv-1', 'inv-2'], 1],
    ])
    expect(plan.plans.map((p) => p.verdict.kind)).toEqual(['due', 'due', 'not-due'])
  })

  test('Reports the steps a catch-up skipped, to record them', () => {
    const plan = planDay({
      today: '2026-04-11',
      invoices: [invoice('inv-1', 'cust-1')],
      lastContactByCustomer: {},
    })
    expect(plan.skips).toEqual([
      {
        customerId: 'cust-1',
        invoiceId: 'inv-1',
        stepKey: 'd3',
        dueDate: '2026-04-04',
        reason: 'superseded',
        impliedBy: 'd10',
      },
    ])
    expect(plan.actions.map((a) => a.stepKey)).toEqual(['d10'])
  })

  test('Applies each customer’s minimum gap to that customer only', () => {
    const plan = planDay({
      today: '2026-04-04',
      invoices: [invoice('inv-1', 'cust-1'), invoice('inv-2', 'cust-2')],
      lastContactByCustomer: { 'cust-1': '2026-04-03' },
    })
    expect(plan.actions.map((a) => a.customerId)).toEqual(['cust-2'])
  })

  test('Lists a due step nobody can receive as unreachable', () => {
    const plan = planDay({
      today: '2026-04-04',
      invoices: [{ ...invoice('inv-1', 'cust-1'), contactIdsByChannel: {} }],
      lastContactByCustomer: {},
    })
    expect(plan.unreachable).toEqual([
      { customerId: 'cust-1', invoiceId: 'inv-1', stepKey: 'd3', channel: 'email' },
    ])
  })
})
