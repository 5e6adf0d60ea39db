import { describe, expect, test } from 'vitest'
import { recheckBeforeSend } from './recheck-before-send'
import { testInvoice, testScenario, testStep } from './test-factories'
import { money } from '../money/money'

const scenario = testScenario([testStep('d3', { offsetDays: 3 })])
const action = {
  actionKey: 'cust-1:d3:EUR:contact-1:2026-04-04',
  stepKey: 'd3',
  currency: 'EUR',
  invoiceIds: ['inv-1', 'inv-2'],
  planningDate: '2026-04-04',
}
const planned = { stepKey: 'd3', on: '2026-04-04', outcome: 'planned' as const, actionKey: action.actionKey }
const invoices = [
  testInvoice({ invoiceId: 'inv-1', history: [planned] }),
  testInvoice({ invoiceId: 'inv-2', history: [planned], remaining: money(30_000, 'EUR') }),
]
// Monday 6 April 2026 is Easter Monday: Tuesday 7 April at 10:00 in Paris is inside the window.
const tuesdayMorning = new Date('2026-04-07T08:00:00Z')
const holds = invoices[0]!.holds

describe('recheckBeforeSend', () => {
  test('Sends when every invoice is still unpaid and undisputed, inside the window', () => {
    expect(recheckBeforeSend({ action, invoices, scenario, now: tuesdayMorning })).toEqual({
      kind: 'send',
      invoiceIds: ['inv-1', 'inv-2'],
      total: money(150_000, 'EUR'),
      dropped: [],
    })
  })

  test.each([
    { name: 'paid', change: { remaining: money(0, 'EUR') }, reason: 'paid' },
    { name: 'disputed', change: { holds: { ...holds, disputed: true } }, reason: 'disputed' },
    { name: 'promised', change: { holds: { ...holds, promisedUntil: '2026-04-30' } }, reason: 'promised' },
    {
      name: 'in a payment plan',
      change: { holds: { ...holds, inPaymentPlan: true } },
      reason: 'in-payment-plan',
    },
    {
      name: 'of a paused customer',
      change: { holds: { ...holds, customerPausedUntil: '2026-04-30' } },
      reason: 'customer-paused',
    },
    {
      name: 'sent this step by another action',
      change: {
        history: [
          planned,
          { stepKey: 'd3', on: '2026-04-05', outcome: 'sent' as const, actionKey: 'manual-send' },
        ],
      },
      reason: 'already-done',
    },
  ])('Drops an invoice $name since planning and sends the rest', ({ change, reason }) => {
    const outcome = recheckBeforeSend({
      action,
      invoices: [invoices[0]!, { ...invoices[1]!, ...change }],
      scenario,
      now: tuesdayMorning,
    })
    expect(outcome).toEqual({
      kind: 'send',
      invoiceIds: ['inv-1'],
      total: money(120_000, 'EUR'),
      dropped: [{ invoiceId: 'inv-2', reason }],
    })
  })

  test('Skips the action when no invoice is left', () => {
    const paid = invoices.map((i) => ({ ...i, remaining: money(0, 'EUR') }))
    expect(recheckBeforeSend({ action, invoices: paid, scenario, now: tuesdayMorning })).toEqual({
      kind: 'skip',
      reason: 'no-eligible-invoice',
      dropped: [
        { invoiceId: 'inv-1', reason: 'paid' },
        { invoiceId: 'inv-2', reason: 'paid' },
      ],
    })
  })

  test('Drops an invoice that vanished or changed currency', () => {
    const outcome = recheckBeforeSend({
      action,
      invoices: [{ ...invoices[0]!, remaining: money(100, 'USD') }],
      scenario,
      now: tuesdayMorning,
    })
    expect(outcome).toEqual({
      kind: 'skip',
      reason: 'no-eligible-invoice',
      dropped: [
        { invoiceId: 'inv-1', reason: 'other-currency' },
        { invoiceId: 'inv-2', reason: 'missing' },
      ],
    })
  })

  test.each([
    { name: 'on Easter Monday', now: '2026-04-06T08:00:00Z', until: '2026-04-07T07:00:00.000Z' },
    { name: 'at 22:30 in Paris', now: '2026-04-07T20:30:00Z', until: '2026-04-08T07:00:00.000Z' },
  ])('Defers a message planned for $name to the window', ({ now, until }) => {
    expect(recheckBeforeSend({ action, invoices, scenario, now: new Date(now) })).toEqual({
      kind: 'defer',
      until: new Date(until),
    })
  })

  test('Skips an action whose step the new scenario version removed', () => {
    expect(
      recheckBeforeSend({
        action,
        invoices,
        scenario: testScenario([testStep('other')]),
        now: tuesdayMorning,
      }),
    ).toEqual({
      kind: 'skip',
      reason: 'step-removed',
      dropped: [],
    })
  })

  test('Skips an action that waited longer than the catch-up limit (a worker down for weeks)', () => {
    expect(recheckBeforeSend({ action, invoices, scenario, now: new Date('2026-05-05T08:00:00Z') })).toEqual({
      kind: 'skip',
      reason: 'too-late-to-catch-up',
      dropped: [],
    })
  })
})
