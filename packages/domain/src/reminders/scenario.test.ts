import { describe, expect, test } from 'vitest'
import { SMS_MAX_LENGTH, isDebtorContact, stepCustomerKinds, templateFor, validateScenario } from './scenario'
import type { Scenario, ScenarioProblem } from './scenario'
import { testScenario, testStep } from './test-factories'

const valid = testScenario([
  testStep('pre', { offsetDays: -5 }),
  testStep('d3', { offsetDays: 3 }),
  testStep('d3-follow', {
    anchor: 'previous-step',
    offsetDays: 0,
    channel: 'sms',
    templates: { fr: { body: '{{portal.link}}' } },
  }),
  testStep('d30', {
    offsetDays: 30,
    channel: 'registered-letter',
    isFormalNotice: true,
    includeStatutoryLatePaymentAmounts: true,
    templates: { fr: { body: '{{invoices.table}} {{late.interest}} {{late.indemnity}}' } },
  }),
  testStep('promise', { anchor: 'broken-promise' }),
])

const problemsOf = (scenario: Scenario): ScenarioProblem[] => {
  const result = validateScenario(scenario)
  return result.ok ? [] : result.error
}

describe('validateScenario', () => {
  test('accepts a well-formed scenario as is', () => {
    expect(validateScenario(valid)).toEqual({ ok: true, value: valid })
  })

  test.each<{ name: string; scenario: Scenario; expected: ScenarioProblem[] }>([
    { name: 'no steps', scenario: testScenario([]), expected: [{ kind: 'no-steps' }] },
    {
      name: 'two steps with one key',
      scenario: testScenario([testStep('d3', { offsetDays: 3 }), testStep('d3', { offsetDays: 10 })]),
      expected: [{ kind: 'duplicate-step-key', stepKey: 'd3' }],
    },
    {
      name: 'a key with spaces and signs',
      scenario: testScenario([testStep('J+3 mail')]),
      expected: [{ kind: 'invalid-step-key', stepKey: 'J+3 mail' }],
    },
    {
      name: 'a previous-step anchor on the first step',
      scenario: testScenario([testStep('first', { anchor: 'previous-step', offsetDays: 2 })]),
      expected: [{ kind: 'previous-step-anchor-on-first-step', stepKey: 'first' }],
    },
    {
      name: 'a step firing before the step it is anchored on',
      scenario: testScenario([
        testStep('d3', { offsetDays: 3 }),
        testStep('before', { anchor: 'previous-step', offsetDays: -1 }),
      ]),
      expected: [{ kind: 'fires-before-its-anchor-step', stepKey: 'before', anchorStepKey: 'd3' }],
    },
    {
      name: 'a later step dated before the step listed before it',
      scenario: testScenario([testStep('d10', { offsetDays: 10 }), testStep('d3', { offsetDays: 3 })]),
      expected: [{ kind: 'fires-before-the-step-listed-before-it', stepKey: 'd3', previousStepKey: 'd10' }],
    },
    {
      name: 'a fractional or absurd offset',
      scenario: testScenario([testStep('a', { offsetDays: 1.5 }), testStep('b', { offsetDays: 4_000 })]),
      expected: [
        { kind: 'invalid-offset', stepKey: 'a' },
        { kind: 'invalid-offset', stepKey: 'b' },
      ],
    },
    {
      name: 'a send window ending before it starts, in an unknown zone',
      scenario: testScenario([testStep('d3')], {
        sendWindow: { weekdays: [1], startHour: 18, endHour: 9, timeZone: 'Europe/Nowhere', holidays: 'fr' },
      }),
      expected: [
        { kind: 'invalid-send-window', problem: 'invalid-hours' },
        { kind: 'invalid-send-window', problem: 'unknown-time-zone' },
      ],
    },
    {
      name: 'negative gaps and catch-up limits, version 0',
      scenario: testScenario([testStep('d3')], { minimumGapDays: -1, maxCatchUpDays: 1.5, version: 0 }),
      expected: [
        { kind: 'invalid-version' },
        { kind: 'invalid-minimum-gap' },
        { kind: 'invalid-max-catch-up-days' },
      ],
    },
    {
      name: 'no template in the default language',
      scenario: testScenario([testStep('d3', { templates: { en: { subject: 'S', body: 'B' } } })]),
      expected: [{ kind: 'missing-default-locale-template', stepKey: 'd3', locale: 'fr' }],
    },
    {
      name: 'an e-mail without a subject, and an empty body',
      scenario: testScenario([testStep('d3', { templates: { fr: { body: ' ' } } })]),
      expected: [
        { kind: 'empty-body', stepKey: 'd3', locale: 'fr' },
        { kind: 'missing-subject', stepKey: 'd3', locale: 'fr' },
      ],
    },
    {
      name: 'an unknown merge field and an unclosed tag',
      scenario: testScenario([
        testStep('d3', { templates: { fr: { subject: '{{client.nom}}', body: 'Total {{totals' } } }),
      ]),
      expected: [
        { kind: 'unknown-merge-field', stepKey: 'd3', locale: 'fr', field: 'client.nom' },
        { kind: 'unclosed-merge-tag', stepKey: 'd3', locale: 'fr' },
      ],
    },
    {
      name: 'late-payment amounts in a step that does not include them',
      scenario: testScenario([
        testStep('d3', { templates: { fr: { subject: 'S', body: 'Pénalités : {{late.interest}}' } } }),
      ]),
      expected: [
        {
          kind: 'late-payment-field-without-statutory-amounts',
          stepKey: 'd3',
          locale: 'fr',
          field: 'late.interest',
        },
      ],
    },
    {
      name: 'a template locale that is not a language code',
      scenario: testScenario([
        testStep('d3', {
          templates: { fr: { subject: 'S', body: 'B' }, french: { subject: 'S', body: 'B' } },
        }),
      ]),
      expected: [{ kind: 'invalid-template-locale', stepKey: 'd3', locale: 'french' }],
    },
    {
      name: 'a formal notice by SMS',
      scenario: testScenario([
        testStep('notice', {
          channel: 'sms',
          isFormalNotice: true,
          templates: { fr: { body: 'Mise en demeure' } },
        }),
      ]),
      expected: [{ kind: 'formal-notice-on-unsuitable-channel', stepKey: 'notice', channel: 'sms' }],
    },
    {
      name: 'a formal notice as a phone task',
      scenario: testScenario([testStep('notice', { channel: 'phone-task', isFormalNotice: true })]),
      expected: [{ kind: 'formal-notice-on-unsuitable-channel', stepKey: 'notice', channel: 'phone-task' }],
    },
    {
      name: 'an SMS too long once merged with long values',
      scenario: testScenario([
        testStep('sms', {
          channel: 'sms',
          templates: {
            fr: { body: `${'x'.repeat(300)} {{customer.name}} {{invoices.numbers}} {{portal.link}}` },
          },
        }),
      ]),
      expected: [{ kind: 'sms-too-long', stepKey: 'sms', locale: 'fr', length: 495, limit: SMS_MAX_LENGTH }],
    },
    {
      name: 'statutory amounts in a consumer scenario',
      scenario: testScenario([testStep('notice', { includeStatutoryLatePaymentAmounts: true })], {
        customerKinds: ['consumer'],
      }),
      expected: [{ kind: 'statutory-amounts-for-consumers', stepKey: 'notice' }],
    },
    {
      name: 'statutory amounts in a mixed scenario without a condition on the step',
      scenario: testScenario([testStep('notice', { includeStatutoryLatePaymentAmounts: true })], {
        customerKinds: ['professional', 'consumer'],
      }),
      expected: [{ kind: 'statutory-amounts-for-consumers', stepKey: 'notice' }],
    },
    {
      name: 'a minimum amount in an unknown currency, or negative',
      scenario: testScenario([
        testStep('d3', { conditions: { minimumAmountMinorByCurrency: { EURO: 100, EUR: -1 } } }),
      ]),
      expected: [
        { kind: 'invalid-minimum-amount', stepKey: 'd3', currency: 'EURO' },
        { kind: 'invalid-minimum-amount', stepKey: 'd3', currency: 'EUR' },
      ],
    },
    {
      name: 'no name, no customer kinds, a bad default locale',
      scenario: testScenario([testStep('d3', { templates: { FR: { subject: 'S', body: 'B' } } })], {
        name: ' ',
        customerKinds: [],
        defaultLocale: 'FR',
      }),
      expected: [
        { kind: 'empty-name' },
        { kind: 'invalid-default-locale', locale: 'FR' },
        { kind: 'no-customer-kinds' },
        { kind: 'invalid-template-locale', stepKey: 'd3', locale: 'FR' },
      ],
    },
  ])('reports $name', ({ scenario, expected }) => {
    expect(problemsOf(scenario)).toEqual(expected)
  })

  test('accepts statutory amounts in a mixed scenario when the step is for professionals only', () => {
    const scenario = testScenario(
      [
        testStep('notice', {
          includeStatutoryLatePaymentAmounts: true,
          conditions: { minimumAmountMinorByCurrency: {}, customerKinds: ['professional'] },
        }),
      ],
      { customerKinds: ['professional', 'consumer'] },
    )
    expect(problemsOf(scenario)).toEqual([])
    expect(stepCustomerKinds(scenario, scenario.steps[0]!)).toEqual(['professional'])
  })

  test('reports every problem at once', () => {
    expect(
      problemsOf(
        testScenario([testStep('a', { channel: 'sms', isFormalNotice: true, templates: {} }), testStep('a')]),
      ).map((p) => p.kind),
    ).toEqual([
      'formal-notice-on-unsuitable-channel',
      'missing-default-locale-template',
      'duplicate-step-key',
    ])
  })
})

describe('templateFor', () => {
  const step = testStep('d3', {
    templates: {
      fr: { subject: 'fr', body: 'fr' },
      en: { subject: 'en', body: 'en' },
      'fr-BE': { subject: 'be', body: 'be' },
    },
  })
  const scenario = testScenario([step])
  test.each([
    { locale: 'fr-BE', expected: 'fr-BE' },
    { locale: 'fr-CA', expected: 'fr' },
    { locale: 'en-US', expected: 'en' },
    { locale: 'de', expected: 'fr' },
  ])('uses the $expected template for a $locale contact', ({ locale, expected }) => {
    expect(templateFor(scenario, step, locale).locale).toBe(expected)
  })
})

describe('isDebtorContact', () => {
  test.each([
    { channel: 'email', expected: true },
    { channel: 'phone-task', expected: true },
    { channel: 'manual-task', expected: false },
  ] as const)('counts $channel as a contact: $expected', ({ channel, expected }) => {
    expect(isDebtorContact(channel)).toBe(expected)
  })
})
