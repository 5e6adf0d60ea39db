import { describe, expect, test } from 'vitest'
import { FRENCH_B2B_SCENARIO, FRENCH_B2C_SCENARIO } from './default-scenarios'
import { simulatePortfolio, simulateTimeline } from './simulate-timeline'
import type { SimulatedCustomer, SimulatedInvoice, TimelineEntry } from './simulate-timeline'
import { addDays } from '../dates/local-date'
import { money } from '../money/money'

// Day 0 is Monday 2 March 2026. The clock crosses the switch to summer time (29 March), Easter Monday (6
// April), 1 and 8 May, Ascension (14 May) and Whit Monday (25 May).
const DAY_0 = '2026-03-02'
const day = (n: number) => addDays(DAY_0, n)

// One line per entry: "day invoice what", what being a step sent, or skip:/held:/n/a: with the reason, or an
// event.
function line(e: TimelineEntry): string {
  const what =
    e.kind === 'event'
      ? `event:${e.event}`
      : e.kind === 'action'
        ? `${e.stepKey}${e.daysLate > 0 ? ` +${e.daysLate}d` : ''}${e.requiresApproval ? ' [approval]' : ''}`
        : e.kind === 'skipped'
          ? `skip:${e.stepKey}:${e.reason}`
          : e.kind === 'held'
            ? `held:${e.stepKey}:${e.reason}`
            : `n/a:${e.stepKey}:${e.reasons.join(',')}`
  return `${e.day} ${e.invoiceId} ${what}`
}

const customer = (customerId: string, pauses: SimulatedCustomer['pauses'] = []): SimulatedCustomer => ({
  customerId,
  kind: 'professional',
  segment: null,
  riskLevel: null,
  pauses,
})

// The portfolio of the issue: five invoices, four customers (A and C share one, to show the minimum gap).
const portfolio: SimulatedInvoice[] = [
  // Paid on day 12, after two reminders.
  {
    invoiceId: 'A',
    customerId: 'cust-1',
    issueDate: day(0),
    dueDate: day(7),
    amount: money(120_000, 'EUR'),
    events: [{ kind: 'paid', on: day(12) }],
  },
  // Disputed from day 8 to day 25 inclusive.
  {
    invoiceId: 'B',
    customerId: 'cust-2',
    issueDate: day(0),
    dueDate: day(14),
    amount: money(250_000, 'EUR'),
    events: [{ kind: 'dispute', from: day(8), to: day(25) }],
  },
  // Promised on day 15 for day 20, not kept.
  {
    invoiceId: 'C',
    customerId: 'cust-1',
    issueDate: day(0),
    dueDate: day(8),
    amount: money(80_000, 'EUR'),
    events: [{ kind: 'promise', madeOn: day(15), promisedFor: day(20), kept: false }],
  },
  // Its customer paused from day 30 to day 40 inclusive.
  {
    invoiceId: 'D',
    customerId: 'cust-3',
    issueDate: day(0),
    dueDate: day(20),
    amount: money(540_000, 'EUR'),
  },
  // Imported on day 50, 20 days after its due date; €80, under the €100 minimum of the registered letter.
  {
    invoiceId: 'E',
    customerId: 'cust-4',
    issueDate: day(0),
    dueDate: day(30),
    knownSince: day(50),
    amount: money(8_000, 'EUR'),
  },
]
const customers = [
  customer('cust-1'),
  customer('cust-2'),
  customer('cust-3', [{ from: day(30), until: day(40) }]),
  customer('cust-4'),
]

describe('the 120-day clock', () => {
  const simulation = simulatePortfolio({
    scenario: FRENCH_B2B_SCENARIO,
    invoices: portfolio,
    customers,
    from: DAY_0,
    days: 121,
  })

  test('steps a portfolio through 120 days with the exact sequence of actions and skips per invoice', () => {
    expect(simulation.entries.map(line)).toEqual([
      '2 A pre-due',
      '3 C held:pre-due:minimum-gap', // A's reminder went to the same customer on day 2
      '5 C pre-due +2d', // the gap is over: the deferred step goes out, late, not skipped
      '8 B event:dispute-opened',
      '9 B held:pre-due:disputed',
      '10 A overdue-3',
      '11 C held:overdue-3:minimum-gap',
      '12 A event:paid', // nothing more for A: J+10 (day 17) is never sent
      '13 C overdue-3 +2d',
      '15 C event:promise-made',
      '15 D pre-due',
      '17 B held:overdue-3:disputed',
      '18 C held:overdue-10-email:promised',
      '18 C held:overdue-10-sms:promised',
      '21 C event:promise-broken', // promised until day 20: broken the day after
      '21 C skip:overdue-10-email:superseded',
      '21 C skip:overdue-10-sms:superseded',
      '21 C promise-broken', // the dedicated step takes the place of the steps missed during the promise
      '23 D overdue-3',
      '24 B held:overdue-10-email:disputed',
      '24 B held:overdue-10-sms:disputed',
      '26 B event:dispute-resolved',
      '26 B skip:pre-due:pre-due-step-after-due-date',
      '26 B skip:overdue-3:superseded', // catch-up: only the latest missed step, never a burst
      '26 B overdue-10-email +2d',
      '26 B overdue-10-sms +2d',
      '28 C overdue-20-call',
      '30 D event:customer-paused',
      '30 D held:overdue-10-email:customer-paused',
      '30 D held:overdue-10-sms:customer-paused',
      '34 B overdue-20-call',
      '38 C formal-notice [approval]',
      '40 D held:overdue-20-call:customer-paused',
      '41 D event:pause-ended',
      '41 D skip:overdue-10-email:superseded',
      '41 D skip:overdue-10-sms:superseded',
      '41 D overdue-20-call +1d', // resumes with the most advanced missed step; done steps are never re-sent
      '44 B formal-notice [approval]',
      '50 D formal-notice [approval]',
      '50 E event:imported',
      '50 E skip:pre-due:pre-due-step-after-due-date',
      '50 E skip:overdue-3:too-late-to-catch-up',
      '50 E skip:overdue-10-email:superseded',
      '50 E skip:overdue-10-sms:superseded',
      '50 E overdue-20-call', // imported late: starts with the step due now
      '53 C escalate',
      '59 B escalate',
      '60 E n/a:formal-notice:below-minimum-amount',
      '65 D escalate',
      '75 E escalate',
    ])
  })

  test('moves each action into the send window: weekends, the summer-time switch and Easter Monday', () => {
    const sendAt = (n: number, invoiceId: string, stepKey: string) =>
      simulation.entries.find(
        (e) => e.kind === 'action' && e.day === n && e.invoiceId === invoiceId && e.stepKey === stepKey,
      )
    const at = (e: TimelineEntry | undefined) => (e?.kind === 'action' ? e.sendAt : null)
    expect(at(sendAt(2, 'A', 'pre-due'))).toBe('2026-03-04T08:00:00.000Z') // Wednesday 09:00 winter time
    expect(at(sendAt(5, 'C', 'pre-due'))).toBe('2026-03-09T08:00:00.000Z') // planned Saturday, sent Monday
    expect(at(sendAt(26, 'B', 'overdue-10-email'))).toBe('2026-03-30T07:00:00.000Z') // Saturday → Monday, summer time
    expect(at(sendAt(34, 'B', 'overdue-20-call'))).toBe('2026-04-07T07:00:00.000Z') // Sunday → Tuesday, after Easter Monday
    expect(at(sendAt(75, 'E', 'escalate'))).toBe('2026-05-18T07:00:00.000Z') // Saturday → Monday
  })

  test('never contacts one customer twice within the minimum gap', () => {
    const contactDays = new Map<string, number[]>()
    for (const e of simulation.entries) {
      if (e.kind !== 'action' || e.channel === 'manual-task') continue
      const list = contactDays.get(e.customerId) ?? []
      if (list.at(-1) !== e.day) list.push(e.day)
      contactDays.set(e.customerId, list)
    }
    for (const days of contactDays.values()) {
      for (let i = 1; i < days.length; i++)
        expect(days[i]! - days[i - 1]!).toBeGreaterThanOrEqual(FRENCH_B2B_SCENARIO.minimumGapDays)
    }
  })

  test('sends each step at most once per invoice', () => {
    const sent = simulation.entries.flatMap((e) =>
      e.kind === 'action' ? [`${e.invoiceId}:${e.stepKey}`] : [],
    )
    expect(new Set(sent).size).toBe(sent.length)
  })

  test('gives every action a unique key, so replaying a day inserts nothing new', () => {
    const keys = simulation.actions.map((a) => a.actionKey)
    expect(new Set(keys).size).toBe(keys.length)
    expect(simulation.actions.find((a) => a.day === 2)?.actionKey).toBe(
      'cust-1:pre-due:EUR:cust-1%3Acontact:2026-03-04',
    )
  })

  test('is deterministic', () => {
    const again = simulatePortfolio({
      scenario: FRENCH_B2B_SCENARIO,
      invoices: [...portfolio].reverse(),
      customers,
      from: DAY_0,
      days: 121,
    })
    expect(again).toEqual(simulation)
  })
})

describe('simulateTimeline', () => {
  const invoice: SimulatedInvoice = {
    invoiceId: 'X',
    customerId: 'cust',
    issueDate: day(0),
    dueDate: day(30),
    amount: money(100_000, 'EUR'),
  }
  const lines = (entries: TimelineEntry[]) => entries.map(line)

  test('shows the full French B2B scenario of an invoice nobody pays', () => {
    expect(lines(simulateTimeline({ scenario: FRENCH_B2B_SCENARIO, invoice, days: 90 }))).toEqual([
      '25 X pre-due',
      '33 X overdue-3',
      '40 X overdue-10-email',
      '40 X overdue-10-sms',
      '50 X overdue-20-call',
      '60 X formal-notice [approval]',
      '75 X escalate',
    ])
  })

  test('stops at payment', () => {
    const paid = { ...invoice, events: [{ kind: 'paid' as const, on: day(35) }] }
    expect(lines(simulateTimeline({ scenario: FRENCH_B2B_SCENARIO, invoice: paid, days: 90 }))).toEqual([
      '25 X pre-due',
      '33 X overdue-3',
      '35 X event:paid',
    ])
  })

  test('holds a consumer’s scenario during a payment plan and starts the broken-plan step when it breaks', () => {
    const inPlan = {
      ...invoice,
      events: [{ kind: 'payment-plan' as const, from: day(36), brokenOn: day(70) }],
    }
    expect(
      lines(
        simulateTimeline({
          scenario: FRENCH_B2C_SCENARIO,
          invoice: inPlan,
          customer: { kind: 'consumer', segment: null, riskLevel: null },
          days: 120,
        }),
      ),
    ).toEqual([
      '27 X pre-due',
      '35 X overdue-5',
      '36 X event:plan-started',
      '42 X held:overdue-12-sms:in-payment-plan',
      '50 X held:overdue-20:in-payment-plan',
      '60 X held:overdue-30-call:in-payment-plan',
      '70 X event:plan-broken',
      '70 X skip:overdue-12-sms:too-late-to-catch-up',
      '70 X skip:overdue-20:too-late-to-catch-up',
      '70 X skip:overdue-30-call:superseded', // missed during the plan: replaced by the broken-plan step
      '70 X held:formal-notice:deferred-by-event-step', // due that very day: deferred, never dropped
      '70 X plan-broken',
      '75 X formal-notice +5d [approval]', // the consumer gap is five days
      '90 X escalate',
    ])
  })

  test('a kept promise ends the scenario on the promised day', () => {
    const kept = {
      ...invoice,
      events: [{ kind: 'promise' as const, madeOn: day(34), promisedFor: day(45), kept: true }],
    }
    expect(lines(simulateTimeline({ scenario: FRENCH_B2B_SCENARIO, invoice: kept, days: 90 }))).toEqual([
      '25 X pre-due',
      '33 X overdue-3',
      '34 X event:promise-made',
      '40 X held:overdue-10-email:promised',
      '40 X held:overdue-10-sms:promised',
      '45 X event:paid',
    ])
  })

  test('a new scenario version mid-way keeps done steps done and follows the new steps', () => {
    const v2 = {
      ...FRENCH_B2B_SCENARIO,
      version: 2,
      steps: FRENCH_B2B_SCENARIO.steps.map((s) =>
        s.key === 'overdue-20-call' ? { ...s, offsetDays: 15 } : s,
      ),
    }
    const entries = simulatePortfolio({
      scenario: FRENCH_B2B_SCENARIO,
      scenarioChanges: [{ on: day(41), scenario: v2 }],
      invoices: [invoice],
      customers: [customer('cust')],
      from: DAY_0,
      days: 90,
    }).entries
    expect(lines(entries)).toEqual([
      '25 X pre-due',
      '33 X overdue-3',
      '40 X overdue-10-email',
      '40 X overdue-10-sms',
      '41 X event:scenario-changed',
      '45 X overdue-20-call',
      '60 X formal-notice [approval]',
      '75 X escalate',
    ])
    expect(
      entries.filter((e) => e.kind === 'action').map((e) => (e.kind === 'action' ? e.scenarioVersion : 0)),
    ).toEqual([1, 1, 1, 1, 2, 2, 2])
  })

  test('a partial payment below the letter’s minimum leaves the mise en demeure out', () => {
    const small = {
      ...invoice,
      events: [{ kind: 'partial-payment' as const, on: day(45), amountMinor: 95_000 }],
    }
    expect(
      lines(simulateTimeline({ scenario: FRENCH_B2B_SCENARIO, invoice: small, days: 80 })).slice(-2),
    ).toEqual(['60 X n/a:formal-notice:below-minimum-amount', '75 X escalate'])
  })
})
