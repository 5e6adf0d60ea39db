import { planDay } from './plan-day'
import type { InvoiceToPlan } from './plan-day'
import type { InvoiceReminderFacts, NotApplicableReason, SkipReason, WaitReason } from './plan-invoice-steps'
import { isDebtorContact } from './scenario'
import type { Channel, CustomerKind, RiskLevel, Scenario } from './scenario'
import { nextSendMoment, zonedInstant } from './send-window'
import type { StepRecord } from './step-due-date'
import { addDays, compareLocalDates, daysBetween, isLocalDate } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import { money } from '../money/money'
import type { Money } from '../money/money'
import { invariant } from '../shared/invariant'

/**
 * What can happen to an invoice while the clock runs. Ranges are inclusive: disputed 8–25 resumes on day 26.
 */
export type SimulationEvent =
  | { kind: 'paid'; on: LocalDate }
  | { kind: 'partial-payment'; on: LocalDate; amountMinor: number }
  | { kind: 'dispute'; from: LocalDate; to: LocalDate | null }
  /** "I will pay on `promisedFor`": reminders pause until then plus grace; kept means paid that day. */
  | { kind: 'promise'; madeOn: LocalDate; promisedFor: LocalDate; graceDays?: number; kept: boolean }
  /** In a payment plan from `from`; a plan broken on `brokenOn` sends the invoice back to its scenario. */
  | { kind: 'payment-plan'; from: LocalDate; brokenOn: LocalDate | null }

export type SimulatedInvoice = {
  invoiceId: string
  customerId: string
  issueDate: LocalDate
  dueDate: LocalDate
  amount: Money
  /** The day the invoice reached Quittance (an import after the fact); the issue date by default. */
  knownSince?: LocalDate
  events?: readonly SimulationEvent[]
}

export type SimulatedCustomer = {
  customerId: string
  kind: CustomerKind
  segment: string | null
  riskLevel: RiskLevel | null
  /** "Pause reminders until …", inclusive. */
  pauses?: readonly { from: LocalDate; until: LocalDate }[]
}

export const TIMELINE_EVENTS = [
  'imported',
  'paid',
  'dispute-opened',
  'dispute-resolved',
  'promise-made',
  'promise-broken',
  'plan-started',
  'plan-broken',
  'customer-paused',
  'pause-ended',
  'scenario-changed',
] as const
export type TimelineEvent = (typeof TIMELINE_EVENTS)[number]

type EntryBase = { date: LocalDate; day: number; invoiceId: string; customerId: string }

export type TimelineEntry = EntryBase &
  (
    | { kind: 'event'; event: TimelineEvent }
    | {
        kind: 'action'
        stepKey: string
        channel: Channel
        daysLate: number
        requiresApproval: boolean
        /** When it leaves: the planning instant moved into the send window. */
        sendAt: string
        actionKey: string
        scenarioVersion: number
      }
    | { kind: 'skipped'; stepKey: string; reason: SkipReason }
    /** A step not sent on its own date, and why; it may still go out later. */
    | { kind: 'held'; stepKey: string; reason: WaitReason }
    | { kind: 'not-applicable'; stepKey: string; reasons: NotApplicableReason[] }
  )

export type SimulatedAction = {
  actionKey: string
  date: LocalDate
  day: number
  customerId: string
  stepKey: string
  invoiceIds: string[]
  sendAt: string
}

export type Simulation = { entries: TimelineEntry[]; actions: SimulatedAction[] }

export type SimulationInput = {
  scenario: Scenario
  /** New versions published while the clock runs: invoices in progress move to them. */
  scenarioChanges?: readonly { on: LocalDate; scenario: Scenario }[]
  invoices: readonly SimulatedInvoice[]
  customers: readonly SimulatedCustomer[]
  from: LocalDate
  days: number
  /** The planner's hour on the window's wall clock; 6 by default, before any window opens. */
  planningHour?: number
}

const within = (d: LocalDate, from: LocalDate, to: LocalDate | null) =>
  compareLocalDates(from, d) <= 0 && (to === null || compareLocalDates(d, to) <= 0)
const onOrBefore = (a: LocalDate, b: LocalDate) => compareLocalDates(a, b) <= 0

type Snapshot = {
  known: boolean
  paid: boolean
  disputed: boolean
  promised: boolean
  inPlan: boolean
  paused: boolean
}

// The facts of an invoice on a day, derived from its events: what the database would hold that morning.
function factsOn(
  invoice: SimulatedInvoice,
  customer: SimulatedCustomer,
  d: LocalDate,
  history: StepRecord[],
) {
  const events = invoice.events ?? []
  let remaining = invoice.amount.amountMinor
  let promisedUntil: LocalDate | null = null
  let brokenPromiseOn: LocalDate | null = null
  let brokenPlanOn: LocalDate | null = null
  let inPaymentPlan = false
  let disputed = false
  for (const e of events) {
    if (e.kind === 'paid' && onOrBefore(e.on, d)) remaining = 0
    if (e.kind === 'partial-payment' && onOrBefore(e.on, d))
      remaining = Math.max(0, remaining - e.amountMinor)
    if (e.kind === 'dispute' && within(d, e.from, e.to)) disputed = true
    if (e.kind === 'promise' && onOrBefore(e.madeOn, d)) {
      const until = addDays(e.promisedFor, e.graceDays ?? 0)
      if (e.kept && onOrBefore(e.promisedFor, d)) remaining = 0
      else if (onOrBefore(d, until)) promisedUntil = until
      else if (!e.kept) brokenPromiseOn = addDays(until, 1)
    }
    if (e.kind === 'payment-plan' && onOrBefore(e.from, d)) {
      if (e.brokenOn !== null && onOrBefore(e.brokenOn, d)) brokenPlanOn = e.brokenOn
      else inPaymentPlan = true
    }
  }
  const pause = (customer.pauses ?? []).find((p) => within(d, p.from, p.until))
  const facts: InvoiceReminderFacts = {
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    remaining: money(remaining, invoice.amount.currency),
    customer: { kind: customer.kind, segment: customer.segment, riskLevel: customer.riskLevel },
    holds: { disputed, promisedUntil, inPaymentPlan, customerPausedUntil: pause?.until ?? null },
    brokenPromiseOn,
    brokenPlanOn,
    history,
  }
  const snapshot: Snapshot = {
    known: true,
    paid: remaining === 0,
    disputed,
    promised: promisedUntil !== null,
    inPlan: inPaymentPlan,
    paused: pause !== undefined,
  }
  return { facts, snapshot, brokenToday: { promise: brokenPromiseOn === d, plan: brokenPlanOn === d } }
}

function changes(
  before: Snapshot,
  after: Snapshot,
  brokenToday: { promise: boolean; plan: boolean },
): TimelineEvent[] {
  const out: TimelineEvent[] = []
  const flip = (key: keyof Snapshot, on: TimelineEvent | null, off: TimelineEvent | null) => {
    if (!before[key] && after[key] && on) out.push(on)
    if (before[key] && !after[key] && off) out.push(off)
  }
  flip('paid', 'paid', null)
  flip('disputed', 'dispute-opened', 'dispute-resolved')
  flip('promised', 'promise-made', null)
  if (brokenToday.promise) out.push('promise-broken')
  flip('inPlan', 'plan-started', null)
  if (brokenToday.plan) out.push('plan-broken')
  flip('paused', 'customer-paused', 'pause-ended')
  return out
}

/**
 * Runs the planner day by day over a portfolio, as the engine would with a controllable clock: each morning
 * it derives every invoice's facts from its events, plans the day (`planDay`), records what was sent and
 * skipped, and moves each action into the send window. Used by the "simulated timeline" screen and the
 * 120-day clock test.
 */
export function simulatePortfolio(input: SimulationInput): Simulation {
  const { from, days } = input
  invariant(isLocalDate(from), `not a LocalDate: "${from}"`)
  invariant(Number.isSafeInteger(days) && days >= 0 && days <= 3_660, `days must be 0-3660, got ${days}`)
  const planningHour = input.planningHour ?? 6
  const customers = new Map(input.customers.map((c) => [c.customerId, c]))
  const invoices = [...input.invoices].sort((a, b) =>
    a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0,
  )
  const histories = new Map<string, StepRecord[]>(invoices.map((i) => [i.invoiceId, []]))
  const snapshots = new Map<string, Snapshot>()
  const lastContact: Record<string, LocalDate> = {}
  const entries: TimelineEntry[] = []
  const actions: SimulatedAction[] = []
  const changesOn = [...(input.scenarioChanges ?? [])].sort((a, b) => compareLocalDates(a.on, b.on))

  for (let day = 0; day < days; day++) {
    const date = addDays(from, day)
    const scenario = changesOn.filter((c) => onOrBefore(c.on, date)).at(-1)?.scenario ?? input.scenario
    const toPlan: InvoiceToPlan[] = []
    const dayEntries = new Map<string, TimelineEntry[]>()
    const push = (invoice: SimulatedInvoice, entry: TimelineEntry) => {
      const list = dayEntries.get(invoice.invoiceId) ?? []
      list.push(entry)
      dayEntries.set(invoice.invoiceId, list)
    }

    for (const invoice of invoices) {
      const customer = customers.get(invoice.customerId)
      invariant(
        customer !== undefined,
        `no customer "${invoice.customerId}" for invoice "${invoice.invoiceId}"`,
      )
      const knownSince = invoice.knownSince ?? invoice.issueDate
      if (compareLocalDates(date, knownSince) < 0) continue
      const before = snapshots.get(invoice.invoiceId)
      if (before?.paid) continue
      const base = { date, day, invoiceId: invoice.invoiceId, customerId: invoice.customerId }
      const { facts, snapshot, brokenToday } = factsOn(
        invoice,
        customer,
        date,
        histories.get(invoice.invoiceId)!,
      )
      const initial: Snapshot = {
        known: false,
        paid: false,
        disputed: false,
        promised: false,
        inPlan: false,
        paused: false,
      }
      if (before === undefined && compareLocalDates(knownSince, invoice.issueDate) > 0)
        push(invoice, { ...base, kind: 'event', event: 'imported' })
      if (before !== undefined && changesOn.some((c) => c.on === date))
        push(invoice, { ...base, kind: 'event', event: 'scenario-changed' })
      for (const event of changes(before ?? initial, snapshot, brokenToday))
        push(invoice, { ...base, kind: 'event', event })
      snapshots.set(invoice.invoiceId, snapshot)
      if (snapshot.paid) continue
      const contact = `${invoice.customerId}:contact`
      toPlan.push({
        facts,
        scenario,
        contactIdsByChannel: {
          email: [contact],
          sms: [contact],
          'postal-letter': [contact],
          'registered-letter': [contact],
        },
      })
    }

    const plan = planDay({ today: date, invoices: toPlan, lastContactByCustomer: lastContact })
    const planningInstant = zonedInstant(date, planningHour, scenario.sendWindow.timeZone)
    const sendAt = nextSendMoment(planningInstant, scenario.sendWindow).toISOString()
    const actionOf = new Map<string, (typeof plan.actions)[number]>()
    for (const action of plan.actions) {
      for (const invoiceId of action.invoiceIds) actionOf.set(`${invoiceId}|${action.stepKey}`, action)
      actions.push({
        actionKey: action.actionKey,
        date,
        day,
        customerId: action.customerId,
        stepKey: action.stepKey,
        invoiceIds: action.invoiceIds,
        sendAt,
      })
      if (isDebtorContact(action.channel)) lastContact[action.customerId] = date
    }

    for (const invoicePlan of plan.plans) {
      const invoice = invoices.find((i) => i.invoiceId === invoicePlan.invoiceId)!
      const history = histories.get(invoice.invoiceId)!
      const base = { date, day, invoiceId: invoice.invoiceId, customerId: invoice.customerId }
      invoicePlan.steps.forEach((evaluation, index) => {
        const step = scenario.steps[index]!
        if (evaluation.status === 'due') {
          const action = actionOf.get(`${invoice.invoiceId}|${step.key}`)
          invariant(action !== undefined, `due step "${step.key}" of "${invoice.invoiceId}" has no action`)
          history.push({ stepKey: step.key, on: date, outcome: 'sent', actionKey: action.actionKey })
          push(invoice, {
            ...base,
            kind: 'action',
            stepKey: step.key,
            channel: step.channel,
            daysLate: evaluation.daysLate,
            requiresApproval: step.requiresApproval,
            sendAt,
            actionKey: action.actionKey,
            scenarioVersion: scenario.version,
          })
        } else if (evaluation.status === 'skip') {
          history.push({ stepKey: step.key, on: date, outcome: 'skipped' })
          push(invoice, { ...base, kind: 'skipped', stepKey: step.key, reason: evaluation.reason })
        } else if (
          evaluation.status === 'wait' &&
          evaluation.dueDate === date &&
          evaluation.reason !== 'too-early'
        ) {
          push(invoice, { ...base, kind: 'held', stepKey: step.key, reason: evaluation.reason })
        } else if (evaluation.status === 'not-applicable' && evaluation.dueDate === date) {
          push(invoice, { ...base, kind: 'not-applicable', stepKey: step.key, reasons: evaluation.reasons })
        }
      })
    }
    for (const invoice of invoices) entries.push(...(dayEntries.get(invoice.invoiceId) ?? []))
  }
  return { entries, actions }
}

/**
 * The simulated timeline of one invoice, from its issue date (or `from`) for `days` days: by default nobody
 * pays, or the given events happen. The customer is a professional with no segment unless told otherwise.
 */
export function simulateTimeline(input: {
  scenario: Scenario
  invoice: SimulatedInvoice
  customer?: Omit<SimulatedCustomer, 'customerId'>
  from?: LocalDate
  days: number
  planningHour?: number
}): TimelineEntry[] {
  const customer: SimulatedCustomer = {
    kind: 'professional',
    segment: null,
    riskLevel: null,
    ...input.customer,
    customerId: input.invoice.customerId,
  }
  return simulatePortfolio({
    scenario: input.scenario,
    invoices: [input.invoice],
    customers: [customer],
    from: input.from ?? input.invoice.knownSince ?? input.invoice.issueDate,
    days: input.days,
    ...(input.planningHour === undefined ? {} : { planningHour: input.planningHour }),
  }).entries
}

/** Day number of a date in a simulation that starts on `from` (day 0). */
export function simulationDay(from: LocalDate, date: LocalDate): number {
  return daysBetween(from, date)
}
