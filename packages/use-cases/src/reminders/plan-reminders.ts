import type { LocalDate } from '@quittance/domain/dates/local-date'
import { assignScenario } from '@quittance/domain/reminders/assign-scenario'
import type { PlannedAction } from '@quittance/domain/reminders/group-actions'
import { planDay, type InvoiceToPlan } from '@quittance/domain/reminders/plan-day'
import type { Channel, Scenario } from '@quittance/domain/reminders/scenario'
import { nextSendMoment, zonedInstant } from '@quittance/domain/reminders/send-window'
import { trackOf } from '@quittance/domain/reminders/step-due-date'
import type { Db } from '@quittance/db/client'
import {
  findReminderSettings,
  listAssignmentRules,
  listScenarios,
} from '@quittance/db/repositories/reminders-config'
import {
  analyzeJobQueue,
  insertActionInvoices,
  insertJobsBulk,
  insertReminderActions,
  insertReminderTasks,
  insertStepHistory,
  selectCustomerBatch,
  selectLastContacts,
  selectOutstanding,
  selectPlanningContacts,
  selectPlanningInvoices,
  selectScenarioOverrides,
  type NewHistoryRow,
  type NewReminderAction,
  type NewReminderTask,
  type PlanningContactRow,
} from '@quittance/db/repositories/reminders-planning'
import { ensureReminderDefaults } from './ensure-reminder-defaults'
import { groupBy, invoiceFacts, planningHorizon } from './reminder-facts'
import { SEND_REMINDER_JOB } from './reminder-job-names'

export type PlanRemindersCounts = {
  customers: number
  invoices: number
  actionsPlanned: number
  actionsAlreadyPlanned: number
  awaitingApproval: number
  skipsRecorded: number
  unreachable: number
}

export type DryRunAction = PlannedAction & { sendAfter: string; stepName: string; scenarioName: string }

export type PlanRemindersResult = {
  planningDate: LocalDate
  counts: PlanRemindersCounts
  /** Dry runs only: what would be planned. */
  actions: DryRunAction[]
  durationMs: number
}

const TASK_CHANNELS: readonly Channel[] = ['phone-task', 'manual-task']

function contactIdsByChannel(contacts: readonly PlanningContactRow[], hasPostalAddress: boolean): InvoiceToPlan['contactIdsByChannel'] {
  const withEmail = contacts.filter((c) => c.email && c.email.includes('@')).map((c) => c.id)
  const withPhone = contacts.filter((c) => c.phone && c.phone.trim() !== '').map((c) => c.id)
  // A letter goes to the customer's address, for the attention of its primary contact.
  const addressee = hasPostalAddress && contacts[0] ? [contacts[0].id] : []
  return { email: withEmail, sms: withPhone, 'postal-letter': addressee, 'registered-letter': addressee }
}

/**
 * The day's reminder plan for one entity (PRODUCT.md B6), set-based: customers are walked in batches, each batch's
 * facts come in a handful of queries, `planDay` decides, and one transaction per batch inserts the actions
 * (ON CONFLICT DO NOTHING), their invoices, the history records and the send jobs. Running it twice, or twice at
 * once, plans nothing more. A dry run reads the same way and writes nothing.
 */
export async function planReminders(
  db: Db,
  input: {
    entityId: string
    today: LocalDate
    now: Date
    dryRun?: boolean
    batchSize?: number
    /** Only these customers (the customer page's "what's next", tests). */
    customerIds?: readonly string[]
    onProgress?: (counts: PlanRemindersCounts) => Promise<void> | void
  },
): Promise<PlanRemindersResult> {
  const started = performance.now()
  const { entityId, today, now } = input
  if (!input.dryRun) await ensureReminderDefaults(db, { entityId, now })
  const [stored, rules, settings] = await Promise.all([
    listScenarios(db, { entityId }),
    listAssignmentRules(db, entityId),
    findReminderSettings(db, entityId),
  ])
  const scenarios = new Map(stored.filter((s) => !s.archived).map((s) => [s.id, s]))
  const counts: PlanRemindersCounts = {
    customers: 0,
    invoices: 0,
    actionsPlanned: 0,
    actionsAlreadyPlanned: 0,
    awaitingApproval: 0,
    skipsRecorded: 0,
    unreachable: 0,
  }
  const dryRunActions: DryRunAction[] = []
  const defaultScenarioId = settings.defaultScenarioId && scenarios.has(settings.defaultScenarioId) ? settings.defaultScenarioId : stored[0]?.id
  if (!defaultScenarioId) return { planningDate: today, counts, actions: [], durationMs: performance.now() - started }
  const horizon = planningHorizon([...scenarios.values()].map((s) => s.scenario))
  const usesOutstanding = rules.some((r) => r.when.minimumOutstandingMinorByCurrency !== undefined)
  const batchSize = input.batchSize ?? 2_500

  // When the messages may leave: not before now, not before the planning day, and inside each scenario's window.
  const sendAfterCache = new Map<string, Date>()
  const sendAfterOf = (scenario: Scenario) => {
    let at = sendAfterCache.get(scenario.id)
    if (!at) {
      const dayStart = zonedInstant(today, 0, scenario.sendWindow.timeZone)
      at = nextSendMoment(dayStart > now ? dayStart : now, scenario.sendWindow)
      sendAfterCache.set(scenario.id, at)
    }
    return at
  }

  // Reads run one batch ahead of the decisions and writes (two connections busy, not one).
  const chainsOnHistory = [...scenarios.values()].some((s) => s.scenario.steps.some((step) => step.anchor === 'previous-step'))
  // Without chained steps, an invoice only needs reading when one of its scenario's dated steps is within reach,
  // applies and is not done; and a step skipped as too late (or a pre-due reminder once overdue) stays so for ever:
  // it needs no record.
  // A dated step is done or passed once it or a later step of its track has a record (planInvoiceSteps' first rule).
  const datedSteps = [...scenarios.values()].flatMap((s) =>
    s.scenario.steps.flatMap((step, index, steps) =>
      step.anchor === 'due-date' || step.anchor === 'issue-date'
        ? [
            {
              scenarioId: s.id,
              stepKey: step.key,
              anchor: step.anchor,
              offsetDays: step.offsetDays,
              catchUpDays: s.scenario.maxCatchUpDays,
              minimums: { ...step.conditions.minimumAmountMinorByCurrency },
              doneKeys: steps.flatMap((later, j) => (j >= index && trackOf(steps, j) === 'main' ? [later.key] : [])),
            },
          ]
        : [],
    ),
  )
  const STABLE_SKIPS: readonly string[] = chainsOnHistory ? [] : ['too-late-to-catch-up', 'pre-due-step-after-due-date']
  const assign = (
    customer: { id: string; kind: 'professional' | 'consumer' | 'public_body'; segment: string | null },
    overrides: Record<string, string>,
    outstanding: { amountMinor: number; currency: string }[],
  ) => {
    const override = overrides[customer.id]
    if (override && scenarios.has(override)) return override
    return assignScenario(
      { kind: customer.kind, segment: customer.segment, riskLevel: null, outstanding },
      rules.filter((r) => scenarios.has(r.scenarioId)),
      defaultScenarioId,
    ).scenarioId
  }
  const readBatch = async (afterId: string | null) => {
    const customers = await selectCustomerBatch(db, { entityId, afterId, limit: batchSize, customerIds: input.customerIds })
    if (customers.length === 0) return null
    const customerIds = customers.map((c) => c.id)
    const [overrides, outstanding] = await Promise.all([
      selectScenarioOverrides(db, customerIds),
      usesOutstanding ? selectOutstanding(db, customerIds) : Promise.resolve([]),
    ])
    const outstandingOf = groupBy(outstanding, (o) => o.customerId)
    const scenarioIdOf = new Map(customers.map((c) => [c.id, assign(c, overrides, outstandingOf.get(c.id) ?? [])]))
    const invoices = await selectPlanningInvoices(db, {
      customerIds,
      today,
      ...horizon,
      includeRecentHistory: chainsOnHistory,
      ...(chainsOnHistory ? {} : { pending: { scenarioOf: [...scenarioIdOf].map(([customerId, scenarioId]) => ({ customerId, scenarioId })), steps: datedSteps } }),
    })
    const withInvoices = [...new Set(invoices.map((i) => i.customerId))]
    const [contacts, lastContacts]: [Awaited<ReturnType<typeof selectPlanningContacts>>, Record<string, string>] =
      invoices.length === 0
        ? [[], {}]
        : await Promise.all([selectPlanningContacts(db, withInvoices), selectLastContacts(db, { customerIds: withInvoices, today })])
    return { customers, invoices, contacts, lastContacts, scenarioIdOf }
  }
  let next = readBatch(null)
  // A batch's writes run while the next batch is decided (one write transaction in flight at a time).
  let writing: Promise<void> = Promise.resolve()
  for (;;) {
    const batch = await next
    if (!batch) break
    const { customers, invoices, contacts, lastContacts, scenarioIdOf } = batch
    next = customers.length < batchSize ? Promise.resolve(null) : readBatch(customers.at(-1)!.id)
    counts.customers += customers.length
    if (invoices.length > 0) {
      counts.invoices += invoices.length
      const contactsOf = groupBy(contacts, (c) => c.customerId)
      const customerById = new Map(customers.map((c) => [c.id, c]))

      const scenarioOfCustomer = new Map<string, Scenario>()
      const reachOfCustomer = new Map<string, InvoiceToPlan['contactIdsByChannel']>()
      const toPlan: InvoiceToPlan[] = []
      for (const invoice of invoices) {
        const customer = customerById.get(invoice.customerId)!
        let scenario = scenarioOfCustomer.get(customer.id)
        let reach = reachOfCustomer.get(customer.id)
        if (!scenario || !reach) {
          scenario = scenarios.get(scenarioIdOf.get(customer.id)!)!.scenario
          scenarioOfCustomer.set(customer.id, scenario)
          reach = contactIdsByChannel(contactsOf.get(customer.id) ?? [], customer.hasPostalAddress)
          reachOfCustomer.set(customer.id, reach)
        }
        toPlan.push({
          facts: invoiceFacts({
            invoice,
            customer: { kind: customer.kind, segment: customer.segment, remindersPausedUntil: customer.remindersPausedUntil },
            history: invoice.history,
            holds: invoice.holds,
          }),
          scenario,
          contactIdsByChannel: reach,
        })
      }

      const plan = planDay({ today, invoices: toPlan, lastContactByCustomer: lastContacts })
      const scenarioById = new Map([...scenarioOfCustomer.values()].map((s) => [s.id, s]))
      const stepOf = (scenarioId: string, stepKey: string) => scenarioById.get(scenarioId)?.steps.find((s) => s.key === stepKey)

      if (input.dryRun) {
        for (const action of plan.actions) {
          const scenario = scenarioById.get(action.scenarioId)!
          dryRunActions.push({
            ...action,
            sendAfter: sendAfterOf(scenario).toISOString(),
            stepName: stepOf(action.scenarioId, action.stepKey)?.name ?? action.stepKey,
            scenarioName: scenario.name,
          })
        }
        counts.actionsPlanned += plan.actions.length
        counts.awaitingApproval += plan.actions.filter((a) => a.requiresApproval).length
        counts.skipsRecorded += plan.skips.length
        counts.unreachable += plan.unreachable.length
      } else {
        await writing
        await input.onProgress?.({ ...counts })
        // Only what the writes need stays alive while they run (not the batch's invoices and evaluations).
        const { actions, skips, unreachable: unreachablePlan } = plan
        const remainingOf = new Map(invoices.map((i) => [i.id, i.remainingMinor]))
        writing = db.transaction(async (tx) => {
          const rows: NewReminderAction[] = actions.map((a) => {
            const scenario = scenarioById.get(a.scenarioId)!
            return {
              actionKey: a.actionKey,
              entityId,
              customerId: a.customerId,
              stepKey: a.stepKey,
              periodKey: a.periodKey,
              contactId: a.contactId,
              currency: a.currency,
              channel: a.channel,
              scenarioId: a.scenarioId,
              scenarioVersion: a.scenarioVersion,
              planningDate: a.planningDate,
              status: a.requiresApproval ? 'awaiting_approval' : 'planned',
              sendAfter: sendAfterOf(scenario),
              totalMinor: a.total.amountMinor,
              maxDaysLate: a.maxDaysLate,
              testMode: settings.testMode,
            }
          })
          const created = await insertReminderActions(tx, rows)
          const createdId = new Map(created.map((c) => [c.actionKey, c.id]))
          const actionInvoices: { actionId: string; invoiceId: string; remainingMinor: number; position: number }[] = []
          const historyRows: NewHistoryRow[] = []
          const jobRows: { name: string; payload: Record<string, unknown>; runAfter: Date }[] = []
          const tasks: NewReminderTask[] = []
          for (const action of actions) {
            const actionId = createdId.get(action.actionKey)
            if (!actionId) continue
            action.invoiceIds.forEach((invoiceId, position) => {
              actionInvoices.push({ actionId, invoiceId, remainingMinor: remainingOf.get(invoiceId) ?? 0, position })
              historyRows.push({
                invoiceId,
                customerId: action.customerId,
                stepKey: action.stepKey,
                on: today,
                outcome: 'planned',
                actionKey: action.actionKey,
                reason: null,
                scenarioVersion: action.scenarioVersion,
              })
            })
            const step = stepOf(action.scenarioId, action.stepKey)
            if (action.requiresApproval) {
              tasks.push({
                taskKey: `approval:${actionId}`,
                entityId,
                customerId: action.customerId,
                actionId,
                kind: 'approval',
                stepKey: action.stepKey,
                title: step?.name ?? action.stepKey,
                body: '',
                dueOn: today,
              })
            } else {
              jobRows.push({ name: SEND_REMINDER_JOB, payload: { actionId }, runAfter: sendAfterOf(scenarioById.get(action.scenarioId)!) })
            }
          }
          // No contact can receive the step (no e-mail, no mobile, no address): recorded as skipped, and a task
          // asks staff to find one. Tasks keep their own channel (they need no contact).
          const unreachable = groupBy(
            unreachablePlan.filter((u) => !TASK_CHANNELS.includes(u.channel)),
            (u) => `${u.customerId}|${u.stepKey}`,
          )
          for (const group of unreachable.values()) {
            const first = group[0]!
            for (const u of group) {
              historyRows.push({
                invoiceId: u.invoiceId,
                customerId: u.customerId,
                stepKey: u.stepKey,
                on: today,
                outcome: 'skipped',
                actionKey: null,
                reason: `unreachable-${u.channel}`,
                scenarioVersion: scenarioOfCustomer.get(u.customerId)?.version ?? null,
              })
            }
            tasks.push({
              taskKey: `unreachable:${first.customerId}:${first.stepKey}:${today}`,
              entityId,
              customerId: first.customerId,
              actionId: null,
              kind: 'unreachable',
              stepKey: first.stepKey,
              title: first.channel,
              body: group.map((u) => u.invoiceId).join(','),
              dueOn: today,
            })
          }
          // A catch-up skip implied by a step recorded for the same invoice in this transaction is passed anyway:
          // no row (on a first day of 1M invoices, ~90k of them).
          const recorded = new Set(historyRows.map((h) => `${h.invoiceId}|${h.stepKey}`))
          for (const skip of skips) {
            if (STABLE_SKIPS.includes(skip.reason)) continue
            if (skip.impliedBy !== undefined && recorded.has(`${skip.invoiceId}|${skip.impliedBy}`)) continue
            historyRows.push({
              invoiceId: skip.invoiceId,
              customerId: skip.customerId,
              stepKey: skip.stepKey,
              on: today,
              outcome: 'skipped',
              actionKey: null,
              reason: skip.reason,
              scenarioVersion: scenarioOfCustomer.get(skip.customerId)?.version ?? null,
            })
          }
          await insertActionInvoices(tx, actionInvoices)
          counts.skipsRecorded += (await insertStepHistory(tx, historyRows)) - actionInvoices.length
          await insertJobsBulk(tx, jobRows)
          await insertReminderTasks(tx, tasks)
          counts.actionsPlanned += created.length
          counts.actionsAlreadyPlanned += actions.length - created.length
          counts.awaitingApproval += actions.filter((a) => a.requiresApproval && createdId.has(a.actionKey)).length
          counts.unreachable += unreachable.size
        })
        // Awaited before the next write or at the end; marked handled meanwhile.
        writing.catch(() => {})
        continue
      }
    }
    await writing
    await input.onProgress?.({ ...counts })
  }
  await writing
  if (!input.dryRun && counts.actionsPlanned > 0) await analyzeJobQueue(db)
  if (!input.dryRun) await input.onProgress?.({ ...counts })
  return { planningDate: today, counts, actions: dryRunActions, durationMs: performance.now() - started }
}
