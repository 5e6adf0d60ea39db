import { describe, expect, test } from 'vitest'
import {
  DEFAULT_SCENARIOS,
  ENGLISH_B2B_SCENARIO,
  FRENCH_B2B_SCENARIO,
  FRENCH_B2C_SCENARIO,
} from './default-scenarios'
import { longestPlausibleContext, renderStepMessage } from './merge-fields'
import type { MergeContext } from './merge-fields'
import { SMS_MAX_LENGTH, TEMPLATE_LOCALES, validateScenario } from './scenario'
import type { Scenario, Step } from './scenario'

const cases = DEFAULT_SCENARIOS.flatMap((scenario) =>
  scenario.steps.flatMap((step) =>
    TEMPLATE_LOCALES.map((locale) => ({
      scenario: scenario.id,
      step: step.key,
      locale,
      s: scenario,
      st: step,
    })),
  ),
)

// The context a real message of this step gets: late-payment amounts only where the step shows them.
function contextFor(step: Step, locale: string): MergeContext {
  const full = longestPlausibleContext(locale)
  if (step.includeStatutoryLatePaymentAmounts) return full
  return {
    ...full,
    lateRateBasisPoints: null,
    invoices: full.invoices.map((i) => ({ ...i, lateInterest: null, recoveryIndemnity: null })),
  }
}

describe('the default scenarios', () => {
  test.each(DEFAULT_SCENARIOS.map((s) => ({ id: s.id, scenario: s })))(
    '$id passes validation',
    ({ scenario }) => {
      expect(validateScenario(scenario)).toEqual({ ok: true, value: scenario })
    },
  )

  test('have distinct ids', () => {
    expect(new Set(DEFAULT_SCENARIOS.map((s) => s.id)).size).toBe(DEFAULT_SCENARIOS.length)
  })

  test.each(cases)('$scenario › $step renders in $locale with every field filled', ({ st, locale }) => {
    const message = renderStepMessage(st.templates[locale]!, st.channel, contextFor(st, locale))
    expect(message.problems).toEqual([])
    expect(message.text).not.toMatch(/\{\{|\}\}/)
    if (st.channel === 'sms') expect([...message.text].length).toBeLessThanOrEqual(SMS_MAX_LENGTH)
  })

  test('French B2B follows the issue: J-5, J+3, J+10 e-mail and SMS, J+20 call, J+30 mise en demeure, J+45 escalation', () => {
    expect(FRENCH_B2B_SCENARIO.steps.map((s) => [s.key, s.anchor, s.offsetDays, s.channel])).toEqual([
      ['pre-due', 'due-date', -5, 'email'],
      ['overdue-3', 'due-date', 3, 'email'],
      ['overdue-10-email', 'due-date', 10, 'email'],
      ['overdue-10-sms', 'due-date', 10, 'sms'],
      ['overdue-20-call', 'due-date', 20, 'phone-task'],
      ['formal-notice', 'due-date', 30, 'registered-letter'],
      ['escalate', 'due-date', 45, 'manual-task'],
      ['promise-broken', 'broken-promise', 0, 'email'],
      ['plan-broken', 'broken-plan', 0, 'email'],
    ])
  })

  const notice = (s: Scenario) => s.steps.find((x) => x.isFormalNotice)!

  test('The French B2B mise en demeure shows the statutory amounts and waits for approval', () => {
    const step = notice(FRENCH_B2B_SCENARIO)
    expect([step.includeStatutoryLatePaymentAmounts, step.requiresApproval]).toEqual([true, true])
  })

  test('The French B2B mise en demeure has every part LEGAL.md §3 asks for', () => {
    const message = renderStepMessage(
      notice(FRENCH_B2B_SCENARIO).templates.fr!,
      'registered-letter',
      longestPlausibleContext('fr'),
    )
    const text = message.text.replace(/[\u00A0\u202F]/g, ' ')
    expect(message.subject).toBe('MISE EN DEMEURE DE PAYER')
    for (const part of [
      'Objet : MISE EN DEMEURE DE PAYER',
      'Société Française de Distribution Industrielle SAS', // creditor
      'SIREN 123 456 789',
      'Établissements Durand-Lefèvre et Associés Ingénierie SAS', // debtor
      'Reste dû 1 234 567,89 €', // principal per invoice
      'Pénalités de retard 12 345,67 €', // penalties apart
      'Indemnité forfaitaire 40,00 €', // €40 apart
      'taux annuel de 12,15 %',
      'huit (8) jours à compter de la réception',
      'injonction de payer',
      'https://paiement.exemple-entreprise.fr/fr/a/',
    ]) {
      expect(text).toContain(part)
    }
  })

  test('The French B2C scenario never claims the €40 or penalties, and its notice starts legal-rate interest', () => {
    expect(FRENCH_B2C_SCENARIO.steps.some((s) => s.includeStatutoryLatePaymentAmounts)).toBe(false)
    const body = notice(FRENCH_B2C_SCENARIO).templates.fr!.body
    expect(body).toContain('1231-6')
    expect(body).not.toMatch(/40 €|indemnité forfaitaire|frais de recouvrement/i)
  })

  test('The French B2C scenario writes only in consumer-safe hours: weekdays, 10 to 19, never on public holidays', () => {
    expect(FRENCH_B2C_SCENARIO.sendWindow).toEqual({
      weekdays: [1, 2, 3, 4, 5],
      startHour: 10,
      endHour: 19,
      timeZone: 'Europe/Paris',
      holidays: 'fr',
    })
  })

  test('SMS carry no amount, only a link', () => {
    for (const scenario of DEFAULT_SCENARIOS) {
      for (const s of scenario.steps.filter((x) => x.channel === 'sms')) {
        for (const template of Object.values(s.templates)) {
          expect(template.body).not.toMatch(/totals|invoices\.table|late\./)
          expect(template.body).toContain('{{portal.link}}')
        }
      }
    }
  })

  test('The English scenario is the default for English-speaking B2B customers', () => {
    expect([ENGLISH_B2B_SCENARIO.defaultLocale, ENGLISH_B2B_SCENARIO.customerKinds]).toEqual([
      'en',
      ['professional', 'public_body'],
    ])
  })
})
