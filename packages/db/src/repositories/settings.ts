import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm'
import type { StaffRole } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import { creditorEntities, entityBankAccounts, staffSessions, staffUsers, type PortalPolicy } from '../schema/index'

// Settings: creditor entities, their bank accounts, and the staff administration queries.

const entityColumns = {
  id: creditorEntities.id,
  code: creditorEntities.code,
  legalName: creditorEntities.legalName,
  tradeName: creditorEntities.tradeName,
  legalForm: creditorEntities.legalForm,
  shareCapital: creditorEntities.shareCapital,
  addressLines: creditorEntities.addressLines,
  postalCode: creditorEntities.postalCode,
  city: creditorEntities.city,
  country: creditorEntities.country,
  siren: creditorEntities.siren,
  vatNumber: creditorEntities.vatNumber,
  registration: creditorEntities.registration,
  email: creditorEntities.email,
  phone: creditorEntities.phone,
  baseCurrency: creditorEntities.baseCurrency,
  timeZone: creditorEntities.timeZone,
  legalMentions: creditorEntities.legalMentions,
  penaltyRateBasisPoints: creditorEntities.penaltyRateBasisPoints,
  portalLinkTtlDays: creditorEntities.portalLinkTtlDays,
  portalPolicy: creditorEntities.portalPolicy,
  createdAt: creditorEntities.createdAt,
  updatedAt: creditorEntities.updatedAt,
}

export type EntityRow = NonNullable<Awaited<ReturnType<typeof findEntity>>>

/** The fields an administrator edits on an entity's page (everything but its code, policy and timestamps). */
export type EntityProfile = {
  legalName: string
  tradeName: string | null
  legalForm: string | null
  shareCapital: string | null
  addressLines: string[]
  postalCode: string
  city: string
  country: string
  siren: string | null
  vatNumber: string | null
  registration: string | null
  email: string | null
  phone: string | null
  baseCurrency: string
  timeZone: string
  legalMentions: string | null
  penaltyRateBasisPoints: number | null
  portalLinkTtlDays: number
}

/** Every entity with how many bank accounts it has, by code. Entities are few (one per legal company). */
export async function listEntitiesForSettings(db: Db) {
  return db
    .select({
      id: creditorEntities.id,
      code: creditorEntities.code,
      legalName: creditorEntities.legalName,
      tradeName: creditorEntities.tradeName,
      country: creditorEntities.country,
      city: creditorEntities.city,
      baseCurrency: creditorEntities.baseCurrency,
      siren: creditorEntities.siren,
      vatNumber: creditorEntities.vatNumber,
      // Written out: drizzle leaves columns unqualified in a one-table select, which a subquery would misread.
      bankAccountCount: sql<number>`(select count(*)::int from entity_bank_accounts b where b.entity_id = creditor_entities.id)`,
    })
    .from(creditorEntities)
    .orderBy(asc(creditorEntities.code))
}

export async function findEntity(db: Db, entityId: string) {
  const [row] = await db.select(entityColumns).from(creditorEntities).where(eq(creditorEntities.id, entityId))
  return row ?? null
}

/** The entity, locked until the end of the transaction: read it this way before deciding on a change. */
export async function lockEntity(db: Db, entityId: string) {
  const [row] = await db.select(entityColumns).from(creditorEntities).where(eq(creditorEntities.id, entityId)).for('update')
  return row ?? null
}

export async function insertEntity(db: Db, input: EntityProfile & { code: string; portalPolicy: PortalPolicy }) {
  const [row] = await db.insert(creditorEntities).values(input).returning(entityColumns)
  return row!
}

export async function updateEntityProfile(db: Db, entityId: string, profile: EntityProfile) {
  const [row] = await db
    .update(creditorEntities)
    .set({ ...profile, updatedAt: sql`now()` })
    .where(eq(creditorEntities.id, entityId))
    .returning(entityColumns)
  return row ?? null
}

export async function updateEntityPortalPolicy(db: Db, entityId: string, portalPolicy: PortalPolicy) {
  const [row] = await db
    .update(creditorEntities)
    .set({ portalPolicy, updatedAt: sql`now()` })
    .where(eq(creditorEntities.id, entityId))
    .returning(entityColumns)
  return row ?? null
}

const bankAccountColumns = {
  id: entityBankAccounts.id,
  entityId: entityBankAccounts.entityId,
  currency: entityBankAccounts.currency,
  iban: entityBankAccounts.iban,
  bic: entityBankAccounts.bic,
  bankName: entityBankAccounts.bankName,
  createdAt: entityBankAccounts.createdAt,
}

export async function listEntityBankAccounts(db: Db, entityId: string) {
  return db
    .select(bankAccountColumns)
    .from(entityBankAccounts)
    .where(eq(entityBankAccounts.entityId, entityId))
    .orderBy(asc(entityBankAccounts.createdAt), asc(entityBankAccounts.id))
}

export async function insertEntityBankAccount(
  db: Db,
  input: { entityId: string; currency: string; iban: string; bic: string; bankName: string | null },
) {
  const [row] = await db.insert(entityBankAccounts).values(input).returning(bankAccountColumns)
  return row!
}

/** Deletes one account of one entity; another entity's account id deletes nothing. */
export async function deleteEntityBankAccount(db: Db, input: { entityId: string; bankAccountId: string }) {
  const [row] = await db
    .delete(entityBankAccounts)
    .where(and(eq(entityBankAccounts.id, input.bankAccountId), eq(entityBankAccounts.entityId, input.entityId)))
    .returning(bankAccountColumns)
  return row ?? null
}

// ——— Staff administration ———

const staffAdminColumns = {
  id: staffUsers.id,
  email: staffUsers.email,
  name: staffUsers.name,
  role: staffUsers.role,
  locale: staffUsers.locale,
  disabledAt: staffUsers.disabledAt,
  lockedUntil: staffUsers.lockedUntil,
  createdAt: staffUsers.createdAt,
}

/** Every staff member for the users page, enabled first, by name, with their latest sign-in. */
export async function listStaffForAdmin(db: Db) {
  return db
    .select({
      ...staffAdminColumns,
      lastSignInAt: sql<Date | null>`(select max(s.created_at) from staff_sessions s where s.staff_user_id = staff_users.id)`.mapWith(
        (value: string | Date | null) => (value === null ? null : new Date(value)),
      ),
    })
    .from(staffUsers)
    .orderBy(sql`${staffUsers.disabledAt} is not null`, asc(staffUsers.name), asc(staffUsers.id))
}

/** A staff member with the password hash, locked until the end of the transaction. */
export async function lockStaffUser(db: Db, staffUserId: string) {
  const [row] = await db
    .select({ ...staffAdminColumns, passwordHash: staffUsers.passwordHash })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffUserId))
    .for('update')
  return row ?? null
}

/**
 * Locks every enabled administrator and returns their ids. Two administrators demoting or disabling each other
 * at once queue here, and the second one sees the first one's change.
 */
export async function lockEnabledAdmins(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin' satisfies StaffRole), isNull(staffUsers.disabledAt)))
    .orderBy(asc(staffUsers.id))
    .for('update')
  return rows.map((row) => row.id)
}

/** Ends every live session of a staff member except one (the one they are using). */
export async function revokeOtherStaffSessions(db: Db, input: { staffUserId: string; keepSessionId: string; now: Date }) {
  const rows = await db
    .update(staffSessions)
    .set({ revokedAt: input.now })
    .where(
      and(
        eq(staffSessions.staffUserId, input.staffUserId),
        ne(staffSessions.id, input.keepSessionId),
        isNull(staffSessions.revokedAt),
      ),
    )
    .returning({ id: staffSessions.id })
  return rows.length
}

/** Staff members for a filter (the audit log's "who"), by name. */
export async function listStaffNames(db: Db) {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .orderBy(asc(staffUsers.name), asc(staffUsers.id))
}

/** The zone to show back-office times in: the first entity's (the one set up at installation), else Paris. */
export async function findDefaultTimeZone(db: Db): Promise<string> {
  const [row] = await db
    .select({ timeZone: creditorEntities.timeZone })
    .from(creditorEntities)
    .orderBy(asc(creditorEntities.createdAt), asc(creditorEntities.id))
    .limit(1)
  return row?.timeZone ?? 'Europe/Paris'
}
