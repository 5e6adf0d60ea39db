import type { LocalDate } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import type { InvoiceReminderFacts } from '@quittance/domain/reminders/plan-invoice-steps'
import type { CustomerKind, Scenario } from '@quittance/domain/reminders/scenario'
import type { StepRecord } from '@quittance/domain/reminders/step-due-date'
import type { HistoryRow, HoldRow, PlanningInvoiceRow } from '@quittance/db/repositories/reminders-planning'

// Turns the planner's rows into the domain's facts: one place, so the planner, the worker's re-check and the
// timeline read an invoice the same way.

export type CustomerFacts = {
  kind: CustomerKind
  segment: string | null
  remindersPausedUntil: string | null
}

const latest = (dates: (string | null)[]): string | null =>
  dates.reduce<string | null>((best, d) => (d !== null && (best === null || d > best) ? d : best), null)

export function holdsOf(rows: readonly HoldRow[]) {
  const open = rows.filter((h) => !h.ended)
  return {
    disputed: open.some((h) => h.kind === 'dispute'),
    paymentProcessing: open.some((h) => h.kind === 'payment_processing'),
    inPaymentPlan: open.some((h) => h.kind === 'payment_plan' && h.brokenOn === null),
    promisedUntil: latest(open.filter((h) => h.kind === 'promise' && h.brokenOn === null).map((h) => h.until)),
    brokenPromiseOn: latest(rows.filter((h) => h.kind === 'promise').map((h) => h.brokenOn)),
    brokenPlanOn: latest(rows.filter((h) => h.kind === 'payment_plan').map((h) => h.brokenOn)),
  }
}

export function invoiceFacts(input: {
  invoice: PlanningInvoiceRow
  customer: CustomerFacts
  history: readonly HistoryRow[]
  holds: readonly HoldRow[]
}): InvoiceReminderFacts {
  const { invoice, customer } = input
  const holds = holdsOf(input.holds)
  const history: StepRecord[] = input.history.map((h) => ({
    stepKey: h.stepKey,
    on: h.on as LocalDate,
    outcome: h.outcome,
    ...(h.actionKey ? { actionKey: h.actionKey } : {}),
  }))
  return {
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    remaining: money(invoice.remainingMinor, invoice.currency),
    customer: { kind: customer.kind, segment: customer.segment, riskLevel: null },
    holds: {
      disputed: holds.disputed,
      promisedUntil: holds.promisedUntil,
      inPaymentPlan: holds.inPaymentPlan,
      customerPausedUntil: customer.remindersPausedUntil,
      paymentProcessing: holds.paymentProcessing,
    },
    brokenPromiseOn: holds.brokenPromiseOn,
    brokenPlanOn: holds.brokenPlanOn,
    history,
  }
}

export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = out.get(k)
    if (list) list.push(row)
    else out.set(k, [row])
  }
  return out
}

/**
 * How far back (and ahead) of today an invoice's due date can be and still have a step to act on: the longest
 * chain of offsets, plus the catch-up limit and the minimum gap. Older invoices only have steps too late to send;
 * an invoice touched recently (history, a hold) is read whatever its age.
 */
export function planningHorizon(scenarios: readonly Scenario[]): { lookbackDays: number; lookaheadDays: number } {
  let lookbackDays = 1
  let lookaheadDays = 0
  for (const scenario of scenarios) {
    const cumulative: number[] = []
    scenario.steps.forEach((step, i) => {
      const base = step.anchor === 'previous-step' ? (cumulative[i - 1] ?? 0) : 0
      cumulative.push(base + step.offsetDays)
      if ((step.anchor === 'due-date' || step.anchor === 'issue-date') && step.offsetDays < 0) {
        lookaheadDays = Math.max(lookaheadDays, -step.offsetDays)
      }
    })
    const longest = Math.max(0, ...cumulative)
    lookbackDays = Math.max(lookbackDays, longest + scenario.maxCatchUpDays + scenario.minimumGapDays + 1)
  }
  return { lookbackDays, lookaheadDays }
}
