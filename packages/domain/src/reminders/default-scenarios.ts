import {
  EN_B2B_ESCALATE,
  EN_B2B_FINAL_NOTICE,
  EN_B2B_OVERDUE_1,
  EN_B2B_OVERDUE_7,
  EN_B2B_PRE_DUE,
} from './default-templates-en-b2b'
import {
  FR_B2B_ESCALATE,
  FR_B2B_FORMAL_NOTICE,
  FR_B2B_OVERDUE_10_EMAIL,
  FR_B2B_OVERDUE_10_SMS,
  FR_B2B_OVERDUE_20_CALL,
  FR_B2B_OVERDUE_3,
  FR_B2B_PLAN_BROKEN,
  FR_B2B_PRE_DUE,
  FR_B2B_PROMISE_BROKEN,
} from './default-templates-fr-b2b'
import {
  FR_B2C_ESCALATE,
  FR_B2C_FORMAL_NOTICE,
  FR_B2C_OVERDUE_12_SMS,
  FR_B2C_OVERDUE_20,
  FR_B2C_OVERDUE_30_CALL,
  FR_B2C_OVERDUE_5,
  FR_B2C_PLAN_BROKEN,
  FR_B2C_PRE_DUE,
  FR_B2C_PROMISE_BROKEN,
} from './default-templates-fr-b2c'
import type { Scenario, Step } from './scenario'

const NO_CONDITIONS = { minimumAmountMinorByCurrency: {} }

function step(
  fields: Pick<Step, 'key' | 'name' | 'anchor' | 'offsetDays' | 'channel' | 'templates'> & Partial<Step>,
): Step {
  return {
    conditions: NO_CONDITIONS,
    requiresApproval: false,
    includeStatutoryLatePaymentAmounts: false,
    isFormalNotice: false,
    ...fields,
  }
}

/**
 * French B2B: courteous before the due date, firmer after, a call at J+20, the mise en demeure at J+30 by
 * registered letter with the statutory penalties and the €40 (approved by a credit manager first), and the
 * decision to go to court at J+45. Three days at least between two contacts; a catch-up sends only the most
 * advanced missed step, and nothing more than 15 days late.
 */
export const FRENCH_B2B_SCENARIO: Scenario = {
  id: 'default-fr-b2b',
  version: 1,
  name: 'Relances B2B France',
  defaultLocale: 'fr',
  customerKinds: ['professional', 'public_body'],
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
  steps: [
    step({
      key: 'pre-due',
      name: 'J-5 · Rappel avant échéance',
      anchor: 'due-date',
      offsetDays: -5,
      channel: 'email',
      templates: FR_B2B_PRE_DUE,
    }),
    step({
      key: 'overdue-3',
      name: 'J+3 · Première relance',
      anchor: 'due-date',
      offsetDays: 3,
      channel: 'email',
      templates: FR_B2B_OVERDUE_3,
    }),
    step({
      key: 'overdue-10-email',
      name: 'J+10 · Deuxième relance (e-mail)',
      anchor: 'due-date',
      offsetDays: 10,
      channel: 'email',
      templates: FR_B2B_OVERDUE_10_EMAIL,
    }),
    step({
      key: 'overdue-10-sms',
      name: 'J+10 · SMS',
      anchor: 'due-date',
      offsetDays: 10,
      channel: 'sms',
      templates: FR_B2B_OVERDUE_10_SMS,
    }),
    step({
      key: 'overdue-20-call',
      name: 'J+20 · Appel',
      anchor: 'due-date',
      offsetDays: 20,
      channel: 'phone-task',
      templates: FR_B2B_OVERDUE_20_CALL,
    }),
    step({
      key: 'formal-notice',
      name: 'J+30 · Mise en demeure (LRAR)',
      anchor: 'due-date',
      offsetDays: 30,
      channel: 'registered-letter',
      templates: FR_B2B_FORMAL_NOTICE,
      // A registered letter costs several euros: below €100 the call and the decision at J+45 do better.
      conditions: { minimumAmountMinorByCurrency: { EUR: 10_000 } },
      requiresApproval: true,
      includeStatutoryLatePaymentAmounts: true,
      isFormalNotice: true,
    }),
    step({
      key: 'escalate',
      name: 'J+45 · Escalade : injonction de payer ?',
      anchor: 'due-date',
      offsetDays: 45,
      channel: 'manual-task',
      templates: FR_B2B_ESCALATE,
    }),
    step({
      key: 'promise-broken',
      name: 'Promesse non tenue',
      anchor: 'broken-promise',
      offsetDays: 0,
      channel: 'email',
      templates: FR_B2B_PROMISE_BROKEN,
    }),
    step({
      key: 'plan-broken',
      name: 'Échéancier rompu',
      anchor: 'broken-plan',
      offsetDays: 0,
      channel: 'email',
      templates: FR_B2B_PLAN_BROKEN,
    }),
  ],
}

/**
 * French B2C: gentler and spaced further apart (five days), inside consumer-safe hours (weekdays 10–19, no
 * public holidays: LEGAL.md §6), a payment plan offered at every step, no €40 and no penalties, and a mise en
 * demeure at J+40 that starts legal-rate interest (C. civ. 1231-6).
 */
export const FRENCH_B2C_SCENARIO: Scenario = {
  id: 'default-fr-b2c',
  version: 1,
  name: 'Relances particuliers France',
  defaultLocale: 'fr',
  customerKinds: ['consumer'],
  sendWindow: {
    weekdays: [1, 2, 3, 4, 5],
    startHour: 10,
    endHour: 19,
    timeZone: 'Europe/Paris',
    holidays: 'fr',
  },
  minimumGapDays: 5,
  catchUp: 'send-latest-missed-only',
  maxCatchUpDays: 15,
  steps: [
    step({
      key: 'pre-due',
      name: 'J-3 · Rappel avant échéance',
      anchor: 'due-date',
      offsetDays: -3,
      channel: 'email',
      templates: FR_B2C_PRE_DUE,
    }),
    step({
      key: 'overdue-5',
      name: 'J+5 · Premier rappel',
      anchor: 'due-date',
      offsetDays: 5,
      channel: 'email',
      templates: FR_B2C_OVERDUE_5,
    }),
    step({
      key: 'overdue-12-sms',
      name: 'J+12 · SMS',
      anchor: 'due-date',
      offsetDays: 12,
      channel: 'sms',
      templates: FR_B2C_OVERDUE_12_SMS,
    }),
    step({
      key: 'overdue-20',
      name: 'J+20 · Deuxième rappel',
      anchor: 'due-date',
      offsetDays: 20,
      channel: 'email',
      templates: FR_B2C_OVERDUE_20,
    }),
    step({
      key: 'overdue-30-call',
      name: 'J+30 · Appel',
      anchor: 'due-date',
      offsetDays: 30,
      channel: 'phone-task',
      templates: FR_B2C_OVERDUE_30_CALL,
    }),
    step({
      key: 'formal-notice',
      name: 'J+40 · Mise en demeure (LRAR)',
      anchor: 'due-date',
      offsetDays: 40,
      channel: 'registered-letter',
      templates: FR_B2C_FORMAL_NOTICE,
      conditions: { minimumAmountMinorByCurrency: { EUR: 5_000 } },
      requiresApproval: true,
      isFormalNotice: true,
    }),
    step({
      key: 'escalate',
      name: 'J+60 · Décider de la suite',
      anchor: 'due-date',
      offsetDays: 60,
      channel: 'manual-task',
      templates: FR_B2C_ESCALATE,
    }),
    step({
      key: 'promise-broken',
      name: 'Paiement promis non reçu',
      anchor: 'broken-promise',
      offsetDays: 0,
      channel: 'email',
      templates: FR_B2C_PROMISE_BROKEN,
    }),
    step({
      key: 'plan-broken',
      name: 'Échéance non réglée',
      anchor: 'broken-plan',
      offsetDays: 0,
      channel: 'email',
      templates: FR_B2C_PLAN_BROKEN,
    }),
  ],
}

/** Generic English B2B, citing no country's statute: a starting point for any creditor outside France. */
export const ENGLISH_B2B_SCENARIO: Scenario = {
  id: 'default-en-b2b',
  version: 1,
  name: 'Standard B2B reminders',
  defaultLocale: 'en',
  customerKinds: ['professional', 'public_body'],
  sendWindow: {
    weekdays: [1, 2, 3, 4, 5],
    startHour: 9,
    endHour: 17,
    timeZone: 'Europe/London',
    holidays: 'none',
  },
  minimumGapDays: 3,
  catchUp: 'send-latest-missed-only',
  maxCatchUpDays: 15,
  steps: [
    step({
      key: 'pre-due',
      name: 'D-3 · Upcoming payment',
      anchor: 'due-date',
      offsetDays: -3,
      channel: 'email',
      templates: EN_B2B_PRE_DUE,
    }),
    step({
      key: 'overdue-1',
      name: 'D+1 · Now overdue',
      anchor: 'due-date',
      offsetDays: 1,
      channel: 'email',
      templates: EN_B2B_OVERDUE_1,
    }),
    step({
      key: 'overdue-7',
      name: 'D+7 · Second reminder',
      anchor: 'due-date',
      offsetDays: 7,
      channel: 'email',
      templates: EN_B2B_OVERDUE_7,
    }),
    step({
      key: 'overdue-14-sms',
      name: 'D+14 · SMS',
      anchor: 'due-date',
      offsetDays: 14,
      channel: 'sms',
      templates: FR_B2B_OVERDUE_10_SMS,
    }),
    step({
      key: 'overdue-21-call',
      name: 'D+21 · Call',
      anchor: 'due-date',
      offsetDays: 21,
      channel: 'phone-task',
      templates: FR_B2B_OVERDUE_20_CALL,
    }),
    step({
      key: 'final-notice',
      name: 'D+30 · Final notice',
      anchor: 'due-date',
      offsetDays: 30,
      channel: 'email',
      templates: EN_B2B_FINAL_NOTICE,
      requiresApproval: true,
      isFormalNotice: true,
    }),
    step({
      key: 'escalate',
      name: 'D+45 · Decide on escalation',
      anchor: 'due-date',
      offsetDays: 45,
      channel: 'manual-task',
      templates: EN_B2B_ESCALATE,
    }),
    step({
      key: 'promise-broken',
      name: 'Broken promise',
      anchor: 'broken-promise',
      offsetDays: 0,
      channel: 'email',
      templates: FR_B2B_PROMISE_BROKEN,
    }),
    step({
      key: 'plan-broken',
      name: 'Broken payment plan',
      anchor: 'broken-plan',
      offsetDays: 0,
      channel: 'email',
      templates: FR_B2B_PLAN_BROKEN,
    }),
  ],
}

export const DEFAULT_SCENARIOS: readonly Scenario[] = [
  FRENCH_B2B_SCENARIO,
  FRENCH_B2C_SCENARIO,
  ENGLISH_B2B_SCENARIO,
]
