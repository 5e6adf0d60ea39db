import type { Channel } from './scenario'
import { compareLocalDates, isLocalDate } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import { money } from '../money/money'
import type { Money } from '../money/money'
import { invariant } from '../shared/invariant'

/**
 * One invoice's due step, with the contacts its channel reaches (resolved by the caller from the contact
 * list).
 */
export type DueInvoiceStep = {
  customerId: string
  invoiceId: string
  invoiceDueDate: LocalDate
  remaining: Money
  scenarioId: string
  scenarioVersion: number
  stepKey: string
  channel: Channel
  requiresApproval: boolean
  daysLate: number
  /** Who receives this channel: e-mail addresses, mobiles, postal addressees. Tasks may have none. */
  contactIds: readonly string[]
}

/**
 * One message (or task): one customer, one contact, one currency, one step, listing every eligible invoice.
 */
export type PlannedAction = {
  /** Unique: the database's action rows carry a unique constraint on it, inserted ON CONFLICT DO NOTHING. */
  actionKey: string
  /** The period part of the key, for the (customer, step, period) unique constraint of SECURITY.md. */
  periodKey: string
  customerId: string
  contactId: string | null
  currency: string
  stepKey: string
  channel: Channel
  scenarioId: string
  scenarioVersion: number
  planningDate: LocalDate
  /** Oldest due date first, then by id: the order of the message's invoice table. */
  invoiceIds: string[]
  total: Money
  requiresApproval: boolean
  /** The longest delay among its invoices: above zero, some are caught up. */
  maxDaysLate: number
}

export type Unreachable = { customerId: string; invoiceId: string; stepKey: string; channel: Channel }

const isTask = (channel: Channel) => channel === 'phone-task' || channel === 'manual-task'

// Each part is percent-encoded, so an id that contains ':' cannot make two different actions share a key.
const keyOf = (parts: readonly string[]) => parts.map(encodeURIComponent).join(':')

/**
 * The period of an action: the planning day, with the contact and currency that split one step into several
 * messages. Derived from the planning day only, never from the clock time or the invoices listed, so a second
 * run of the planner on the same day (a retry, a crash, two planners at once) produces the same keys.
 */
export function periodKey(input: {
  currency: string
  contactId: string | null
  planningDate: LocalDate
}): string {
  invariant(isLocalDate(input.planningDate), `not a LocalDate: "${input.planningDate}"`)
  return keyOf([input.currency, input.contactId ?? '-', input.planningDate])
}

/**
 * `customerId:stepKey:currency:contactId:planningDate`. The step key is stable across scenario versions, so
 * an edit published mid-day cannot make the same step go out twice that day.
 */
export function actionKey(input: {
  customerId: string
  stepKey: string
  currency: string
  contactId: string | null
  planningDate: LocalDate
}): string {
  return keyOf([input.customerId, input.stepKey]) + ':' + periodKey(input)
}

/**
 * Groups the day's due steps into actions, one per (customer, contact, currency, step).
 *
 * Exactly once: the planner inserts each action with `ON CONFLICT (action_key) DO NOTHING` in the same
 * transaction as the history rows of its invoices and an outbox row. Re-running the planner the same day
 * yields the same keys, so nothing is inserted twice; an invoice that became due later that day finds its
 * group already inserted and waits for the next day's plan (its step stays not done, so it is planned again,
 * as a catch-up). The worker claims a row by moving its status forward, re-checks it (`recheckBeforeSend`),
 * and only then sends.
 */
export function groupDueSteps(
  due: readonly DueInvoiceStep[],
  planningDate: LocalDate,
): { actions: PlannedAction[]; unreachable: Unreachable[] } {
  invariant(isLocalDate(planningDate), `not a LocalDate: "${planningDate}"`)
  const groups = new Map<string, { action: PlannedAction; items: DueInvoiceStep[] }>()
  const unreachable: Unreachable[] = []
  for (const item of due) {
    const contacts: (string | null)[] =
      item.contactIds.length > 0 ? [...new Set(item.contactIds)] : isTask(item.channel) ? [null] : []
    if (contacts.length === 0) {
      const { customerId, invoiceId, stepKey, channel } = item
      unreachable.push({ customerId, invoiceId, stepKey, channel })
      continue
    }
    for (const contactId of contacts) {
      const currency = item.remaining.currency
      // actionKey() and periodKey(), without validating the planning day again for every invoice.
      const period = keyOf([currency, contactId ?? '-', planningDate])
      const key = keyOf([item.customerId, item.stepKey]) + ':' + period
      let group = groups.get(key)
      if (group === undefined) {
        group = {
          action: {
            actionKey: key,
            periodKey: period,
            customerId: item.customerId,
            contactId,
            currency,
            stepKey: item.stepKey,
            channel: item.channel,
            scenarioId: item.scenarioId,
            scenarioVersion: item.scenarioVersion,
            planningDate,
            invoiceIds: [],
            total: money(0, currency),
            requiresApproval: false,
            maxDaysLate: 0,
          },
          items: [],
        }
        groups.set(key, group)
      }
      if (!group.items.some((i) => i.invoiceId === item.invoiceId)) group.items.push(item)
    }
  }
  const actions = [...groups.values()].map(({ action, items }) => {
    const sorted = [...items].sort(
      (a, b) =>
        compareLocalDates(a.invoiceDueDate, b.invoiceDueDate) ||
        (a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0),
    )
    return {
      ...action,
      invoiceIds: sorted.map((i) => i.invoiceId),
      total: money(
        sorted.reduce((sum, i) => sum + i.remaining.amountMinor, 0),
        action.currency,
      ),
      // One invoice that needs approval holds the whole message: it cannot go out half-approved.
      requiresApproval: sorted.some((i) => i.requiresApproval),
      maxDaysLate: Math.max(...sorted.map((i) => i.daysLate)),
    }
  })
  actions.sort((a, b) => (a.actionKey < b.actionKey ? -1 : a.actionKey > b.actionKey ? 1 : 0))
  return { actions, unreachable }
}
