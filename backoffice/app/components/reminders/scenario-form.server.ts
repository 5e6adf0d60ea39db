import { toMajorUnitString } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { parseAmount } from '@quittance/domain/money/parse-amount'
import {
  CATCH_UP_RULES,
  CHANNELS,
  CUSTOMER_KINDS,
  RISK_LEVELS,
  STEP_ANCHORS,
  TEMPLATE_LOCALES,
  type Scenario,
  type ScenarioProblem,
  type Step,
} from '@quittance/domain/reminders/scenario'
import { HOLIDAY_CALENDARS } from '@quittance/domain/reminders/french-public-holidays'
import { longestPlausibleContext, renderStepMessage } from '@quittance/domain/reminders/merge-fields'
import type { ScenarioDefinition } from '@quittance/db/schema/reminders'

// The scenario editor's form: flat field names (`steps.0.offsetDays`, `steps.0.tpl.fr.body`), so it posts without
// JavaScript; parsed into the domain's definition, whose `validateScenario` problems come back next to each field.

export type ScenarioFormValues = Record<string, string>
export type FieldErrors = Record<string, string[]>

export const EDITOR_OPTIONS = {
  anchors: STEP_ANCHORS,
  channels: CHANNELS,
  customerKinds: CUSTOMER_KINDS,
  riskLevels: RISK_LEVELS,
  catchUp: CATCH_UP_RULES,
  locales: TEMPLATE_LOCALES,
  holidays: HOLIDAY_CALENDARS,
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')

/** Definition → form values (the page's defaults). */
export function valuesOf(definition: ScenarioDefinition | Scenario, intl: string): ScenarioFormValues {
  const v: ScenarioFormValues = {
    name: definition.name,
    defaultLocale: definition.defaultLocale,
    customerKinds: definition.customerKinds.join(','),
    weekdays: definition.sendWindow.weekdays.join(','),
    startHour: String(definition.sendWindow.startHour),
    endHour: String(definition.sendWindow.endHour),
    timeZone: definition.sendWindow.timeZone,
    holidays: definition.sendWindow.holidays,
    minimumGapDays: String(definition.minimumGapDays),
    catchUp: definition.catchUp,
    maxCatchUpDays: String(definition.maxCatchUpDays),
    stepCount: String(definition.steps.length),
  }
  definition.steps.forEach((step, i) => Object.assign(v, stepValues(step, i, intl)))
  return v
}

function stepValues(step: Step, i: number, _intl: string): ScenarioFormValues {
  const p = `steps.${i}.`
  const v: ScenarioFormValues = {
    [`${p}key`]: step.key,
    [`${p}name`]: step.name,
    [`${p}anchor`]: step.anchor,
    [`${p}offsetDays`]: String(step.offsetDays),
    [`${p}channel`]: step.channel,
    [`${p}requiresApproval`]: step.requiresApproval ? 'on' : '',
    [`${p}includeStatutoryLatePaymentAmounts`]: step.includeStatutoryLatePaymentAmounts ? 'on' : '',
    [`${p}isFormalNotice`]: step.isFormalNotice ? 'on' : '',
    [`${p}minimumAmounts`]: Object.entries(step.conditions.minimumAmountMinorByCurrency)
      .map(([currency, minor]) => `${currency} ${toMajorUnitString(money(minor, currency))}`)
      .join(', '),
    [`${p}customerKinds`]: (step.conditions.customerKinds ?? []).join(','),
    [`${p}segments`]: (step.conditions.segments ?? []).join(', '),
    [`${p}riskLevels`]: (step.conditions.riskLevels ?? []).join(','),
  }
  for (const locale of TEMPLATE_LOCALES) {
    const template = step.templates[locale]
    v[`${p}tpl.${locale}.subject`] = template?.subject ?? ''
    v[`${p}tpl.${locale}.body`] = template?.body ?? ''
  }
  return v
}

/** A blank step appended by "Add a step". */
export function blankStep(i: number): ScenarioFormValues {
  return stepValues(
    {
      key: `step-${i + 1}`,
      name: '',
      anchor: 'previous-step',
      offsetDays: 7,
      channel: 'email',
      templates: { fr: { subject: '', body: '' } },
      conditions: { minimumAmountMinorByCurrency: {} },
      requiresApproval: false,
      includeStatutoryLatePaymentAmounts: false,
      isFormalNotice: false,
    },
    i,
    'en',
  )
}

/** Raw form data → form values: multi-valued checkboxes joined with commas. */
export function formValues(form: FormData): ScenarioFormValues {
  const v: ScenarioFormValues = {}
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((x): x is string => typeof x === 'string')
    v[key] = all.length > 1 ? all.join(',') : (all[0] ?? '')
  }
  for (const multi of ['customerKinds', 'weekdays']) v[multi] ??= ''
  return v
}

/** Removes step `index` and renumbers the others. */
export function withoutStep(values: ScenarioFormValues, index: number): ScenarioFormValues {
  const count = Number(values.stepCount ?? 0)
  const out: ScenarioFormValues = {}
  for (const [k, val] of Object.entries(values)) if (!k.startsWith('steps.')) out[k] = val
  let j = 0
  for (let i = 0; i < count; i++) {
    if (i === index) continue
    for (const [k, val] of Object.entries(values)) {
      const prefix = `steps.${i}.`
      if (k.startsWith(prefix)) out[`steps.${j}.${k.slice(prefix.length)}`] = val
    }
    j++
  }
  out.stepCount = String(j)
  return out
}

type Parsed = { definition: ScenarioDefinition | null; errors: FieldErrors }

const int = (s: string | undefined) => (s !== undefined && /^-?\d{1,5}$/.test(s.trim()) ? Number(s.trim()) : NaN)

/** Form values → definition; shape errors (not a number, unknown value) come back per field. */
export function parseScenarioForm(values: ScenarioFormValues): Parsed {
  const errors: FieldErrors = {}
  const fail = (field: string, key: string) => {
    ;(errors[field] ??= []).push(key)
  }
  const pick = <T extends string>(field: string, allowed: readonly T[]): T => {
    const value = (values[field] ?? '').trim() as T
    if (!allowed.includes(value)) fail(field, 'bo-reminders.error.choose')
    return value
  }
  const number = (field: string) => {
    const n = int(values[field])
    if (Number.isNaN(n)) fail(field, 'bo-reminders.error.number')
    return n
  }
  const count = Math.min(50, Math.max(0, int(values.stepCount) || 0))
  const steps: Step[] = []
  for (let i = 0; i < count; i++) {
    const p = `steps.${i}.`
    const minimums: Record<string, number> = {}
    for (const part of list(values[`${p}minimumAmounts`])) {
      const match = /^([A-Za-z]{3})\s+(.+)$/.exec(part)
      const parsed = match ? parseAmount(match[2]!, match[1]!.toUpperCase()) : null
      if (!match || !parsed || !parsed.ok) fail(`${p}minimumAmounts`, 'bo-reminders.error.minimumAmounts')
      else minimums[parsed.value.currency] = parsed.value.amountMinor
    }
    const templates: Record<string, { subject?: string; body: string }> = {}
    for (const locale of TEMPLATE_LOCALES) {
      const body = values[`${p}tpl.${locale}.body`] ?? ''
      const subject = values[`${p}tpl.${locale}.subject`] ?? ''
      if (body.trim() !== '' || subject.trim() !== '') templates[locale] = { ...(subject.trim() !== '' ? { subject } : {}), body }
    }
    const kinds = list(values[`${p}customerKinds`]) as Step['conditions']['customerKinds'] & string[]
    const risks = list(values[`${p}riskLevels`]) as NonNullable<Step['conditions']['riskLevels']> & string[]
    const segments = list(values[`${p}segments`])
    steps.push({
      key: (values[`${p}key`] ?? '').trim(),
      name: (values[`${p}name`] ?? '').trim() || (values[`${p}key`] ?? '').trim(),
      anchor: pick(`${p}anchor`, STEP_ANCHORS),
      offsetDays: number(`${p}offsetDays`),
      channel: pick(`${p}channel`, CHANNELS),
      templates,
      conditions: {
        minimumAmountMinorByCurrency: minimums,
        ...(kinds.length ? { customerKinds: kinds.filter((k) => (CUSTOMER_KINDS as readonly string[]).includes(k)) as Step['conditions']['customerKinds'] } : {}),
        ...(segments.length ? { segments } : {}),
        ...(risks.length ? { riskLevels: risks.filter((r) => (RISK_LEVELS as readonly string[]).includes(r)) as Step['conditions']['riskLevels'] } : {}),
      },
      requiresApproval: values[`${p}requiresApproval`] === 'on',
      includeStatutoryLatePaymentAmounts: values[`${p}includeStatutoryLatePaymentAmounts`] === 'on',
      isFormalNotice: values[`${p}isFormalNotice`] === 'on',
    })
  }
  const weekdays = list(values.weekdays).map(Number) as Scenario['sendWindow']['weekdays'][number][]
  const definition: ScenarioDefinition = {
    name: (values.name ?? '').trim(),
    defaultLocale: pick('defaultLocale', TEMPLATE_LOCALES),
    customerKinds: list(values.customerKinds).filter((k) => (CUSTOMER_KINDS as readonly string[]).includes(k)) as ScenarioDefinition['customerKinds'][number][],
    steps,
    sendWindow: {
      weekdays,
      startHour: number('startHour'),
      endHour: number('endHour'),
      timeZone: (values.timeZone ?? '').trim(),
      holidays: pick('holidays', HOLIDAY_CALENDARS),
    },
    minimumGapDays: number('minimumGapDays'),
    catchUp: pick('catchUp', CATCH_UP_RULES),
    maxCatchUpDays: number('maxCatchUpDays'),
  }
  return { definition: Object.keys(errors).length === 0 ? definition : null, errors }
}

/** The domain's problems, each next to the field it is about (an i18n key with its values). */
export function problemErrors(problems: readonly ScenarioProblem[], steps: readonly { key: string }[]): { errors: FieldErrors; formErrors: string[] } {
  const errors: FieldErrors = {}
  const formErrors: string[] = []
  const at = (stepKey: string) => steps.findIndex((s) => s.key === stepKey)
  const put = (field: string, key: string) => {
    ;(errors[field] ??= []).push(key)
  }
  for (const p of problems) {
    const message = `bo-reminders.problem.${p.kind}`
    if ('stepKey' in p) {
      const i = at(p.stepKey)
      const s = `steps.${i}.`
      switch (p.kind) {
        case 'invalid-step-key':
        case 'duplicate-step-key':
          put(`${s}key`, message)
          break
        case 'invalid-offset':
          put(`${s}offsetDays`, message)
          break
        case 'invalid-minimum-amount':
          put(`${s}minimumAmounts`, message)
          break
        case 'formal-notice-on-unsuitable-channel':
          put(`${s}channel`, message)
          break
        case 'statutory-amounts-for-consumers':
          put(`${s}includeStatutoryLatePaymentAmounts`, message)
          break
        case 'missing-subject':
          put(`${s}tpl.${p.locale}.subject`, message)
          break
        case 'missing-default-locale-template':
        case 'empty-body':
        case 'unknown-merge-field':
        case 'unclosed-merge-tag':
        case 'late-payment-field-without-statutory-amounts':
        case 'sms-too-long':
        case 'invalid-template-locale':
          put(`${s}tpl.${p.locale}.body`, `${message}|${'field' in p ? p.field : 'length' in p ? `${p.length}/${p.limit}` : ''}`)
          break
        default:
          put(`${s}anchor`, message)
      }
      continue
    }
    switch (p.kind) {
      case 'empty-name':
        put('name', message)
        break
      case 'invalid-default-locale':
        put('defaultLocale', message)
        break
      case 'no-customer-kinds':
        put('customerKinds', message)
        break
      case 'invalid-send-window':
        put(p.problem === 'unknown-time-zone' ? 'timeZone' : p.problem === 'invalid-hours' ? 'startHour' : 'weekdays', `bo-reminders.problem.window.${p.problem}`)
        break
      case 'invalid-minimum-gap':
        put('minimumGapDays', message)
        break
      case 'invalid-max-catch-up-days':
        put('maxCatchUpDays', message)
        break
      default:
        formErrors.push(message)
    }
  }
  return { errors, formErrors }
}

/** Each step's template rendered on sample data, in `locale` (or the scenario's default language). */
export function previewsOf(values: ScenarioFormValues, locale: string, only?: number): Record<string, { locale: string; subject: string | null; text: string; html: string | null; problems: string[] }> {
  const count = Math.min(50, Math.max(0, Number(values.stepCount) || 0))
  const out: Record<string, { locale: string; subject: string | null; text: string; html: string | null; problems: string[] }> = {}
  for (let i = 0; i < count; i++) {
    if (only !== undefined && i !== only) continue
    const p = `steps.${i}.`
    const candidates = [locale, values.defaultLocale ?? 'fr', ...TEMPLATE_LOCALES]
    const chosen = candidates.find((l) => (values[`${p}tpl.${l}.body`] ?? '').trim() !== '')
    if (!chosen) continue
    const channel = (CHANNELS as readonly string[]).includes(values[`${p}channel`] ?? '') ? (values[`${p}channel`] as Step['channel']) : 'email'
    const subject = values[`${p}tpl.${chosen}.subject`] ?? ''
    const sample = { ...longestPlausibleContext(chosen), portalLink: 'https://pay.example.com/' + chosen + '/a/…' }
    const rendered = renderStepMessage({ ...(subject ? { subject } : {}), body: values[`${p}tpl.${chosen}.body`] ?? '' }, channel, sample)
    out[String(i)] = {
      locale: chosen,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      problems: rendered.problems.filter((x) => x.kind !== 'missing-value').map((x) => ('field' in x ? `{{${x.field}}}` : x.kind)),
    }
  }
  return out
}
