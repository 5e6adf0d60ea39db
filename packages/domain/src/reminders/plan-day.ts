import { groupDueSteps } from './group-actions'
import type { DueInvoiceStep, PlannedAction, Unreachable } from './group-actions'
import { planInvoiceSteps } from './plan-invoice-steps'
import type { InvoiceReminderFacts, InvoiceStepPlan, SkipReason } from './plan-invoice-steps'
import type { Channel, Scenario } from './scenario'
import type { LocalDate } from '../dates/local-date'

export type InvoiceToPlan = {
  facts: InvoiceReminderFacts
  /** The customer's scenario, at its current version. */
  scenario: Scenario
  /**
   * The contacts each channel reaches for this invoice's customer (billing e-mails, mobiles, postal address).
   */
  contactIdsByChannel: Partial<Record<Channel, readonly string[]>>
}

export type PlannedSkip = {
  customerId: string
  invoiceId: string
  stepKey: string
  dueDate: LocalDate
  reason: SkipReason
  /** The later step acted on today that passes this one once recorded (see `SkippedStep`). */
  impliedBy?: string
}

export type DayPlan = {
  /**
   * Insert these ON CONFLICT DO NOTHING and, for the rows actually inserted, a 'planned' history record per
   * invoice in the same transaction (an invoice whose group already existed waits for tomorrow's plan).
   */
  actions: PlannedAction[]
  /**
   * Record these as 'skipped' history rows, so tomorrow's plan does not weigh them again; one `impliedBy` a step
   * recorded for the same invoice today is passed anyway and needs no row.
   */
  skips: PlannedSkip[]
  /** Due steps no contact can receive (no e-mail, no mobile): a task for staff. */
  unreachable: Unreachable[]
  /** Every invoice's evaluation, for the dry run and the timeline. */
  plans: InvoiceStepPlan[]
}

/**
 * The engine's daily run, the "who gets what tomorrow" dry run (with tomorrow's date) and each day of the
 * simulation all call this. `lastContactByCustomer` holds each customer's latest contact before `today`.
 */
export function planDay(input: {
  today: LocalDate
  invoices: readonly InvoiceToPlan[]
  lastContactByCustomer: Readonly<Record<string, LocalDate>>
}): DayPlan {
  const { today } = input
  const due: DueInvoiceStep[] = []
  const skips: PlannedSkip[] = []
  const plans: InvoiceStepPlan[] = []
  for (const { facts, scenario, contactIdsByChannel } of input.invoices) {
    const plan = planInvoiceSteps(facts, scenario, {
      today,
      lastContactOn: input.lastContactByCustomer[facts.customerId] ?? null,
    })
    plans.push(plan)
    for (const s of plan.skipped) {
      skips.push({
        customerId: facts.customerId,
        invoiceId: facts.invoiceId,
        stepKey: s.step.key,
        dueDate: s.dueDate,
        reason: s.reason,
        ...(s.impliedBy === undefined ? {} : { impliedBy: s.impliedBy }),
      })
    }
    for (const d of plan.due) {
      due.push({
        customerId: facts.customerId,
        invoiceId: facts.invoiceId,
        invoiceDueDate: facts.dueDate,
        remaining: facts.remaining,
        scenarioId: scenario.id,
        scenarioVersion: scenario.version,
        stepKey: d.step.key,
        channel: d.step.channel,
        requiresApproval: d.step.requiresApproval,
        daysLate: d.daysLate,
        contactIds: contactIdsByChannel[d.step.channel] ?? [],
      })
    }
  }
  const { actions, unreachable } = groupDueSteps(due, today)
  return { actions, skips, unreachable, plans }
}
