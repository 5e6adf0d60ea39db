import { describe, expect, test } from 'vitest'
import { conditionFailures, invoiceHold, planInvoiceSteps } from './plan-invoice-steps'
import type { InvoiceReminderFacts, InvoiceStepPlan } from './plan-invoice-steps'
import type { Scenario } from './scenario'
import type { StepRecord } from './step-due-date'
import { testInvoice, testScenario, testStep } from './test-factories'
import { money } from '../money/money'

// Issued 2 March, due 1 April 2026: pre 27/03, d3 04/04, d10 11/04, d20 21/04, d30 01/05, d45 16/05.
const scenario = testScenario([
  testStep('pre', { offsetDays: -5 }),
  testStep('d3', { offsetDays: 3 }),
  testStep('d10-email', { offsetDays: 10 }),
  testStep('d10-sms', { offsetDays: 10, channel: 'sms', templates: { fr: { body: '{{portal.link}}' } } }),
  testStep('d20', { offsetDays: 20, channel: 'phone-task' }),
  testStep('d30', {
    offsetDays: 30,
    channel: 'registered-letter',
    conditions: { minimumAmountMinorByCurrency: { EUR: 10_000 } },
  }),
  testStep('d45', { offsetDays: 45, channel: 'manual-task' }),
  testStep('promise', { anchor: 'broken-promise', offsetDays: 0 }),
  testStep('plan', { anchor: 'broken-plan', offsetDays: 0 }),
])

const sent = (stepKey: string, on: string): StepRecord => ({ stepKey, on, outcome: 'sent' })
const skipped = (stepKey: string, on: string): StepRecord => ({ stepKey, on, outcome: 'skipped' })
const upToD3 = [sent('pre', '2026-03-27'), sent('d3', '2026-04-04')]
const upToD10 = [...upToD3, sent('d10-email', '2026-04-11'), sent('d10-sms', '2026-04-11')]
const upToD30 = [...upToD10, sent('d20', '2026-04-21'), sent('d30', '2026-05-01')]
const holds = testInvoice().holds

type Case = {
  name: string
  today: string
  facts?: Partial<InvoiceReminderFacts>
  lastContactOn?: string | null
  scenario?: Scenario
  due?: string[]
  skipped?: [string, string][]
  verdict?: InvoiceStepPlan['verdict']
}

const summary = (plan: InvoiceStepPlan) => ({
  due: plan.due.map((d) => d.step.key),
  skipped: plan.skipped.map((s): [string, string] => [s.step.key, s.reason]),
  verdict: plan.verdict,
})

function check(c: Case) {
  const plan = planInvoiceSteps(testInvoice(c.facts), c.scenario ?? scenario, {
    today: c.today,
    lastContactOn: c.lastContactOn ?? null,
  })
  const actual = summary(plan)
  expect(actual.due).toEqual(c.due ?? [])
  expect(actual.skipped).toEqual(c.skipped ?? [])
  if (c.verdict) expect(actual.verdict).toEqual(c.verdict)
}

describe('planInvoiceSteps: on schedule', () => {
  test.each<Case>([
    {
      name: 'Nothing is due before the first step',
      today: '2026-03-20',
      verdict: { kind: 'not-due', reason: 'too-early', nextDate: '2026-03-27' },
    },
    { name: 'The pre-due reminder is due five days before the due date', today: '2026-03-27', due: ['pre'] },
    {
      name: 'The J+3 reminder is due three days after the due date',
      today: '2026-04-04',
      facts: { history: [sent('pre', '2026-03-27')] },
      due: ['d3'],
    },
    {
      name: 'Two steps on the same day are both due (e-mail and SMS)',
      today: '2026-04-11',
      facts: { history: upToD3 },
      due: ['d10-email', 'd10-sms'],
      verdict: { kind: 'due', stepKeys: ['d10-email', 'd10-sms'] },
    },
    {
      name: 'A step already done is not due again the same day (planner run twice)',
      today: '2026-04-11',
      facts: { history: upToD10 },
      verdict: { kind: 'not-due', reason: 'too-early', nextDate: '2026-04-21' },
    },
    {
      name: 'A finished scenario says so',
      today: '2026-06-01',
      facts: { history: [...upToD30, sent('d45', '2026-05-16')] },
      verdict: { kind: 'not-due', reason: 'scenario-complete', nextDate: null },
    },
  ])('$name', check)
})

describe('planInvoiceSteps: holds', () => {
  test.each<Case>([
    {
      name: 'A paid invoice gets nothing',
      today: '2026-04-04',
      facts: { remaining: money(0, 'EUR') },
      verdict: { kind: 'not-due', reason: 'paid', nextDate: null },
    },
    {
      name: 'A disputed invoice gets nothing',
      today: '2026-04-04',
      facts: { holds: { ...holds, disputed: true } },
      verdict: { kind: 'not-due', reason: 'disputed', nextDate: null },
    },
    {
      name: 'An invoice in a payment plan gets nothing',
      today: '2026-04-04',
      facts: { holds: { ...holds, inPaymentPlan: true } },
      verdict: { kind: 'not-due', reason: 'in-payment-plan', nextDate: null },
    },
    {
      name: 'A promised invoice gets nothing up to the promised date',
      today: '2026-04-04',
      facts: { holds: { ...holds, promisedUntil: '2026-04-04' } },
      verdict: { kind: 'not-due', reason: 'promised', nextDate: null },
    },
    {
      name: 'A paused customer gets nothing up to the last paused day',
      today: '2026-04-04',
      facts: { holds: { ...holds, customerPausedUntil: '2026-04-10' } },
      verdict: { kind: 'not-due', reason: 'customer-paused', nextDate: null },
    },
    {
      name: 'A time-barred invoice gets nothing',
      today: '2026-04-04',
      facts: { holds: { ...holds, prescribedOn: '2026-04-04' } },
      verdict: { kind: 'not-due', reason: 'prescribed', nextDate: null },
    },
    {
      name: 'A pause that ended yesterday no longer holds',
      today: '2026-04-04',
      facts: { history: [sent('pre', '2026-03-27')], holds: { ...holds, customerPausedUntil: '2026-04-03' } },
      due: ['d3'],
    },
    {
      name: 'A pause that ends resumes with the next step not done, never a done one',
      today: '2026-04-26',
      facts: { history: upToD10, holds: { ...holds, customerPausedUntil: '2026-04-25' } },
      due: ['d20'],
    },
    {
      name: 'A long pause resumes with the most advanced step only',
      today: '2026-05-06',
      facts: { history: upToD3, holds: { ...holds, customerPausedUntil: '2026-05-05' } },
      due: ['d30'],
      skipped: [
        ['d10-email', 'too-late-to-catch-up'],
        ['d10-sms', 'too-late-to-catch-up'],
        ['d20', 'superseded'],
      ],
    },
  ])('$name', check)

  test('A disputed invoice shows the hold on every step that fell due', () => {
    const plan = planInvoiceSteps(
      testInvoice({ history: upToD3, holds: { ...holds, disputed: true } }),
      scenario,
      {
        today: '2026-04-11',
        lastContactOn: null,
      },
    )
    expect(
      plan.steps.filter((s) => s.status === 'wait' && s.reason === 'disputed').map((s) => s.stepKey),
    ).toEqual(['d10-email', 'd10-sms'])
  })
})

describe('planInvoiceSteps: catch-up', () => {
  test.each<Case>([
    {
      name: 'After a missed day, only the latest missed step is sent by default',
      today: '2026-04-13',
      facts: { history: [sent('pre', '2026-03-27')] },
      due: ['d10-email', 'd10-sms'],
      skipped: [['d3', 'superseded']],
    },
    {
      name: 'An invoice imported late starts at the step due now, not with a burst of old ones',
      today: '2026-04-21',
      due: ['d20'],
      skipped: [
        ['pre', 'pre-due-step-after-due-date'],
        ['d3', 'too-late-to-catch-up'],
        ['d10-email', 'superseded'],
        ['d10-sms', 'superseded'],
      ],
    },
    {
      name: 'A step later than maxCatchUpDays is never sent',
      today: '2026-06-10',
      facts: { history: upToD30 },
      skipped: [['d45', 'too-late-to-catch-up']],
      verdict: { kind: 'not-due', reason: 'scenario-complete', nextDate: null },
    },
    {
      name: 'A single late step is still sent within maxCatchUpDays',
      today: '2026-04-19',
      facts: { history: upToD3 },
      due: ['d10-email', 'd10-sms'],
    },
    {
      name: 'send-all-missed sends the earliest missed step first, the next ones later',
      today: '2026-04-13',
      scenario: { ...scenario, catchUp: 'send-all-missed' },
      facts: { history: [sent('pre', '2026-03-27')] },
      due: ['d3'],
    },
    {
      name: 'send-all-missed sends the next missed step once the first is done',
      today: '2026-04-16',
      scenario: { ...scenario, catchUp: 'send-all-missed' },
      facts: { history: [sent('pre', '2026-03-27'), sent('d3', '2026-04-13')] },
      due: ['d10-email', 'd10-sms'],
    },
    {
      name: 'skip-missed skips late steps and waits for the next date',
      today: '2026-04-13',
      scenario: { ...scenario, catchUp: 'skip-missed' },
      facts: { history: [sent('pre', '2026-03-27')] },
      skipped: [
        ['d3', 'missed'],
        ['d10-email', 'missed'],
        ['d10-sms', 'missed'],
      ],
      verdict: { kind: 'not-due', reason: 'too-early', nextDate: '2026-04-21' },
    },
    {
      name: 'skip-missed still sends a step on its own date',
      today: '2026-04-11',
      scenario: { ...scenario, catchUp: 'skip-missed' },
      facts: { history: [sent('pre', '2026-03-27')] },
      due: ['d10-email', 'd10-sms'],
      skipped: [['d3', 'missed']],
    },
    {
      name: 'Steps skipped yesterday are not weighed again',
      today: '2026-04-14',
      facts: {
        history: [
          sent('pre', '2026-03-27'),
          skipped('d3', '2026-04-13'),
          sent('d10-email', '2026-04-13'),
          sent('d10-sms', '2026-04-13'),
        ],
      },
      verdict: { kind: 'not-due', reason: 'too-early', nextDate: '2026-04-21' },
    },
  ])('$name', check)
})

describe('planInvoiceSteps: skips implied by the step acted on', () => {
  const impliedBy = (today: string, facts: Partial<InvoiceReminderFacts>, over: Scenario = scenario) =>
    planInvoiceSteps(testInvoice(facts), over, { today, lastContactOn: null }).skipped.map((s) => [
      s.step.key,
      s.reason,
      s.impliedBy ?? null,
    ])

  test('A step superseded by a later one of its track is implied by it; one too late to catch up is not', () => {
    expect(impliedBy('2026-04-21', {})).toEqual([
      ['pre', 'pre-due-step-after-due-date', null],
      ['d3', 'too-late-to-catch-up', null],
      ['d10-email', 'superseded', 'd20'],
      ['d10-sms', 'superseded', 'd20'],
    ])
  })

  test('skip-missed: a missed step is implied by the later step sent on its own date', () => {
    expect(
      impliedBy(
        '2026-04-11',
        { history: [sent('pre', '2026-03-27')] },
        { ...scenario, catchUp: 'skip-missed' },
      ),
    ).toEqual([['d3', 'missed', 'd10-sms']])
  })

  test('skip-missed with nothing due today: the missed steps are implied by nothing', () => {
    expect(
      impliedBy(
        '2026-04-13',
        { history: [sent('pre', '2026-03-27')] },
        { ...scenario, catchUp: 'skip-missed' },
      ),
    ).toEqual([
      ['d3', 'missed', null],
      ['d10-email', 'missed', null],
      ['d10-sms', 'missed', null],
    ])
  })

  test("Main steps replaced by a broken promise's step are in another track: implied by nothing", () => {
    const facts = {
      history: upToD3,
      brokenPromiseOn: '2026-04-16',
      holds: { ...holds, promisedUntil: '2026-04-15' },
    }
    expect(impliedBy('2026-04-16', facts)).toEqual([
      ['d10-email', 'superseded', null],
      ['d10-sms', 'superseded', null],
    ])
  })
})

describe('planInvoiceSteps: minimum gap', () => {
  test.each<Case>([
    {
      name: 'A contact with the customer two days ago defers the step without skipping it',
      today: '2026-04-11',
      lastContactOn: '2026-04-09',
      facts: { history: upToD3 },
      verdict: { kind: 'not-due', reason: 'minimum-gap', nextDate: '2026-04-12' },
    },
    {
      name: 'The deferred step goes out once the gap has passed',
      today: '2026-04-12',
      lastContactOn: '2026-04-09',
      facts: { history: upToD3 },
      due: ['d10-email', 'd10-sms'],
    },
    {
      name: 'Contacts planned today for other invoices do not count: one planning run is one contact',
      today: '2026-04-11',
      lastContactOn: '2026-04-11',
      facts: { history: upToD3 },
      due: ['d10-email', 'd10-sms'],
    },
    {
      name: 'Manual tasks are internal and ignore the gap',
      today: '2026-05-16',
      lastContactOn: '2026-05-15',
      facts: { history: upToD30 },
      due: ['d45'],
    },
    {
      name: 'A deferred catch-up supersedes nothing until it goes out',
      today: '2026-04-13',
      lastContactOn: '2026-04-12',
      facts: { history: [sent('pre', '2026-03-27')] },
      verdict: { kind: 'not-due', reason: 'minimum-gap', nextDate: '2026-04-15' },
    },
  ])('$name', check)
})

describe('planInvoiceSteps: broken promises and plans', () => {
  test.each<Case>([
    {
      name: 'A broken promise starts its dedicated step, which takes the place of the steps missed meanwhile',
      today: '2026-04-16',
      facts: {
        history: upToD3,
        brokenPromiseOn: '2026-04-16',
        holds: { ...holds, promisedUntil: '2026-04-15' },
      },
      due: ['promise'],
      skipped: [
        ['d10-email', 'superseded'],
        ['d10-sms', 'superseded'],
      ],
    },
    {
      name: 'A main step falling due the day a promise breaks is deferred, not replaced',
      today: '2026-05-01',
      facts: { history: [...upToD10, sent('d20', '2026-04-21')], brokenPromiseOn: '2026-05-01' },
      due: ['promise'],
    },
    {
      name: 'The deferred main step goes out once the gap allows',
      today: '2026-05-04',
      lastContactOn: '2026-05-01',
      facts: {
        history: [...upToD10, sent('d20', '2026-04-21'), sent('promise', '2026-05-01')],
        brokenPromiseOn: '2026-05-01',
      },
      due: ['d30'],
    },
    {
      name: 'After the broken-promise step the main steps continue',
      today: '2026-04-21',
      facts: {
        history: [
          ...upToD3,
          sent('promise', '2026-04-16'),
          skipped('d10-email', '2026-04-16'),
          skipped('d10-sms', '2026-04-16'),
        ],
        brokenPromiseOn: '2026-04-16',
      },
      due: ['d20'],
    },
    {
      name: 'A second broken promise runs its step again',
      today: '2026-05-20',
      facts: {
        history: [...upToD30, sent('d45', '2026-05-16'), sent('promise', '2026-04-16')],
        brokenPromiseOn: '2026-05-20',
      },
      due: ['promise'],
    },
    {
      name: 'A broken plan starts the broken-plan step',
      today: '2026-05-03',
      facts: { history: upToD30, brokenPlanOn: '2026-05-03' },
      due: ['plan'],
    },
    {
      name: 'The most recent event goes first',
      today: '2026-05-03',
      facts: { history: upToD30, brokenPlanOn: '2026-05-03', brokenPromiseOn: '2026-05-02' },
      due: ['plan'],
    },
  ])('$name', check)

  test('Without a broken promise the promise track waits for its event', () => {
    const plan = planInvoiceSteps(testInvoice(), scenario, { today: '2026-03-27', lastContactOn: null })
    expect(plan.steps.find((s) => s.stepKey === 'promise')).toEqual({
      stepKey: 'promise',
      status: 'wait',
      dueDate: null,
      reason: 'no-anchor-event',
    })
  })
})

describe('planInvoiceSteps: conditions, anchors and versions', () => {
  test.each<Case>([
    {
      name: 'A step whose minimum amount is not reached is left out and the scenario goes on',
      today: '2026-05-01',
      facts: { history: [...upToD10, sent('d20', '2026-04-21')], remaining: money(9_999, 'EUR') },
      verdict: { kind: 'not-due', reason: 'too-early', nextDate: '2026-05-16' },
    },
    {
      name: 'A minimum in another currency does not apply',
      today: '2026-05-01',
      facts: { history: [...upToD10, sent('d20', '2026-04-21')], remaining: money(100, 'USD') },
      due: ['d30'],
    },
    {
      name: 'A step dated before the invoice was issued does not apply (the invoice is the reminder)',
      today: '2026-03-31',
      facts: { issueDate: '2026-03-30' },
      verdict: { kind: 'not-due', reason: 'too-early', nextDate: '2026-04-04' },
    },
    {
      name: 'A new version with an extra step keeps done steps done and does not go back',
      today: '2026-04-21',
      scenario: testScenario(
        [
          testStep('pre', { offsetDays: -5 }),
          testStep('d3', { offsetDays: 3 }),
          testStep('d7', { offsetDays: 7 }),
          testStep('d10-email', { offsetDays: 10 }),
          testStep('d20', { offsetDays: 20, channel: 'phone-task' }),
        ],
        { version: 2 },
      ),
      facts: { history: [...upToD10, sent('removed-in-v2', '2026-04-12')] },
      due: ['d20'],
    },
    {
      name: 'A previous-step anchor counts from the day the step before was done',
      today: '2026-04-10',
      scenario: testScenario([
        testStep('d3', { offsetDays: 3 }),
        testStep('follow', { anchor: 'previous-step', offsetDays: 4 }),
      ]),
      facts: { history: [sent('d3', '2026-04-06')] },
      due: ['follow'],
    },
    {
      name: 'A previous-step anchor after a step that does not apply counts from that step’s date',
      today: '2026-04-08',
      scenario: testScenario([
        testStep('d3', { offsetDays: 3, conditions: { minimumAmountMinorByCurrency: { EUR: 1_000_000 } } }),
        testStep('follow', { anchor: 'previous-step', offsetDays: 4 }),
      ]),
      due: ['follow'],
    },
  ])('$name', check)

  test('A previous-step anchor says it is waiting for its anchor', () => {
    const plan = planInvoiceSteps(
      testInvoice(),
      testScenario([
        testStep('d3', { offsetDays: 3 }),
        testStep('follow', { anchor: 'previous-step', offsetDays: 4 }),
      ]),
      { today: '2026-04-02', lastContactOn: null },
    )
    expect(plan.steps[1]).toEqual({
      stepKey: 'follow',
      status: 'wait',
      dueDate: null,
      reason: 'waiting-for-anchor',
    })
  })
})

describe('conditionFailures', () => {
  const step = testStep('s', {
    conditions: {
      minimumAmountMinorByCurrency: { EUR: 5_000 },
      customerKinds: ['professional'],
      segments: ['smb'],
      riskLevels: ['high'],
    },
  })
  test.each([
    {
      name: 'a matching invoice',
      facts: {
        remaining: money(5_000, 'EUR'),
        customer: { kind: 'professional', segment: 'smb', riskLevel: 'high' },
      },
      expected: [],
    },
    {
      name: 'a consumer in no segment with no risk level, below the minimum',
      facts: {
        remaining: money(4_999, 'EUR'),
        customer: { kind: 'consumer', segment: null, riskLevel: null },
      },
      expected: ['below-minimum-amount', 'customer-kind', 'segment', 'risk-level'],
    },
    {
      name: 'another segment',
      facts: {
        remaining: money(5_000, 'EUR'),
        customer: { kind: 'professional', segment: 'key', riskLevel: 'high' },
      },
      expected: ['segment'],
    },
  ] as const)('lists $expected for $name', ({ facts, expected }) => {
    expect(conditionFailures(step, facts)).toEqual(expected)
  })
})

describe('invoiceHold', () => {
  const open = { disputed: false, promisedUntil: null, inPaymentPlan: false, customerPausedUntil: null }
  test.each([
    ['a payment on its way', { ...open, paymentProcessing: true }, 'payment-processing'],
    [
      'a payment on its way and a dispute',
      { ...open, paymentProcessing: true, disputed: true },
      'payment-processing',
    ],
    ['a payment that is no longer on its way', { ...open, paymentProcessing: false }, null],
    ['nothing', open, null],
  ] as const)('holds an open invoice with %s: %s', (_name, holds, expected) => {
    expect(invoiceHold({ remaining: money(100, 'EUR'), holds }, '2026-04-01')).toBe(expected)
  })

  test('a paid invoice is paid even while a payment is processing', () => {
    expect(
      invoiceHold({ remaining: money(0, 'EUR'), holds: { ...open, paymentProcessing: true } }, '2026-04-01'),
    ).toBe('paid')
  })

  test('puts paid before every other reason', () => {
    const facts = {
      remaining: money(0, 'EUR'),
      holds: {
        disputed: true,
        promisedUntil: '2026-12-31',
        inPaymentPlan: true,
        customerPausedUntil: '2026-12-31',
      },
    }
    expect(invoiceHold(facts, '2026-04-01')).toBe('paid')
  })

  test('puts a dispute before a plan, a plan before a promise, a promise before a pause', () => {
    const base = { remaining: money(1, 'EUR') }
    expect(
      invoiceHold(
        {
          ...base,
          holds: {
            disputed: true,
            promisedUntil: '2026-12-31',
            inPaymentPlan: true,
            customerPausedUntil: '2026-12-31',
          },
        },
        '2026-04-01',
      ),
    ).toBe('disputed')
    expect(
      invoiceHold(
        {
          ...base,
          holds: {
            disputed: false,
            promisedUntil: '2026-12-31',
            inPaymentPlan: true,
            customerPausedUntil: '2026-12-31',
          },
        },
        '2026-04-01',
      ),
    ).toBe('in-payment-plan')
    expect(
      invoiceHold(
        {
          ...base,
          holds: {
            disputed: false,
            promisedUntil: '2026-12-31',
            inPaymentPlan: false,
            customerPausedUntil: '2026-12-31',
          },
        },
        '2026-04-01',
      ),
    ).toBe('promised')
  })
})
