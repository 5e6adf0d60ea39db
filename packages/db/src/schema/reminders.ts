import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type { AssignmentRule } from '@quittance/domain/reminders/assign-scenario'
import type { Scenario } from '@quittance/domain/reminders/scenario'
import { createdAt, currency, id, minor, updatedAt } from './columns'
import { contacts, customers } from './customers'
import { creditorEntities } from './entities'
import { invoices } from './invoices'
import { outboxMessages } from './outbox'
import { staffUsers } from './staff'

// The reminder engine's tables (PRODUCT.md B5/B6, SECURITY.md "Every reminder is sent exactly once, or not at all").
// The rules themselves live in packages/domain/src/reminders; these rows are their inputs and their memory.

/** What a scenario version stores: the domain's `Scenario` without its id and version (they are columns). */
export type ScenarioDefinition = Omit<Scenario, 'id' | 'version'>

/** A named reminder scenario of one creditor entity; its steps live in versions. */
export const reminderScenarios = pgTable(
  'reminder_scenarios',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    /** 'default-fr-b2b' for the shipped ones; a slug for the others. Unique per entity. */
    key: text().notNull(),
    name: text().notNull(),
    currentVersion: integer().notNull().default(1),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reminder_scenarios_entity_key').on(t.entityId, t.key),
    check('reminder_scenarios_version_positive', sql`${t.currentVersion} >= 1`),
  ],
)

/** Every published version, immutable: actions and history name the version they ran under. */
export const reminderScenarioVersions = pgTable(
  'reminder_scenario_versions',
  {
    id: id(),
    scenarioId: uuid()
      .notNull()
      .references(() => reminderScenarios.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    /** Validated with `validateScenario` before it is written. */
    definition: jsonb().$type<ScenarioDefinition>().notNull(),
    createdBy: uuid().references(() => staffUsers.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('reminder_scenario_versions_key').on(t.scenarioId, t.version)],
)

/** Per entity: the default scenario, and the test mode in which the engine plans and renders but sends nothing. */
export const reminderSettings = pgTable('reminder_settings', {
  entityId: uuid()
    .primaryKey()
    .references(() => creditorEntities.id, { onDelete: 'cascade' }),
  defaultScenarioId: uuid().references(() => reminderScenarios.id),
  testMode: boolean().notNull().default(false),
  /** The hour (entity time zone) at which the daily plan runs. */
  planningHour: integer().notNull().default(6),
  updatedAt: updatedAt(),
})

/** Ordered rules choosing a scenario per customer (first match wins, else the default). */
export const reminderAssignmentRules = pgTable(
  'reminder_assignment_rules',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    scenarioId: uuid()
      .notNull()
      .references(() => reminderScenarios.id),
    conditions: jsonb().$type<AssignmentRule['when']>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('reminder_assignment_rules_position').on(t.entityId, t.position)],
)

/** A customer forced onto one scenario, whatever the rules say. */
export const customerScenarioOverrides = pgTable('customer_scenario_overrides', {
  customerId: uuid()
    .primaryKey()
    .references(() => customers.id, { onDelete: 'cascade' }),
  scenarioId: uuid()
    .notNull()
    .references(() => reminderScenarios.id),
  reason: text(),
  createdBy: uuid().references(() => staffUsers.id),
  createdAt: createdAt(),
})

/**
 * Reasons why an invoice is held, written by the features that own them (disputes, promises, payment plans):
 * the engine reads them, it never decides them. `until` is inclusive; `brokenOn` starts the broken-promise /
 * broken-plan steps; `endedAt` closes the hold (a resolved dispute, a kept promise).
 */
export const invoiceReminderHolds = pgTable(
  'invoice_reminder_holds',
  {
    id: id(),
    invoiceId: uuid()
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    until: date({ mode: 'string' }),
    brokenOn: date({ mode: 'string' }),
    sourceType: text(),
    sourceId: text(),
    createdAt: createdAt(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('invoice_reminder_holds_invoice_idx').on(t.invoiceId),
    check('invoice_reminder_holds_kind', sql`${t.kind} in ('dispute', 'promise', 'payment_plan', 'payment_processing')`),
  ],
)

export const REMINDER_ACTION_STATUSES = [
  'planned',
  'awaiting_approval',
  'sending',
  'sent',
  'skipped',
  'failed',
  'unknown',
] as const
export type ReminderActionStatus = (typeof REMINDER_ACTION_STATUSES)[number]

/**
 * One message (or task) per (customer, step, period), the period being currency + contact + planning day. The
 * unique keys make a second planner (a retry, a crash, two at once) insert nothing: ON CONFLICT DO NOTHING.
 */
export const reminderActions = pgTable(
  'reminder_actions',
  {
    id: id(),
    actionKey: text().notNull(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    stepKey: text().notNull(),
    periodKey: text().notNull(),
    contactId: uuid().references(() => contacts.id),
    currency: currency().notNull(),
    channel: text().notNull(),
    scenarioId: uuid()
      .notNull()
      .references(() => reminderScenarios.id),
    scenarioVersion: integer().notNull(),
    planningDate: date({ mode: 'string' }).notNull(),
    status: text().$type<ReminderActionStatus>().notNull().default('planned'),
    skipReason: text(),
    /** Nothing leaves before this instant (the send window). */
    sendAfter: timestamp({ withTimezone: true }),
    totalMinor: minor().notNull(),
    maxDaysLate: integer().notNull().default(0),
    /** Planned while the entity was in test mode: rendered, never handed to a provider. */
    testMode: boolean().notNull().default(false),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reminder_actions_action_key').on(t.actionKey),
    uniqueIndex('reminder_actions_customer_step_period_key').on(t.customerId, t.stepKey, t.periodKey),
    index('reminder_actions_customer_idx').on(t.customerId, t.createdAt),
    index('reminder_actions_status_idx').on(t.status, t.planningDate),
    index('reminder_actions_entity_date_idx').on(t.entityId, t.planningDate),
    check(
      'reminder_actions_status_valid',
      sql`${t.status} in ('planned', 'awaiting_approval', 'sending', 'sent', 'skipped', 'failed', 'unknown')`,
    ),
    check(
      'reminder_actions_channel_valid',
      sql`${t.channel} in ('email', 'sms', 'postal-letter', 'registered-letter', 'phone-task', 'manual-task')`,
    ),
  ],
)

/** The invoices a message lists, with what was owed when it was planned and whether the re-check dropped them. */
export const reminderActionInvoices = pgTable(
  'reminder_action_invoices',
  {
    actionId: uuid()
      .notNull()
      .references(() => reminderActions.id, { onDelete: 'cascade' }),
    // Checked per statement, not per row (migration 0010): an existing invoice, never deleted while listed here.
    invoiceId: uuid().notNull(),
    remainingMinor: minor().notNull(),
    position: integer().notNull(),
    droppedReason: text(),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.invoiceId] }), index('reminder_action_invoices_invoice_idx').on(t.invoiceId)],
)

/**
 * The domain's `StepRecord`s: per invoice and step, 'planned' (its action row exists), 'sent' or 'skipped'.
 * Keyed by the step's stable key, so a new scenario version never re-sends a done step.
 */
export const reminderStepHistory = pgTable(
  'reminder_step_history',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    // Checked per statement, not per row (migration 0010): an existing invoice; deleted with it.
    invoiceId: uuid().notNull(),
    customerId: uuid().notNull(),
    stepKey: text().notNull(),
    on: date({ mode: 'string' }).notNull(),
    outcome: text().$type<'planned' | 'sent' | 'skipped'>().notNull(),
    actionKey: text(),
    reason: text(),
    scenarioVersion: integer(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reminder_step_history_key').on(t.invoiceId, t.stepKey, t.on),
    index('reminder_step_history_customer_idx').on(t.customerId, t.on),
    // The worker turns an action's 'planned' records into 'sent' (or forgets them): by action key.
    index('reminder_step_history_action_idx').on(t.actionKey),
    check('reminder_step_history_outcome', sql`${t.outcome} in ('planned', 'sent', 'skipped')`),
  ],
)

export const DELIVERY_STATES = ['sending', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed', 'unknown'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

/**
 * The hand-over of one action's message to a provider. The rendered message is the outbox row (written before
 * the provider is called, so a retry replays exactly the same message with the same idempotency key).
 */
export const reminderDeliveries = pgTable(
  'reminder_deliveries',
  {
    id: id(),
    actionId: uuid()
      .notNull()
      .references(() => reminderActions.id, { onDelete: 'cascade' }),
    outboxMessageId: uuid().references(() => outboxMessages.id),
    channel: text().notNull(),
    provider: text().notNull(),
    recipient: text().notNull(),
    idempotencyKey: text().notNull(),
    state: text().$type<DeliveryState>().notNull().default('sending'),
    providerMessageId: text(),
    attempts: integer().notNull().default(0),
    /** A worker calling the provider holds the delivery until then; after it, another may replay the call. */
    claimedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    events: jsonb().$type<{ at: string; state: string; detail?: string }[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reminder_deliveries_action_key').on(t.actionId),
    index('reminder_deliveries_provider_message_idx').on(t.provider, t.providerMessageId),
    check(
      'reminder_deliveries_state_valid',
      sql`${t.state} in ('sending', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'failed', 'unknown')`,
    ),
  ],
)

/** The worklist: calls, manual steps, approvals, unreachable contacts, deliveries to reconcile. */
export const reminderTasks = pgTable(
  'reminder_tasks',
  {
    id: id(),
    /** One task per reason: 'action:<actionId>', 'approval:<actionId>', 'unreachable:<customer>:<step>:<day>'… */
    taskKey: text().notNull(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    actionId: uuid().references(() => reminderActions.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    stepKey: text(),
    title: text().notNull(),
    body: text().notNull().default(''),
    dueOn: date({ mode: 'string' }).notNull(),
    status: text().notNull().default('open'),
    assignedTo: uuid().references(() => staffUsers.id),
    completedBy: uuid().references(() => staffUsers.id),
    completedAt: timestamp({ withTimezone: true }),
    outcome: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reminder_tasks_task_key').on(t.taskKey),
    index('reminder_tasks_open_idx').on(t.entityId, t.status, t.dueOn),
    index('reminder_tasks_customer_idx').on(t.customerId),
    check('reminder_tasks_kind', sql`${t.kind} in ('phone', 'manual', 'approval', 'unreachable', 'reconcile', 'failed')`),
    check('reminder_tasks_status', sql`${t.status} in ('open', 'done', 'cancelled')`),
  ],
)

/** One planner run (scheduled, on demand): its progress and what it did. */
export const reminderRuns = pgTable(
  'reminder_runs',
  {
    id: id(),
    entityId: uuid().references(() => creditorEntities.id),
    planningDate: date({ mode: 'string' }).notNull(),
    trigger: text().notNull(),
    /** 'scheduled:<entity>:<date>' for the daily run, so every process may try to schedule it. */
    runKey: text(),
    status: text().notNull().default('queued'),
    counts: jsonb().$type<Record<string, number>>().notNull().default({}),
    error: text(),
    requestedBy: uuid().references(() => staffUsers.id),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('reminder_runs_run_key').on(t.runKey), index('reminder_runs_created_idx').on(t.createdAt)],
)

/** Statutory rates with their sources (ECB MRO changes, French taux légal per semester), seeded then edited. */
export const latePaymentRates = pgTable(
  'late_payment_rates',
  {
    id: id(),
    kind: text().notNull(),
    effectiveFrom: date({ mode: 'string' }).notNull(),
    rateBasisPoints: integer().notNull(),
    /** Taux légal only: the rate for creditors who are private persons. */
    nonProfessionalBasisPoints: integer(),
    semester: text(),
    source: text().notNull(),
    updatedBy: uuid().references(() => staffUsers.id),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('late_payment_rates_kind_from').on(t.kind, t.effectiveFrom),
    check('late_payment_rates_kind', sql`${t.kind} in ('ecb_mro', 'fr_legal')`),
    check('late_payment_rates_rate', sql`${t.rateBasisPoints} between 0 and 100000`),
  ],
)
