import type { Scenario, Step } from './scenario'
import { addDays, compareLocalDates } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'

/**
 * A step already acted on for an invoice, on the planning day: planned (its action row is written, in the
 * same transaction, so a message deferred to Monday is not planned again on Sunday), sent, or skipped by the
 * catch-up rule. When the worker's re-check drops the invoice from its action, the engine deletes the
 * 'planned' record, so the step is planned again once the hold ends. Keyed by the step's stable key: new
 * versions see the same history.
 */
export type StepRecord = {
  stepKey: string
  on: LocalDate
  outcome: 'planned' | 'sent' | 'skipped'
  /** The action that carried it, if any. */
  actionKey?: string
}

/**
 * Steps run in tracks. The main track holds the steps dated from the issue or due date; each event (a broken
 * promise, a broken plan) starts its own track, which runs again every time the event happens. A
 * 'previous-step' step belongs to the track of the step listed before it.
 */
export type TrackKind = 'main' | 'broken-promise' | 'broken-plan'

export type AnchorFacts = {
  issueDate: LocalDate
  dueDate: LocalDate
  /** The day the latest promise was found broken, or null. */
  brokenPromiseOn: LocalDate | null
  /** The day the latest payment plan was found broken, or null. */
  brokenPlanOn: LocalDate | null
  history: readonly StepRecord[]
}

export function trackOf(steps: readonly Step[], index: number): TrackKind {
  for (let i = index; i >= 0; i--) {
    const anchor = steps[i]!.anchor
    if (anchor === 'broken-promise' || anchor === 'broken-plan') return anchor
    if (anchor !== 'previous-step') return 'main'
  }
  return 'main'
}

/**
 * When the current run of a track began: null for the main track (its whole history counts), the event's date
 * for an event track, or undefined when the event never happened (the track is inactive).
 */
export function trackStart(kind: TrackKind, facts: AnchorFacts): LocalDate | null | undefined {
  if (kind === 'main') return null
  const on = kind === 'broken-promise' ? facts.brokenPromiseOn : facts.brokenPlanOn
  return on ?? undefined
}

/**
 * The latest record of a step in its track's current run: a step done after an earlier broken promise is due
 * again.
 */
export function currentRecord(scenario: Scenario, index: number, facts: AnchorFacts): StepRecord | null {
  const step = scenario.steps[index]!
  const start = trackStart(trackOf(scenario.steps, index), facts)
  if (start === undefined) return null
  let latest: StepRecord | null = null
  for (const record of facts.history) {
    if (record.stepKey !== step.key) continue
    if (start !== null && compareLocalDates(record.on, start) < 0) continue
    if (latest === null || compareLocalDates(record.on, latest.on) >= 0) latest = record
  }
  return latest
}

/**
 * The date a step falls due for an invoice, or null while its anchor has not happened (no broken promise yet,
 * the previous step not done yet). A 'previous-step' step counts from the day the step before it was acted
 * on; when that step does not apply to the invoice (`applies[i - 1]` false), from the day it would have
 * fallen due, so a condition on one step never stalls the rest of the scenario.
 */
export function stepDueDate(
  scenario: Scenario,
  index: number,
  facts: AnchorFacts,
  applies: readonly boolean[],
): LocalDate | null {
  const step = scenario.steps[index]
  if (step === undefined) return null
  switch (step.anchor) {
    case 'issue-date':
      return offsetFrom(facts.issueDate, step.offsetDays)
    case 'due-date':
      return offsetFrom(facts.dueDate, step.offsetDays)
    case 'broken-promise':
      return offsetFrom(facts.brokenPromiseOn, step.offsetDays)
    case 'broken-plan':
      return offsetFrom(facts.brokenPlanOn, step.offsetDays)
    case 'previous-step': {
      if (index === 0) return null
      const record = currentRecord(scenario, index - 1, facts)
      if (record !== null) return offsetFrom(record.on, step.offsetDays)
      return applies[index - 1] === false
        ? offsetFrom(stepDueDate(scenario, index - 1, facts, applies), step.offsetDays)
        : null
    }
  }
}

// Module-level rather than a closure per call: the planner evaluates every step of ~200k invoices a day.
function offsetFrom(anchor: LocalDate | null, offsetDays: number): LocalDate | null {
  return anchor === null ? null : addDays(anchor, offsetDays)
}
