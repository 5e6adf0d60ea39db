import { isDebtorContact } from './scenario'
import type { CustomerKind, RiskLevel, Scenario, Step } from './scenario'
import { currentRecord, stepDueDate, trackOf, trackStart } from './step-due-date'
import type { AnchorFacts, StepRecord, TrackKind } from './step-due-date'
import { addDays, compareLocalDates, daysBetween, isLocalDate } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import type { Money } from '../money/money'
import { invariant } from '../shared/invariant'

/**
 * Why an invoice gets no reminder at all today, in the order a credit manager would give it. "Until" dates
 * are the last day of the hold, inclusive: reminders resume the day after.
 */
export const HOLD_REASONS = [
  'paid',
  'payment-processing',
  'prescribed',
  'disputed',
  'in-payment-plan',
  'promised',
  'customer-paused',
] as const
export type HoldReason = (typeof HOLD_REASONS)[number]

export type InvoiceHolds = {
  disputed: boolean
  /** The promised date plus its grace days; the promise is judged the day after. */
  promisedUntil: LocalDate | null
  inPaymentPlan: boolean
  customerPausedUntil: LocalDate | null
  /** A payment of the invoice is on its way (a SEPA debit or transfer confirmed later): no reminder meanwhile. */
  paymentProcessing?: boolean
  /** The first day the claim is time-barred (LEGAL.md §4): automated dunning stops for good. */
  prescribedOn?: LocalDate | null
}

export type InvoiceReminderFacts = AnchorFacts & {
  invoiceId: string
  customerId: string
  /** What is still owed; zero means paid (or credited, or written off). */
  remaining: Money
  customer: { kind: CustomerKind; segment: string | null; riskLevel: RiskLevel | null }
  holds: InvoiceHolds
}

export type ConditionFailure = 'below-minimum-amount' | 'customer-kind' | 'segment' | 'risk-level'
export type NotApplicableReason = ConditionFailure | 'before-issue-date'

export type SkipReason =
  /**
   * A more advanced step is sent instead (catch-up 'send-latest-missed-only', or a broken-promise/plan step).
   */
  | 'superseded'
  /** Later than the scenario's `maxCatchUpDays`. */
  | 'too-late-to-catch-up'
  /** Catch-up 'skip-missed': only steps on their own date are sent. */
  | 'missed'
  /** A reminder written for before the due date makes no sense once the invoice is overdue. */
  | 'pre-due-step-after-due-date'

export type WaitReason =
  | HoldReason
  | 'too-early'
  | 'waiting-for-anchor'
  | 'no-anchor-event'
  | 'minimum-gap'
  | 'waiting-for-earlier-step'
  | 'deferred-by-event-step'

export type StepEvaluation =
  | { stepKey: string; status: 'due'; dueDate: LocalDate; daysLate: number }
  | { stepKey: string; status: 'skip'; dueDate: LocalDate; reason: SkipReason }
  | { stepKey: string; status: 'wait'; dueDate: LocalDate | null; reason: WaitReason; until?: LocalDate }
  | { stepKey: string; status: 'done'; on: LocalDate; outcome: StepRecord['outcome'] }
  | { stepKey: string; status: 'passed'; dueDate: LocalDate | null }
  | { stepKey: string; status: 'not-applicable'; dueDate: LocalDate | null; reasons: NotApplicableReason[] }

export type DueStep = { step: Step; dueDate: LocalDate; daysLate: number }
export type SkippedStep = {
  step: Step
  dueDate: LocalDate
  reason: SkipReason
  /**
   * A later step of the same track acted on today instead: once that step has a record, this one is passed
   * whatever its own record says, so its skip record adds nothing (the planner may leave it out).
   */
  impliedBy?: string
}

export type PlanVerdict =
  | { kind: 'due'; stepKeys: string[] }
  | {
      kind: 'not-due'
      reason: HoldReason | 'minimum-gap' | 'too-early' | 'waiting-for-anchor' | 'scenario-complete'
      /** The next day something may be due, when known. */
      nextDate: LocalDate | null
    }

export type InvoiceStepPlan = {
  invoiceId: string
  hold: HoldReason | null
  /** One evaluation per scenario step, in the scenario's order: the "why" of the simulated timeline. */
  steps: StepEvaluation[]
  /** What to act on today. */
  due: DueStep[]
  /** Steps the catch-up rule drops today: record them, so tomorrow's plan does not weigh them again. */
  skipped: SkippedStep[]
  verdict: PlanVerdict
}

export type PlanningDay = {
  today: LocalDate
  /** The customer's latest contact before today, any invoice, any channel but manual tasks; null if none. */
  lastContactOn: LocalDate | null
}

const onOrAfter = (a: LocalDate, b: LocalDate) => compareLocalDates(a, b) >= 0

/** The hold that stops every reminder of this invoice today, if any. */
export function invoiceHold(
  facts: Pick<InvoiceReminderFacts, 'remaining' | 'holds'>,
  today: LocalDate,
): HoldReason | null {
  const { holds } = facts
  if (facts.remaining.amountMinor <= 0) return 'paid'
  if (holds.paymentProcessing === true) return 'payment-processing'
  if (holds.prescribedOn != null && onOrAfter(today, holds.prescribedOn)) return 'prescribed'
  if (holds.disputed) return 'disputed'
  if (holds.inPaymentPlan) return 'in-payment-plan'
  if (holds.promisedUntil !== null && onOrAfter(holds.promisedUntil, today)) return 'promised'
  if (holds.customerPausedUntil !== null && onOrAfter(holds.customerPausedUntil, today))
    return 'customer-paused'
  return null
}

export function conditionFailures(
  step: Step,
  facts: Pick<InvoiceReminderFacts, 'remaining' | 'customer'>,
): ConditionFailure[] {
  const { conditions } = step
  const failures: ConditionFailure[] = []
  const minimum = conditions.minimumAmountMinorByCurrency[facts.remaining.currency]
  if (minimum !== undefined && facts.remaining.amountMinor < minimum) failures.push('below-minimum-amount')
  if (conditions.customerKinds && !conditions.customerKinds.includes(facts.customer.kind))
    failures.push('customer-kind')
  if (
    conditions.segments &&
    (facts.customer.segment === null || !conditions.segments.includes(facts.customer.segment))
  ) {
    failures.push('segment')
  }
  if (
    conditions.riskLevels &&
    (facts.customer.riskLevel === null || !conditions.riskLevels.includes(facts.customer.riskLevel))
  ) {
    failures.push('risk-level')
  }
  return failures
}

type Candidate = { index: number; dueDate: LocalDate; track: TrackKind; daysLate: number }

/**
 * Which steps of a scenario an invoice is due for today, and why every other step is not.
 *
 * Rules, in order:
 * - a step is acted on at most once per run of its track (`history`); steps listed before the latest one
 *   acted on are passed, so resuming after a hold or a new scenario version never goes back;
 * - a hold (paid, time-barred, disputed, in a plan, promised, customer paused) stops everything; when it
 *   ends, the steps that fell due meanwhile are caught up like any missed step;
 * - catch-up ('send-latest-missed-only' by default): when several steps are overdue at once, only the most
 *   advanced is sent and the others are skipped, never a burst; a step more than `maxCatchUpDays` late is
 *   never sent;
 * - a broken promise or plan starts its dedicated steps, which take the place of the main steps missed
 *   meanwhile (a main step due that very day is only deferred);
 * - the minimum gap since the customer's last contact defers contacts (not manual tasks) without skipping
 *   them.
 */
export function planInvoiceSteps(
  facts: InvoiceReminderFacts,
  scenario: Scenario,
  day: PlanningDay,
): InvoiceStepPlan {
  const { today, lastContactOn } = day
  invariant(isLocalDate(today), `not a LocalDate: "${today}"`)
  const steps = scenario.steps
  const hold = invoiceHold(facts, today)
  const failures = steps.map((step) => conditionFailures(step, facts))
  const applies = failures.map((f) => f.length === 0)
  const records = steps.map((_, i) => currentRecord(scenario, i, facts))
  const dueDates = steps.map((_, i) => stepDueDate(scenario, i, facts, applies))
  const tracks = steps.map((_, i) => trackOf(steps, i))
  const lastActed = new Map<TrackKind, number>()
  records.forEach((record, i) => {
    if (record !== null) lastActed.set(tracks[i]!, i)
  })

  const evaluations: StepEvaluation[] = []
  const candidates: Candidate[] = []
  steps.forEach((step, i) => {
    const stepKey = step.key
    const dueDate = dueDates[i]!
    const record = records[i]!
    if (trackStart(tracks[i]!, facts) === undefined) {
      evaluations.push({ stepKey, status: 'wait', dueDate: null, reason: 'no-anchor-event' })
    } else if (record !== null) {
      evaluations.push({ stepKey, status: 'done', on: record.on, outcome: record.outcome })
    } else if (i < (lastActed.get(tracks[i]!) ?? -1)) {
      evaluations.push({ stepKey, status: 'passed', dueDate })
    } else if (!applies[i]) {
      evaluations.push({ stepKey, status: 'not-applicable', dueDate, reasons: failures[i]! })
    } else if (dueDate === null) {
      evaluations.push({ stepKey, status: 'wait', dueDate: null, reason: 'waiting-for-anchor' })
    } else if (compareLocalDates(dueDate, facts.issueDate) < 0) {
      // E.g. a reminder five days before the due date on an invoice payable in three: the invoice is the
      // reminder.
      evaluations.push({ stepKey, status: 'not-applicable', dueDate, reasons: ['before-issue-date'] })
    } else if (compareLocalDates(dueDate, today) > 0) {
      evaluations.push({ stepKey, status: 'wait', dueDate, reason: 'too-early' })
    } else {
      candidates.push({ index: i, dueDate, track: tracks[i]!, daysLate: daysBetween(dueDate, today) })
      evaluations.push({ stepKey, status: 'wait', dueDate, reason: 'waiting-for-earlier-step' })
    }
  })

  const d: Decisions = { scenario, facts, today, lastContactOn, evaluations, impliedBy: [] }
  if (hold !== null) {
    for (const c of candidates) wait(d, c, hold)
  } else {
    decideCandidates(candidates, d)
  }

  const due: DueStep[] = []
  const skipped: SkippedStep[] = []
  evaluations.forEach((e, i) => {
    if (e.status === 'due') due.push({ step: steps[i]!, dueDate: e.dueDate, daysLate: e.daysLate })
    if (e.status === 'skip') {
      const impliedBy = d.impliedBy[i]
      skipped.push({
        step: steps[i]!,
        dueDate: e.dueDate,
        reason: e.reason,
        ...(impliedBy === undefined ? {} : { impliedBy }),
      })
    }
  })
  return {
    invoiceId: facts.invoiceId,
    hold,
    steps: evaluations,
    due,
    skipped,
    verdict: verdictOf(evaluations, hold),
  }
}

type Decisions = {
  scenario: Scenario
  facts: InvoiceReminderFacts
  today: LocalDate
  lastContactOn: LocalDate | null
  /** One per step, replaced as candidates are decided. */
  evaluations: StepEvaluation[]
  /** By step index: the later step of the same track, due today, that makes this skipped one passed. */
  impliedBy: (string | undefined)[]
}

// Module-level helpers rather than closures per invoice: the planner evaluates ~200k invoices a day.
function skip(d: Decisions, c: Candidate, reason: SkipReason): void {
  d.evaluations[c.index] = {
    stepKey: d.scenario.steps[c.index]!.key,
    status: 'skip',
    dueDate: c.dueDate,
    reason,
  }
}

function wait(d: Decisions, c: Candidate, reason: WaitReason, until?: LocalDate): void {
  d.evaluations[c.index] = {
    stepKey: d.scenario.steps[c.index]!.key,
    status: 'wait',
    dueDate: c.dueDate,
    reason,
    ...(until === undefined ? {} : { until }),
  }
}

function markDue(d: Decisions, c: Candidate): void {
  d.evaluations[c.index] = {
    stepKey: d.scenario.steps[c.index]!.key,
    status: 'due',
    dueDate: c.dueDate,
    daysLate: c.daysLate,
  }
}

function eventDate(facts: AnchorFacts, track: TrackKind): LocalDate | null {
  return track === 'broken-promise' ? facts.brokenPromiseOn : facts.brokenPlanOn
}

function earliest(dates: (LocalDate | undefined | null)[]): LocalDate | null {
  return dates.filter((x): x is LocalDate => typeof x === 'string').sort()[0] ?? null
}

function decideCandidates(candidates: Candidate[], d: Decisions): void {
  const { scenario, facts, today } = d
  const steps = scenario.steps
  const live: Candidate[] = []
  for (const c of candidates) {
    const step = steps[c.index]!
    if (step.anchor === 'due-date' && step.offsetDays < 0 && compareLocalDates(today, facts.dueDate) > 0) {
      skip(d, c, 'pre-due-step-after-due-date')
    } else if (c.daysLate > scenario.maxCatchUpDays) {
      skip(d, c, 'too-late-to-catch-up')
    } else {
      live.push(c)
    }
  }
  if (live.length === 0) return

  // The most recent event's track goes first; the main track only when no event step is pending.
  const eventTracks = [...new Set(live.map((c) => c.track).filter((t) => t !== 'main'))].sort((a, b) =>
    compareLocalDates(eventDate(facts, b)!, eventDate(facts, a)!),
  )
  const chosen: TrackKind = eventTracks[0] ?? 'main'
  const inTrack = live.filter((c) => c.track === chosen)
  const others = live.filter((c) => c.track !== chosen)

  let dueNow: Candidate[]
  const passedOver: Candidate[] = []
  const later: Candidate[] = []
  if (scenario.catchUp === 'send-latest-missed-only') {
    const target = inTrack[inTrack.length - 1]!
    dueNow = inTrack.filter((c) => c.dueDate === target.dueDate)
    passedOver.push(...inTrack.filter((c) => c.dueDate !== target.dueDate))
  } else if (scenario.catchUp === 'send-all-missed') {
    const first = inTrack[0]!
    dueNow = inTrack.filter((c) => c.dueDate === first.dueDate)
    later.push(...inTrack.filter((c) => c.dueDate !== first.dueDate))
  } else {
    dueNow = inTrack.filter((c) => c.dueDate === today)
    passedOver.push(...inTrack.filter((c) => c.dueDate !== today))
  }

  // The minimum gap defers contacts; manual tasks are internal and go ahead.
  const { lastContactOn } = d
  const gapEnds = lastContactOn === null ? null : addDays(lastContactOn, scenario.minimumGapDays)
  const gapBlocks =
    gapEnds !== null && compareLocalDates(lastContactOn!, today) < 0 && compareLocalDates(today, gapEnds) < 0
  const blocked = gapBlocks ? dueNow.filter((c) => isDebtorContact(steps[c.index]!.channel)) : []
  dueNow = dueNow.filter((c) => !blocked.includes(c))

  if (dueNow.length === 0) {
    // Nothing leaves today, so nothing is superseded either: tomorrow's plan weighs the same steps again.
    for (const c of [...blocked, ...later, ...others]) wait(d, c, 'minimum-gap', gapEnds ?? undefined)
    for (const c of passedOver) {
      if (scenario.catchUp === 'skip-missed') skip(d, c, 'missed')
      else wait(d, c, 'minimum-gap', gapEnds ?? undefined)
    }
    return
  }
  for (const c of dueNow) markDue(d, c)
  for (const c of blocked) wait(d, c, 'minimum-gap', gapEnds!)
  const latestDue = dueNow[dueNow.length - 1]!
  for (const c of passedOver) {
    skip(d, c, scenario.catchUp === 'skip-missed' ? 'missed' : 'superseded')
    // Same track, listed later: its record passes this step (see planInvoiceSteps' first rule).
    if (latestDue.index > c.index) d.impliedBy[c.index] = steps[latestDue.index]!.key
  }
  for (const c of later) wait(d, c, 'waiting-for-earlier-step')
  // A broken promise or plan resumes the scenario at its dedicated step: it replaces the main steps missed
  // meanwhile, but a main step falling due today (a formal notice, say) only waits for the gap, then goes
  // out.
  for (const c of others) {
    if (c.track === 'main' && c.daysLate > 0 && scenario.catchUp !== 'send-all-missed')
      skip(d, c, 'superseded')
    else wait(d, c, 'deferred-by-event-step')
  }
}

function verdictOf(evaluations: readonly StepEvaluation[], hold: HoldReason | null): PlanVerdict {
  const due = evaluations.filter((e) => e.status === 'due')
  if (due.length > 0) return { kind: 'due', stepKeys: due.map((e) => e.stepKey) }
  if (hold !== null) return { kind: 'not-due', reason: hold, nextDate: null }
  const waits = evaluations.flatMap((e) => (e.status === 'wait' ? [e] : []))
  const gap = waits.filter((e) => e.reason === 'minimum-gap')
  if (gap.length > 0)
    return { kind: 'not-due', reason: 'minimum-gap', nextDate: earliest(gap.map((e) => e.until)) }
  const early = waits.filter((e) => e.reason === 'too-early')
  if (early.length > 0)
    return { kind: 'not-due', reason: 'too-early', nextDate: earliest(early.map((e) => e.dueDate)) }
  if (waits.some((e) => e.reason === 'waiting-for-anchor')) {
    return { kind: 'not-due', reason: 'waiting-for-anchor', nextDate: null }
  }
  return { kind: 'not-due', reason: 'scenario-complete', nextDate: null }
}
