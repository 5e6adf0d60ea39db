import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { AssignmentRule } from '@quittance/domain/reminders/assign-scenario'
import type { Scenario } from '@quittance/domain/reminders/scenario'
import type { Db } from '../client'
import { creditorEntities } from '../schema/index'
import {
  customerScenarioOverrides,
  invoiceReminderHolds,
  latePaymentRates,
  reminderAssignmentRules,
  reminderScenarios,
  reminderScenarioVersions,
  reminderSettings,
  type ScenarioDefinition,
} from '../schema/reminders'

// Scenarios and their versions, the entity's reminder settings, assignment rules, overrides, holds and rates.

export type StoredScenario = {
  id: string
  entityId: string
  key: string
  name: string
  currentVersion: number
  archived: boolean
  updatedAt: Date
}

function toScenario(id: string, version: number, definition: ScenarioDefinition): Scenario {
  return { ...definition, id, version }
}

export async function listScenarios(db: Db, input: { entityId?: string } = {}): Promise<(StoredScenario & { scenario: Scenario })[]> {
  const rows = await db
    .select({
      id: reminderScenarios.id,
      entityId: reminderScenarios.entityId,
      key: reminderScenarios.key,
      name: reminderScenarios.name,
      currentVersion: reminderScenarios.currentVersion,
      archivedAt: reminderScenarios.archivedAt,
      updatedAt: reminderScenarios.updatedAt,
      definition: reminderScenarioVersions.definition,
    })
    .from(reminderScenarios)
    .innerJoin(
      reminderScenarioVersions,
      and(eq(reminderScenarioVersions.scenarioId, reminderScenarios.id), eq(reminderScenarioVersions.version, reminderScenarios.currentVersion)),
    )
    .where(input.entityId ? eq(reminderScenarios.entityId, input.entityId) : undefined)
    .orderBy(asc(reminderScenarios.name), asc(reminderScenarios.id))
  return rows.map((r) => ({
    id: r.id,
    entityId: r.entityId,
    key: r.key,
    name: r.name,
    currentVersion: r.currentVersion,
    archived: r.archivedAt !== null,
    updatedAt: r.updatedAt,
    scenario: toScenario(r.id, r.currentVersion, r.definition),
  }))
}

export async function findScenario(db: Db, scenarioId: string) {
  const [row] = await db
    .select({
      id: reminderScenarios.id,
      entityId: reminderScenarios.entityId,
      key: reminderScenarios.key,
      name: reminderScenarios.name,
      currentVersion: reminderScenarios.currentVersion,
      archivedAt: reminderScenarios.archivedAt,
    })
    .from(reminderScenarios)
    .where(eq(reminderScenarios.id, scenarioId))
  return row ?? null
}

/** The scenario at a version (its current one by default), as the domain reads it. */
export async function findScenarioVersion(db: Db, input: { scenarioId: string; version?: number }): Promise<Scenario | null> {
  const [row] = await db
    .select({ version: reminderScenarioVersions.version, definition: reminderScenarioVersions.definition })
    .from(reminderScenarioVersions)
    .innerJoin(reminderScenarios, eq(reminderScenarios.id, reminderScenarioVersions.scenarioId))
    .where(
      and(
        eq(reminderScenarioVersions.scenarioId, input.scenarioId),
        input.version === undefined
          ? eq(reminderScenarioVersions.version, reminderScenarios.currentVersion)
          : eq(reminderScenarioVersions.version, input.version),
      ),
    )
  return row ? toScenario(input.scenarioId, row.version, row.definition) : null
}

export async function listScenarioVersions(db: Db, scenarioId: string) {
  return db
    .select({
      version: reminderScenarioVersions.version,
      createdAt: reminderScenarioVersions.createdAt,
      createdBy: reminderScenarioVersions.createdBy,
      stepCount: sql<number>`jsonb_array_length(${reminderScenarioVersions.definition} -> 'steps')::int`,
    })
    .from(reminderScenarioVersions)
    .where(eq(reminderScenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(reminderScenarioVersions.version))
}

/** Locks the scenario row: two editors publishing at once get versions n+1 and n+2, never two n+1. */
export async function lockScenarioForUpdate(db: Db, scenarioId: string) {
  const [row] = await db
    .select({ id: reminderScenarios.id, entityId: reminderScenarios.entityId, currentVersion: reminderScenarios.currentVersion, name: reminderScenarios.name })
    .from(reminderScenarios)
    .where(eq(reminderScenarios.id, scenarioId))
    .for('update')
  return row ?? null
}

export async function insertScenario(
  db: Db,
  input: { entityId: string; key: string; definition: ScenarioDefinition; createdBy: string | null },
): Promise<{ id: string } | null> {
  const [row] = await db
    .insert(reminderScenarios)
    .values({ entityId: input.entityId, key: input.key, name: input.definition.name, currentVersion: 1 })
    .onConflictDoNothing()
    .returning({ id: reminderScenarios.id })
  if (!row) return null
  await db.insert(reminderScenarioVersions).values({ scenarioId: row.id, version: 1, definition: input.definition, createdBy: input.createdBy })
  return row
}

export async function insertScenarioVersion(
  db: Db,
  input: { scenarioId: string; version: number; definition: ScenarioDefinition; createdBy: string | null; now: Date },
): Promise<void> {
  await db.insert(reminderScenarioVersions).values({
    scenarioId: input.scenarioId,
    version: input.version,
    definition: input.definition,
    createdBy: input.createdBy,
  })
  await db
    .update(reminderScenarios)
    .set({ currentVersion: input.version, name: input.definition.name, updatedAt: input.now })
    .where(eq(reminderScenarios.id, input.scenarioId))
}

export type ReminderSettings = { entityId: string; defaultScenarioId: string | null; testMode: boolean; planningHour: number }

export async function findReminderSettings(db: Db, entityId: string): Promise<ReminderSettings> {
  const [row] = await db
    .select({
      entityId: reminderSettings.entityId,
      defaultScenarioId: reminderSettings.defaultScenarioId,
      testMode: reminderSettings.testMode,
      planningHour: reminderSettings.planningHour,
    })
    .from(reminderSettings)
    .where(eq(reminderSettings.entityId, entityId))
  return row ?? { entityId, defaultScenarioId: null, testMode: false, planningHour: 6 }
}

export async function upsertReminderSettings(db: Db, input: Partial<ReminderSettings> & { entityId: string; now: Date }) {
  const { entityId, now, ...values } = input
  await db
    .insert(reminderSettings)
    .values({ entityId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: reminderSettings.entityId, set: { ...values, updatedAt: now } })
}

export async function listAssignmentRules(db: Db, entityId: string): Promise<(AssignmentRule & { id: string; position: number })[]> {
  const rows = await db
    .select({
      id: reminderAssignmentRules.id,
      position: reminderAssignmentRules.position,
      scenarioId: reminderAssignmentRules.scenarioId,
      conditions: reminderAssignmentRules.conditions,
    })
    .from(reminderAssignmentRules)
    .where(eq(reminderAssignmentRules.entityId, entityId))
    .orderBy(asc(reminderAssignmentRules.position))
  return rows.map((r) => ({ id: r.id, position: r.position, scenarioId: r.scenarioId, when: r.conditions }))
}

/** Replaces the entity's rules, in order. */
export async function replaceAssignmentRules(db: Db, input: { entityId: string; rules: readonly AssignmentRule[] }) {
  await db.delete(reminderAssignmentRules).where(eq(reminderAssignmentRules.entityId, input.entityId))
  if (input.rules.length === 0) return
  await db.insert(reminderAssignmentRules).values(
    input.rules.map((rule, position) => ({ entityId: input.entityId, position, scenarioId: rule.scenarioId, conditions: rule.when })),
  )
}

export async function setScenarioOverride(
  db: Db,
  input: { customerId: string; scenarioId: string | null; reason: string | null; createdBy: string | null },
) {
  if (input.scenarioId === null) {
    await db.delete(customerScenarioOverrides).where(eq(customerScenarioOverrides.customerId, input.customerId))
    return
  }
  await db
    .insert(customerScenarioOverrides)
    .values({ customerId: input.customerId, scenarioId: input.scenarioId, reason: input.reason, createdBy: input.createdBy })
    .onConflictDoUpdate({
      target: customerScenarioOverrides.customerId,
      set: { scenarioId: input.scenarioId, reason: input.reason, createdBy: input.createdBy },
    })
}

export async function listEntitiesForReminders(db: Db) {
  return db
    .select({ id: creditorEntities.id, code: creditorEntities.code, timeZone: creditorEntities.timeZone, legalName: creditorEntities.legalName })
    .from(creditorEntities)
    .orderBy(asc(creditorEntities.code))
}

// Holds (written by disputes, promises and payment plans).

export type HoldKind = 'dispute' | 'promise' | 'payment_plan' | 'payment_processing'

export async function insertInvoiceHold(
  db: Db,
  input: { invoiceId: string; kind: HoldKind; until: string | null; sourceType: string | null; sourceId: string | null },
) {
  const [row] = await db.insert(invoiceReminderHolds).values(input).returning({ id: invoiceReminderHolds.id })
  return row!
}

/** Ends the open holds of a source; `brokenOn` marks a broken promise or plan (its dedicated steps start). */
export async function endInvoiceHolds(
  db: Db,
  input: { invoiceId: string; kind: HoldKind; sourceId?: string | null; brokenOn: string | null; now: Date },
): Promise<number> {
  const rows = await db
    .update(invoiceReminderHolds)
    .set({ endedAt: input.now, brokenOn: input.brokenOn })
    .where(
      and(
        eq(invoiceReminderHolds.invoiceId, input.invoiceId),
        eq(invoiceReminderHolds.kind, input.kind),
        isNull(invoiceReminderHolds.endedAt),
        input.sourceId ? eq(invoiceReminderHolds.sourceId, input.sourceId) : undefined,
      ),
    )
    .returning({ id: invoiceReminderHolds.id })
  return rows.length
}

// Late-payment rates.

export type LatePaymentRateRow = {
  id: string
  kind: 'ecb_mro' | 'fr_legal'
  effectiveFrom: string
  rateBasisPoints: number
  nonProfessionalBasisPoints: number | null
  semester: string | null
  source: string
  updatedAt: Date
}

export async function listLatePaymentRates(db: Db): Promise<LatePaymentRateRow[]> {
  const rows = await db
    .select({
      id: latePaymentRates.id,
      kind: latePaymentRates.kind,
      effectiveFrom: latePaymentRates.effectiveFrom,
      rateBasisPoints: latePaymentRates.rateBasisPoints,
      nonProfessionalBasisPoints: latePaymentRates.nonProfessionalBasisPoints,
      semester: latePaymentRates.semester,
      source: latePaymentRates.source,
      updatedAt: latePaymentRates.updatedAt,
    })
    .from(latePaymentRates)
    .orderBy(asc(latePaymentRates.kind), asc(latePaymentRates.effectiveFrom))
  return rows as LatePaymentRateRow[]
}

export async function upsertLatePaymentRate(
  db: Db,
  input: {
    kind: 'ecb_mro' | 'fr_legal'
    effectiveFrom: string
    rateBasisPoints: number
    nonProfessionalBasisPoints: number | null
    semester: string | null
    source: string
    updatedBy: string | null
    now: Date
    /** Seeding keeps what an admin already edited. */
    onlyIfMissing?: boolean
  },
) {
  const { onlyIfMissing, now, ...values } = input
  const insert = db.insert(latePaymentRates).values({ ...values, updatedAt: now })
  if (onlyIfMissing) await insert.onConflictDoNothing()
  else
    await insert.onConflictDoUpdate({
      target: [latePaymentRates.kind, latePaymentRates.effectiveFrom],
      set: {
        rateBasisPoints: values.rateBasisPoints,
        nonProfessionalBasisPoints: values.nonProfessionalBasisPoints,
        semester: values.semester,
        source: values.source,
        updatedBy: values.updatedBy,
        updatedAt: now,
      },
    })
}

export async function deleteLatePaymentRate(db: Db, id: string) {
  await db.delete(latePaymentRates).where(eq(latePaymentRates.id, id))
}
