import { LATE_PAYMENT_FIELDS, longestPlausibleContext, renderTemplate, templateFields } from './merge-fields'
import { sendWindowProblems } from './send-window'
import type { SendWindow, SendWindowProblem } from './send-window'
import { isCurrencyCode } from '../money/currencies'
import { err, ok } from '../shared/result'
import type { Result } from '../shared/result'

/** What a step's date is counted from. */
export const STEP_ANCHORS = [
  'issue-date',
  'due-date',
  'previous-step',
  'broken-promise',
  'broken-plan',
] as const
export type StepAnchor = (typeof STEP_ANCHORS)[number]

export const CHANNELS = [
  'email',
  'sms',
  'postal-letter',
  'registered-letter',
  'phone-task',
  'manual-task',
] as const
export type Channel = (typeof CHANNELS)[number]

/** Same values as the database's `customer_kind`. */
export const CUSTOMER_KINDS = ['professional', 'consumer', 'public_body'] as const
export type CustomerKind = (typeof CUSTOMER_KINDS)[number]

export const RISK_LEVELS = ['low', 'medium', 'high'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

/**
 * What to do when several steps are overdue at once (the planner did not run, the invoice was imported late,
 * a hold ended): send only the most advanced one (the default), send them one by one, or send none of them.
 */
export const CATCH_UP_RULES = ['send-latest-missed-only', 'send-all-missed', 'skip-missed'] as const
export type CatchUpRule = (typeof CATCH_UP_RULES)[number]

/** The languages every default template exists in (PRODUCT.md P7). */
export const TEMPLATE_LOCALES = ['fr', 'en', 'de', 'es'] as const

/** Plain text with `{{merge.fields}}`; blank lines make paragraphs in HTML. E-mails need a subject. */
export type StepTemplate = { subject?: string; body: string }

export type StepConditions = {
  /** Below this remaining amount the step does not apply; a currency not listed has no minimum. */
  minimumAmountMinorByCurrency: Readonly<Record<string, number>>
  /** When set, the step applies only to these customers. */
  customerKinds?: readonly CustomerKind[]
  segments?: readonly string[]
  riskLevels?: readonly RiskLevel[]
}

export type Step = {
  /**
   * Stable across versions: the history of done steps is keyed by it, so a new version never re-sends them.
   */
  key: string
  name: string
  anchor: StepAnchor
  /** Days after the anchor (negative: before it, e.g. -5 for a reminder five days before the due date). */
  offsetDays: number
  channel: Channel
  /** Per language ('fr', 'en'…); the scenario's default locale must be there. */
  templates: Readonly<Record<string, StepTemplate>>
  conditions: StepConditions
  /** The action waits in the approval queue before anything is sent. */
  requiresApproval: boolean
  /** Shows French B2B penalties and the €40 indemnity (`{{late.*}}`); never for consumers. */
  includeStatutoryLatePaymentAmounts: boolean
  /** A mise en demeure: only by letter, registered letter or e-mail. */
  isFormalNotice: boolean
}

export type Scenario = {
  id: string
  /** Each edit publishes a new version; invoices in progress move to it and keep their done steps. */
  version: number
  name: string
  defaultLocale: string
  /** The customers this scenario is written for; assignment rules should respect it. */
  customerKinds: readonly CustomerKind[]
  steps: readonly Step[]
  sendWindow: SendWindow
  /** Days that must separate two contacts with one customer, whatever the invoice. */
  minimumGapDays: number
  catchUp: CatchUpRule
  /** A step more than this many days late is never sent: a reminder that old would confuse more than help. */
  maxCatchUpDays: number
}

/**
 * A message over three SMS segments (3 × 160 GSM-7 characters) costs more and reads badly on a lock screen.
 */
export const SMS_MAX_LENGTH = 480
const MAX_OFFSET_DAYS = 3_650
const STEP_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/
const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/
const FORMAL_NOTICE_CHANNELS: readonly Channel[] = ['email', 'postal-letter', 'registered-letter']

export type ScenarioProblem =
  | { kind: 'invalid-version' }
  | { kind: 'empty-name' }
  | { kind: 'invalid-default-locale'; locale: string }
  | { kind: 'no-customer-kinds' }
  | { kind: 'no-steps' }
  | { kind: 'invalid-step-key'; stepKey: string }
  | { kind: 'duplicate-step-key'; stepKey: string }
  | { kind: 'invalid-offset'; stepKey: string }
  | { kind: 'previous-step-anchor-on-first-step'; stepKey: string }
  | { kind: 'fires-before-its-anchor-step'; stepKey: string; anchorStepKey: string }
  | { kind: 'fires-before-the-step-listed-before-it'; stepKey: string; previousStepKey: string }
  | { kind: 'invalid-send-window'; problem: SendWindowProblem }
  | { kind: 'invalid-minimum-gap' }
  | { kind: 'invalid-max-catch-up-days' }
  | { kind: 'invalid-minimum-amount'; stepKey: string; currency: string }
  | { kind: 'invalid-template-locale'; stepKey: string; locale: string }
  | { kind: 'missing-default-locale-template'; stepKey: string; locale: string }
  | { kind: 'missing-subject'; stepKey: string; locale: string }
  | { kind: 'empty-body'; stepKey: string; locale: string }
  | { kind: 'unknown-merge-field'; stepKey: string; locale: string; field: string }
  | { kind: 'unclosed-merge-tag'; stepKey: string; locale: string }
  | { kind: 'late-payment-field-without-statutory-amounts'; stepKey: string; locale: string; field: string }
  | { kind: 'formal-notice-on-unsuitable-channel'; stepKey: string; channel: Channel }
  | { kind: 'sms-too-long'; stepKey: string; locale: string; length: number; limit: number }
  | { kind: 'statutory-amounts-for-consumers'; stepKey: string }

/** The customer kinds a step can reach: its own condition narrows the scenario's. */
export function stepCustomerKinds(scenario: Scenario, step: Step): readonly CustomerKind[] {
  const own = step.conditions.customerKinds
  return own === undefined ? scenario.customerKinds : scenario.customerKinds.filter((k) => own.includes(k))
}

/**
 * Steps that date from the issue or due date run in order: a later one must not fire before an earlier one.
 */
function orderProblems(steps: readonly Step[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = []
  const lastByAnchor = new Map<StepAnchor, Step>()
  steps.forEach((step, i) => {
    if (step.anchor === 'previous-step') {
      const before = steps[i - 1]
      if (i === 0 || before === undefined)
        problems.push({ kind: 'previous-step-anchor-on-first-step', stepKey: step.key })
      else if (step.offsetDays < 0) {
        problems.push({ kind: 'fires-before-its-anchor-step', stepKey: step.key, anchorStepKey: before.key })
      }
      return
    }
    if (step.anchor === 'issue-date' || step.anchor === 'due-date') {
      const previous = lastByAnchor.get(step.anchor)
      if (previous && step.offsetDays < previous.offsetDays) {
        problems.push({
          kind: 'fires-before-the-step-listed-before-it',
          stepKey: step.key,
          previousStepKey: previous.key,
        })
      }
      lastByAnchor.set(step.anchor, step)
    }
  })
  return problems
}

function templateProblems(scenario: Scenario, step: Step): ScenarioProblem[] {
  const problems: ScenarioProblem[] = []
  const stepKey = step.key
  if (step.templates[scenario.defaultLocale] === undefined) {
    problems.push({ kind: 'missing-default-locale-template', stepKey, locale: scenario.defaultLocale })
  }
  for (const [locale, template] of Object.entries(step.templates)) {
    if (!LOCALE.test(locale)) problems.push({ kind: 'invalid-template-locale', stepKey, locale })
    if (template.body.trim() === '') problems.push({ kind: 'empty-body', stepKey, locale })
    if (step.channel === 'email' && (template.subject ?? '').trim() === '') {
      problems.push({ kind: 'missing-subject', stepKey, locale })
    }
    for (const part of [template.subject ?? '', template.body]) {
      const { fields, problems: syntax } = templateFields(part)
      for (const p of syntax) {
        if (p.kind === 'unknown-field')
          problems.push({ kind: 'unknown-merge-field', stepKey, locale, field: p.field })
        if (p.kind === 'unclosed-tag') problems.push({ kind: 'unclosed-merge-tag', stepKey, locale })
      }
      if (!step.includeStatutoryLatePaymentAmounts) {
        for (const field of fields.filter((f) => LATE_PAYMENT_FIELDS.includes(f))) {
          problems.push({ kind: 'late-payment-field-without-statutory-amounts', stepKey, locale, field })
        }
      }
    }
    if (step.channel === 'sms') {
      const length = [...renderTemplate(template.body, longestPlausibleContext(locale), 'text').output].length
      if (length > SMS_MAX_LENGTH)
        problems.push({ kind: 'sms-too-long', stepKey, locale, length, limit: SMS_MAX_LENGTH })
    }
  }
  return problems
}

/**
 * Everything wrong with a scenario before it is published, all at once, so the editor can show each next to
 * its field.
 */
export function validateScenario(scenario: Scenario): Result<Scenario, ScenarioProblem[]> {
  const problems: ScenarioProblem[] = []
  if (!Number.isSafeInteger(scenario.version) || scenario.version < 1)
    problems.push({ kind: 'invalid-version' })
  if (scenario.name.trim() === '') problems.push({ kind: 'empty-name' })
  if (!LOCALE.test(scenario.defaultLocale))
    problems.push({ kind: 'invalid-default-locale', locale: scenario.defaultLocale })
  if (scenario.customerKinds.length === 0) problems.push({ kind: 'no-customer-kinds' })
  if (scenario.steps.length === 0) problems.push({ kind: 'no-steps' })
  for (const problem of sendWindowProblems(scenario.sendWindow))
    problems.push({ kind: 'invalid-send-window', problem })
  if (
    !Number.isSafeInteger(scenario.minimumGapDays) ||
    scenario.minimumGapDays < 0 ||
    scenario.minimumGapDays > 365
  ) {
    problems.push({ kind: 'invalid-minimum-gap' })
  }
  if (
    !Number.isSafeInteger(scenario.maxCatchUpDays) ||
    scenario.maxCatchUpDays < 0 ||
    scenario.maxCatchUpDays > 365
  ) {
    problems.push({ kind: 'invalid-max-catch-up-days' })
  }

  const seen = new Set<string>()
  for (const step of scenario.steps) {
    const stepKey = step.key
    if (!STEP_KEY.test(stepKey)) problems.push({ kind: 'invalid-step-key', stepKey })
    if (seen.has(stepKey)) problems.push({ kind: 'duplicate-step-key', stepKey })
    seen.add(stepKey)
    if (!Number.isSafeInteger(step.offsetDays) || Math.abs(step.offsetDays) > MAX_OFFSET_DAYS) {
      problems.push({ kind: 'invalid-offset', stepKey })
    }
    for (const [currency, minor] of Object.entries(step.conditions.minimumAmountMinorByCurrency)) {
      if (!isCurrencyCode(currency) || !Number.isSafeInteger(minor) || minor < 0) {
        problems.push({ kind: 'invalid-minimum-amount', stepKey, currency })
      }
    }
    if (step.isFormalNotice && !FORMAL_NOTICE_CHANNELS.includes(step.channel)) {
      problems.push({ kind: 'formal-notice-on-unsuitable-channel', stepKey, channel: step.channel })
    }
    // L111-8 CPCE and D441-5: no recovery indemnity or B2B penalties may be claimed from a consumer.
    if (step.includeStatutoryLatePaymentAmounts && stepCustomerKinds(scenario, step).includes('consumer')) {
      problems.push({ kind: 'statutory-amounts-for-consumers', stepKey })
    }
    problems.push(...templateProblems(scenario, step))
  }
  problems.push(...orderProblems(scenario.steps))
  return problems.length === 0 ? ok(scenario) : err(problems)
}

/**
 * The template for a contact's language: exact ('fr-BE'), then the language ('fr'), then the scenario's
 * default.
 */
export function templateFor(
  scenario: Scenario,
  step: Step,
  locale: string,
): { locale: string; template: StepTemplate } {
  for (const candidate of [locale, locale.slice(0, 2), scenario.defaultLocale]) {
    const template = step.templates[candidate]
    if (template !== undefined) return { locale: candidate, template }
  }
  const [first] = Object.entries(step.templates)
  if (first === undefined) throw new Error(`Invariant failed: step "${step.key}" has no template`)
  return { locale: first[0], template: first[1] }
}

/**
 * Manual tasks are internal work for staff: they are not contacts with the debtor and ignore the minimum gap.
 */
export function isDebtorContact(channel: Channel): boolean {
  return channel !== 'manual-task'
}
