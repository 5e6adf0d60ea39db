import type { PlannedAction } from './group-actions'
import { conditionFailures, invoiceHold } from './plan-invoice-steps'
import type { ConditionFailure, HoldReason, InvoiceReminderFacts } from './plan-invoice-steps'
import type { Scenario } from './scenario'
import { isWithinWindow, nextSendMoment, windowDate } from './send-window'
import { currentRecord } from './step-due-date'
import { daysBetween } from '../dates/local-date'
import { money } from '../money/money'
import type { Money } from '../money/money'

export type DroppedInvoice = {
  invoiceId: string
  reason: HoldReason | ConditionFailure | 'already-done' | 'missing' | 'other-currency'
}

export type RecheckOutcome =
  /** Send now, listing only the invoices still eligible, with their fresh total. */
  | { kind: 'send'; invoiceIds: string[]; total: Money; dropped: DroppedInvoice[] }
  /** Outside the send window: put the job back until the window opens. */
  | { kind: 'defer'; until: Date }
  /** Mark the action skipped with this reason; nothing is sent. */
  | {
      kind: 'skip'
      reason: 'no-eligible-invoice' | 'step-removed' | 'too-late-to-catch-up'
      dropped: DroppedInvoice[]
    }

/**
 * The worker's last check, right before sending (SECURITY.md): the invoices are re-read, and any that was
 * paid, disputed, promised, put in a plan, paused, or sent this step by another path since planning leaves
 * the message. The step must still exist in the current scenario version, the action must not have waited
 * longer than the catch-up limit, and the instant must be inside the send window.
 */
export function recheckBeforeSend(input: {
  action: Pick<PlannedAction, 'actionKey' | 'stepKey' | 'currency' | 'invoiceIds' | 'planningDate'>
  /** The action's invoices as they are now. */
  invoices: readonly InvoiceReminderFacts[]
  scenario: Scenario
  now: Date
}): RecheckOutcome {
  const { action, scenario, now } = input
  const index = scenario.steps.findIndex((s) => s.key === action.stepKey)
  if (index === -1) return { kind: 'skip', reason: 'step-removed', dropped: [] }
  const step = scenario.steps[index]!
  const today = windowDate(now, scenario.sendWindow)
  if (daysBetween(action.planningDate, today) > scenario.maxCatchUpDays) {
    return { kind: 'skip', reason: 'too-late-to-catch-up', dropped: [] }
  }

  // This action's own 'planned' record does not count; another action's (a manual send, a duplicate) does.
  const doneElsewhere = (facts: InvoiceReminderFacts) =>
    currentRecord(scenario, index, {
      ...facts,
      history: facts.history.filter((r) => r.actionKey !== action.actionKey),
    }) !== null
  const dropped: DroppedInvoice[] = []
  const kept: InvoiceReminderFacts[] = []
  for (const invoiceId of action.invoiceIds) {
    const facts = input.invoices.find((i) => i.invoiceId === invoiceId)
    const reason: DroppedInvoice['reason'] | null =
      facts === undefined
        ? 'missing'
        : facts.remaining.currency !== action.currency
          ? 'other-currency'
          : (invoiceHold(facts, today) ??
            conditionFailures(step, facts)[0] ??
            (doneElsewhere(facts) ? 'already-done' : null))
    if (reason === null && facts !== undefined) kept.push(facts)
    else if (reason !== null) dropped.push({ invoiceId, reason })
  }
  if (kept.length === 0) return { kind: 'skip', reason: 'no-eligible-invoice', dropped }
  if (!isWithinWindow(now, scenario.sendWindow))
    return { kind: 'defer', until: nextSendMoment(now, scenario.sendWindow) }
  const total = money(
    kept.reduce((sum, f) => sum + f.remaining.amountMinor, 0),
    action.currency,
  )
  return { kind: 'send', invoiceIds: kept.map((f) => f.invoiceId), total, dropped }
}
