import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm'
import { addDays, type LocalDate } from '@quittance/domain/dates/local-date'
import type { AgingBucket } from '@quittance/domain/invoices/aging'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { queryRows, type Db } from '../client'
import {
  creditorEntities,
  customerBalances,
  customers,
  invoices,
  paymentAllocations,
  payments,
  portalAccessTokens,
  staffUsers,
} from '../schema/index'

// The back office's reads of customers. Every one takes the staff member's visibility and adds
// `customers.sales_owner_id = …` to the SQL itself: a sales user's query can never return another owner's rows.

export const CUSTOMER_LIST_SORTS = [
  'name_asc',
  'name_desc',
  'outstanding_desc',
  'outstanding_asc',
  'days_late_desc',
  'days_late_asc',
] as const
export type CustomerListSort = (typeof CUSTOMER_LIST_SORTS)[number]

/** `none` keeps customers without an owner. */
export type OwnerFilter = { kind: 'none' } | { kind: 'staff'; staffUserId: string }

export type CustomerListQuery = {
  visibility: CustomerVisibility
  entityId: string
  /** The entity's calendar day: the overdue buckets are counted from it. */
  today: LocalDate
  /** Contains, case-insensitive, on name and external reference. */
  search?: string | null
  segment?: string | null
  owner?: OwnerFilter | null
  /** Over every currency, from the customer's oldest open due date. */
  overdueBucket?: AgingBucket | null
  country?: string | null
  /** Keeps customers with an open balance in this currency. */
  currency?: string | null
  /** Outstanding amounts are compared in this currency only (never added across currencies). */
  sortCurrency: string
  sort: CustomerListSort
  limit: number
  offset: number
}

export function visibleCustomers(visibility: CustomerVisibility): SQL | undefined {
  return visibility.kind === 'all' ? undefined : eq(customers.salesOwnerId, visibility.staffUserId)
}

/** `%` and `_` typed by a user are literal characters, not wildcards; backslash is LIKE's default escape. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The range of oldest open due dates that puts a customer in a bucket on `today`. */
export function dueDateRangeOfBucket(bucket: AgingBucket, today: LocalDate): { from: LocalDate | null; to: LocalDate | null } {
  switch (bucket) {
    case 'not_due':
      return { from: today, to: null }
    case '1_30':
      return { from: addDays(today, -30), to: addDays(today, -1) }
    case '31_60':
      return { from: addDays(today, -60), to: addDays(today, -31) }
    case '61_90':
      return { from: addDays(today, -90), to: addDays(today, -61) }
    case '90_plus':
      return { from: null, to: addDays(today, -91) }
  }
}

/** The conditions on the customer row itself, besides its entity. */
function customerFilters(query: CustomerListQuery, options: { currency: boolean }): SQL[] {
  const conditions: (SQL | undefined)[] = [visibleCustomers(query.visibility)]
  const search = query.search?.trim()
  if (search) {
    // The same match as ILIKE on name or reference: for UTF-8 text PostgreSQL's ILIKE lowers both sides and runs
    // LIKE. The pattern is lowered once here, and search_text holds the lowered name and reference (migration
    // 0006, joined by U+001F, which a search cannot contain): one LIKE per customer scanned.
    const pattern = sql`lower(${containsPattern(search.replaceAll(String.fromCharCode(31), ''))})`
    conditions.push(sql`${customers.searchText} like ${pattern}`)
  }
  if (query.segment) conditions.push(eq(customers.segment, query.segment))
  if (query.owner?.kind === 'none') conditions.push(isNull(customers.salesOwnerId))
  if (query.owner?.kind === 'staff') conditions.push(eq(customers.salesOwnerId, query.owner.staffUserId))
  if (query.country) conditions.push(eq(customers.country, query.country))
  if (query.overdueBucket) {
    const { from, to } = dueDateRangeOfBucket(query.overdueBucket, query.today)
    if (from) conditions.push(gte(customers.oldestOpenDueDate, from))
    if (to) conditions.push(lte(customers.oldestOpenDueDate, to))
  }
  if (query.currency && options.currency) {
    conditions.push(
      sql`exists (select 1 from ${customerBalances} where ${customerBalances.customerId} = ${customers.id}
        and ${customerBalances.currency} = ${query.currency})`,
    )
  }
  return conditions.filter((condition): condition is SQL => condition !== undefined)
}

function listConditions(query: CustomerListQuery, options: { currency: boolean } = { currency: true }): SQL | undefined {
  return and(eq(customers.entityId, query.entityId), ...customerFilters(query, options))
}

const listColumns = {
  id: customers.id,
  externalRef: customers.externalRef,
  name: customers.name,
  kind: customers.kind,
  segment: customers.segment,
  country: customers.country,
  salesOwnerId: customers.salesOwnerId,
  oldestOpenDueDate: customers.oldestOpenDueDate,
  remindersPausedUntil: customers.remindersPausedUntil,
}
export type CustomerListRow = { id: string; externalRef: string; name: string; kind: 'professional' | 'consumer' | 'public_body'; segment: string | null; country: string; salesOwnerId: string | null; oldestOpenDueDate: string | null; remindersPausedUntil: string | null }

// Sort keys are written to match the indexes exactly (customer_balances_outstanding_idx is DESC NULLS LAST, the
// due-date and name indexes ASC NULLS LAST), so that the first pages walk an index instead of sorting 100,000 rows.
const byName = [asc(customers.name), asc(customers.id)]
const byNameDesc = [desc(customers.name), desc(customers.id)]
const mostLateFirst = [sql`${customers.oldestOpenDueDate} asc nulls last`, asc(customers.name), asc(customers.id)]
// Nothing open counts as zero days late, like "not yet due": those customers come first.
const leastLateFirst = [sql`${customers.oldestOpenDueDate} desc nulls first`, asc(customers.name), asc(customers.id)]
const latestDueFirst = [sql`${customers.oldestOpenDueDate} desc`, asc(customers.name), asc(customers.id)]

/** From this offset on, a page made of two parts counts the first part before reading it (see concatenatedPage). */
export const COUNT_FIRST_FROM = 1_000

/**
 * One page of customers and how many match.
 *
 * Sorting by outstanding compares the balance in `sortCurrency` only; customers with nothing open in it count as
 * zero and come last (first in ascending order), by name. Ties are broken by name then id, so pages never overlap.
 *
 * Without a search, each sort walks an index: by outstanding, the customers with a balance in the currency come
 * from customer_balances_outstanding_idx, then those without one by name. With a search the customers are read
 * once anyway (a contains-match cannot use a b-tree), so one query filters, sorts and counts them. (Reading
 * everything for deep pages without a search was measured slower: sorting 50,000 rows spills to disk, while the
 * indexes still hand rows over in order.)
 */
export async function listCustomersForBackoffice(db: Db, query: CustomerListQuery): Promise<{ rows: CustomerListRow[]; total: number }> {
  const where = listConditions(query)
  if (query.search?.trim()) return listByScanning(db, query, where)
  // "Has an open balance in X" counts fastest from the balances of X (one row per customer and currency), which
  // already belong to the entity: the customer rows are joined only when other filters need them.
  const count = (() => {
    if (!query.currency) return db.select({ total: sql<number>`count(*)::int` }).from(customers).where(where)
    const inCurrency = and(eq(customerBalances.entityId, query.entityId), eq(customerBalances.currency, query.currency))
    const others = customerFilters(query, { currency: false })
    return others.length === 0
      ? db.select({ total: sql<number>`count(*)::int` }).from(customerBalances).where(inCurrency)
      : db
          .select({ total: sql<number>`count(*)::int` })
          .from(customerBalances)
          .innerJoin(customers, eq(customers.id, customerBalances.customerId))
          .where(and(inCurrency, ...others))
  })().then(([row]) => row?.total ?? 0)
  const rows = (() => {
    switch (query.sort) {
      case 'name_asc':
        return pageOf(db, where, byName, query)
      case 'name_desc':
        return pageOf(db, where, byNameDesc, query)
      case 'days_late_desc':
        return pageOf(db, where, mostLateFirst, query)
      // Customers with nothing open first (by name, from the name index), then the latest due dates first (the
      // due-date index read backwards): sorting the 25,000 customers with nothing open by name for every page would
      // cost more than both.
      case 'days_late_asc': {
        const nothingOpen = and(where, isNull(customers.oldestOpenDueDate))
        return concatenatedPage(
          (page) => pageOf(db, nothingOpen, byName, page),
          () =>
            db
              .select({ total: sql<number>`count(*)::int` })
              .from(customers)
              .where(nothingOpen)
              .then(([row]) => row?.total ?? 0),
          (page) => pageOf(db, and(where, isNotNull(customers.oldestOpenDueDate)), latestDueFirst, page),
          query,
        )
      }
      case 'outstanding_desc':
      case 'outstanding_asc':
        return pageByOutstanding(db, query, count)
    }
  })()
  const [pageRows, total] = await Promise.all([rows, count])
  return { rows: pageRows, total }
}

function pageOf(db: Db, where: SQL | undefined, order: SQL[], page: { limit: number; offset: number }) {
  return db
    .select(listColumns)
    .from(customers)
    .where(where)
    .orderBy(...order)
    .limit(page.limit)
    .offset(page.offset)
}

async function pageByOutstanding(db: Db, query: CustomerListQuery, total: Promise<number>): Promise<CustomerListRow[]> {
  // A balance row exists only while something is open in its currency: joining them is "owes something in it".
  // Balances carry their customer's entity, so the count can stay on their index when nothing else filters.
  const inCurrency = and(eq(customerBalances.entityId, query.entityId), eq(customerBalances.currency, query.sortCurrency))
  const others = customerFilters(query, { currency: query.currency !== query.sortCurrency })
  const owingCondition = and(inCurrency, eq(customers.entityId, query.entityId), ...others)
  const owing = (direction: 'desc' | 'asc') => (page: { limit: number; offset: number }) =>
    db
      .select(listColumns)
      .from(customerBalances)
      .innerJoin(customers, eq(customers.id, customerBalances.customerId))
      .where(owingCondition)
      .orderBy(
        direction === 'desc'
          ? sql`${customerBalances.outstandingMinor} desc nulls last`
          : sql`${customerBalances.outstandingMinor} asc nulls first`,
        ...byName,
      )
      .limit(page.limit)
      .offset(page.offset)
  const countOwing = () =>
    (others.length === 0
      ? db.select({ total: sql<number>`count(*)::int` }).from(customerBalances).where(inCurrency)
      : db
          .select({ total: sql<number>`count(*)::int` })
          .from(customerBalances)
          .innerJoin(customers, eq(customers.id, customerBalances.customerId))
          .where(owingCondition)
    ).then(([row]) => row?.total ?? 0)
  // Filtering on the sort currency leaves only customers owing something in it.
  if (query.currency === query.sortCurrency) return owing(query.sort === 'outstanding_desc' ? 'desc' : 'asc')(query)
  const notOwingCondition = and(
    listConditions(query),
    sql`not exists (select 1 from ${customerBalances} where ${customerBalances.customerId} = ${customers.id}
      and ${customerBalances.currency} = ${query.sortCurrency})`,
  )
  const notOwing = (page: { limit: number; offset: number }) => pageOf(db, notOwingCondition, byName, page)
  const countNotOwing = async () => (await total) - (await countOwing())
  return query.sort === 'outstanding_desc'
    ? concatenatedPage(owing('desc'), countOwing, notOwing, query)
    : concatenatedPage(notOwing, countNotOwing, owing('asc'), query)
}

/**
 * A page of `first`'s rows followed by `second`'s. Near the start, `first` is read and counted only if the page
 * runs past its end; deep down, it is counted first, so that a page wholly in `second` does not walk all of `first`.
 */
export async function concatenatedPage<T>(
  first: (page: { limit: number; offset: number }) => Promise<T[]>,
  countFirst: () => Promise<number>,
  second: (page: { limit: number; offset: number }) => Promise<T[]>,
  page: { limit: number; offset: number },
): Promise<T[]> {
  if (page.offset >= COUNT_FIRST_FROM) {
    const firstCount = await countFirst()
    if (page.offset >= firstCount) return second({ limit: page.limit, offset: page.offset - firstCount })
  }
  const head = await first(page)
  if (head.length === page.limit) return head
  const firstCount = head.length > 0 || page.offset === 0 ? page.offset + head.length : await countFirst()
  const tail = await second({ limit: page.limit - head.length, offset: Math.max(0, page.offset - firstCount) })
  return [...head, ...tail]
}

/** One pass over every matching customer: filters, sorts and counts them (`count(*) over ()`). */
async function listByScanning(db: Db, query: CustomerListQuery, where: SQL | undefined) {
  const outstanding = sql`coalesce(${customerBalances.outstandingMinor}, 0)`
  const order = (() => {
    switch (query.sort) {
      case 'name_asc':
        return byName
      case 'name_desc':
        return byNameDesc
      case 'days_late_desc':
        return mostLateFirst
      case 'days_late_asc':
        return leastLateFirst
      case 'outstanding_desc':
        return [desc(outstanding), ...byName]
      case 'outstanding_asc':
        return [asc(outstanding), ...byName]
    }
  })()
  const rows = await db
    .select({ ...listColumns, total: sql<number>`(count(*) over ())::int` })
    .from(customers)
    .leftJoin(
      customerBalances,
      and(eq(customerBalances.customerId, customers.id), eq(customerBalances.currency, query.sortCurrency)),
    )
    .where(where)
    .orderBy(...order)
    .limit(query.limit)
    .offset(query.offset)
  // Past the last page the window has no row to report the count on.
  let total = rows[0]?.total ?? 0
  if (rows.length === 0 && query.offset > 0) {
    const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(customers).where(where)
    total = count?.total ?? 0
  }
  return { rows: rows.map(({ total: _total, ...row }) => row), total }
}

/** Open balances per currency of the customers on a page (never summed across currencies). */
export async function listBalancesOfCustomers(db: Db, customerIds: readonly string[]) {
  if (customerIds.length === 0) return []
  return db
    .select({
      customerId: customerBalances.customerId,
      currency: customerBalances.currency,
      openInvoiceCount: customerBalances.openInvoiceCount,
      outstandingMinor: customerBalances.outstandingMinor,
      oldestOpenDueDate: customerBalances.oldestOpenDueDate,
    })
    .from(customerBalances)
    .where(inArray(customerBalances.customerId, [...customerIds]))
    .orderBy(asc(customerBalances.customerId), asc(customerBalances.currency))
}

/** Staff names for the owner column and the owner filter. */
export async function listStaffNames(db: Db) {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role, disabled: sql<boolean>`${staffUsers.disabledAt} is not null` })
    .from(staffUsers)
    .orderBy(asc(staffUsers.name))
}

/** The creditor entities staff can pick from, with what the list needs to know about each. */
export async function listEntitiesForBackoffice(db: Db) {
  return db
    .select({
      id: creditorEntities.id,
      code: creditorEntities.code,
      legalName: creditorEntities.legalName,
      tradeName: creditorEntities.tradeName,
      baseCurrency: creditorEntities.baseCurrency,
      timeZone: creditorEntities.timeZone,
    })
    .from(creditorEntities)
    .orderBy(asc(creditorEntities.code))
}

/**
 * The values offered by the list's filters: segments and countries in use, and currencies with an open balance.
 * For a sales user, only those of their own customers.
 */
export async function listCustomerFilterValues(db: Db, input: { entityId: string; visibility: CustomerVisibility }) {
  const where = and(eq(customers.entityId, input.entityId), visibleCustomers(input.visibility))
  const all = input.visibility.kind === 'all'
  const [segments, countries, currencies] = await Promise.all([
    all
      ? distinctBySkipScan(db, { table: 'customers', column: 'segment', entityId: input.entityId })
      : db
          .selectDistinct({ value: customers.segment })
          .from(customers)
          .where(and(where, sql`${customers.segment} is not null`))
          .orderBy(asc(customers.segment)),
    all
      ? distinctBySkipScan(db, { table: 'customers', column: 'country', entityId: input.entityId })
      : db.selectDistinct({ value: customers.country }).from(customers).where(where).orderBy(asc(customers.country)),
    all
      ? distinctBySkipScan(db, { table: 'customer_balances', column: 'currency', entityId: input.entityId })
      : db
          .selectDistinct({ value: customerBalances.currency })
          .from(customerBalances)
          .innerJoin(customers, eq(customers.id, customerBalances.customerId))
          .where(and(eq(customerBalances.entityId, input.entityId), visibleCustomers(input.visibility)))
          .orderBy(asc(customerBalances.currency)),
  ])
  return {
    segments: segments.map((r) => r.value).filter((v): v is string => v !== null),
    countries: countries.map((r) => r.value),
    currencies: currencies.map((r) => r.value),
  }
}

/**
 * The distinct non-null values of an entity's column in order, one index probe per value (a "skip scan" written as
 * a recursive query) instead of reading every row: customers_entity_{segment,country}_idx (migration 0006) and
 * customer_balances_outstanding_idx serve it.
 */
async function distinctBySkipScan(
  db: Db,
  input: { table: 'customers' | 'customer_balances'; column: 'segment' | 'country' | 'currency'; entityId: string },
): Promise<{ value: string }[]> {
  const table = sql.identifier(input.table)
  const column = sql.identifier(input.column)
  return queryRows<{ value: string }>(
    db,
    sql`with recursive v(value) as (
          (select ${column} from ${table} where entity_id = ${input.entityId}::uuid and ${column} is not null
            order by ${column} limit 1)
          union all
          select (select t.${column} from ${table} t where t.entity_id = ${input.entityId}::uuid and t.${column} > v.value
                   order by t.${column} limit 1)
            from v where v.value is not null
        )
        select rtrim(value::text) as value from v where value is not null`,
  )
}

/** A customer as the back office shows it, or null when it does not exist or is not visible to this staff member. */
export async function findCustomerForBackoffice(db: Db, input: { customerId: string; visibility: CustomerVisibility }) {
  const [row] = await db
    .select({
      id: customers.id,
      entityId: customers.entityId,
      externalRef: customers.externalRef,
      name: customers.name,
      kind: customers.kind,
      country: customers.country,
      language: customers.language,
      currency: customers.currency,
      segment: customers.segment,
      salesOwnerId: customers.salesOwnerId,
      salesOwnerName: staffUsers.name,
      creditLimitMinor: customers.creditLimitMinor,
      vatNumber: customers.vatNumber,
      siren: customers.siren,
      addressLines: customers.addressLines,
      postalCode: customers.postalCode,
      city: customers.city,
      oldestOpenDueDate: customers.oldestOpenDueDate,
      remindersPausedUntil: customers.remindersPausedUntil,
      remindersPauseReason: customers.remindersPauseReason,
      createdAt: customers.createdAt,
      updatedAt: customers.updatedAt,
      entityName: sql<string>`coalesce(${creditorEntities.tradeName}, ${creditorEntities.legalName})`,
      entityBaseCurrency: creditorEntities.baseCurrency,
      entityTimeZone: creditorEntities.timeZone,
      portalLinkTtlDays: creditorEntities.portalLinkTtlDays,
    })
    .from(customers)
    .innerJoin(creditorEntities, eq(creditorEntities.id, customers.entityId))
    .leftJoin(staffUsers, eq(staffUsers.id, customers.salesOwnerId))
    .where(and(eq(customers.id, input.customerId), visibleCustomers(input.visibility)))
  return row ?? null
}

const remaining = sql<number>`(${invoices.totalMinor} - ${invoices.paidMinor} - ${invoices.creditedMinor} - ${invoices.writtenOffMinor})`

/** Every open invoice of a visible customer, oldest due date first: the aging and the open-invoice table. */
export async function listOpenInvoicesOfCustomer(db: Db, input: { customerId: string; visibility: CustomerVisibility }) {
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      paidMinor: invoices.paidMinor,
      creditedMinor: invoices.creditedMinor,
      writtenOffMinor: invoices.writtenOffMinor,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(and(eq(invoices.customerId, input.customerId), gt(remaining, 0), visibleCustomers(input.visibility)))
    .orderBy(asc(invoices.dueDate), asc(invoices.number))
}

/** The latest payments of a visible customer with the invoice numbers each one settled. */
export async function listRecentPaymentsOfCustomer(
  db: Db,
  input: { customerId: string; visibility: CustomerVisibility; limit: number },
) {
  return db
    .select({
      id: payments.id,
      receivedOn: payments.receivedOn,
      currency: payments.currency,
      amountMinor: payments.amountMinor,
      method: payments.method,
      externalRef: payments.externalRef,
      invoiceNumbers: sql<string[]>`coalesce(array_agg(${invoices.number} order by ${invoices.number})
        filter (where ${invoices.id} is not null), '{}')`,
    })
    .from(payments)
    .innerJoin(customers, eq(customers.id, payments.customerId))
    .leftJoin(paymentAllocations, eq(paymentAllocations.paymentId, payments.id))
    .leftJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(and(eq(payments.customerId, input.customerId), visibleCustomers(input.visibility)))
    .groupBy(payments.id)
    .orderBy(desc(payments.receivedOn), desc(payments.createdAt))
    .limit(input.limit)
}

/** How many links of a customer still work, and when the latest was issued. */
export async function portalLinkSummaryOfCustomer(db: Db, input: { customerId: string; now: Date }) {
  const [row] = await db
    .select({
      liveCount: sql<number>`(count(*) filter (where ${portalAccessTokens.revokedAt} is null
        and ${portalAccessTokens.expiresAt} > ${input.now.toISOString()}))::int`,
      // A raw aggregate: postgres.js hands back text and PGlite a Date, so it is read as either.
      lastIssuedAt: sql<string | Date | null>`max(${portalAccessTokens.createdAt})`,
    })
    .from(portalAccessTokens)
    .where(eq(portalAccessTokens.customerId, input.customerId))
  return {
    liveCount: row?.liveCount ?? 0,
    lastIssuedAt: row?.lastIssuedAt ? new Date(row.lastIssuedAt) : null,
  }
}

// ---- writes (called by the use cases in packages/use-cases/src/customers, inside their transaction) ----------------

export const editableCustomerColumns = {
  id: customers.id,
  entityId: customers.entityId,
  name: customers.name,
  currency: customers.currency,
  segment: customers.segment,
  language: customers.language,
  creditLimitMinor: customers.creditLimitMinor,
  salesOwnerId: customers.salesOwnerId,
  remindersPausedUntil: customers.remindersPausedUntil,
  remindersPauseReason: customers.remindersPauseReason,
}

/** Locks the customer's row for the rest of the transaction and returns what a change may depend on. */
export async function lockCustomerForUpdate(db: Db, customerId: string) {
  const [row] = await db.select(editableCustomerColumns).from(customers).where(eq(customers.id, customerId)).for('update')
  return row ?? null
}

export async function updateCustomerColumns(
  db: Db,
  customerId: string,
  changes: Partial<{
    segment: string | null
    language: string
    creditLimitMinor: number | null
    salesOwnerId: string | null
    remindersPausedUntil: string | null
    remindersPauseReason: string | null
  }>,
) {
  const [row] = await db
    .update(customers)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(customers.id, customerId))
    .returning(editableCustomerColumns)
  return row ?? null
}

/** An enabled staff member, to check an owner before assigning them. */
export async function findEnabledStaffMember(db: Db, staffUserId: string) {
  const [row] = await db
    .select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role })
    .from(staffUsers)
    .where(and(eq(staffUsers.id, staffUserId), isNull(staffUsers.disabledAt)))
  return row ?? null
}
