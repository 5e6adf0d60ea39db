import { and, asc, desc, eq, gt, gte, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { InvoiceListSort, InvoiceListStatus } from '@quittance/domain/payments/finance-list-options'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { queryRows, type Db } from '../client'
import {
  creditNoteAllocations,
  creditNotes,
  creditorEntities,
  customerBalances,
  customers,
  invoiceLines,
  invoices,
  paymentAllocations,
  payments,
  staffUsers,
  writeOffs,
} from '../schema/index'

// Reads and writes of the back office's invoices screens. Every read of a customer's documents takes the staff
// member's visibility and adds it to the SQL: a sales owner asking for another customer's invoice gets nothing.

/** The SQL condition on `customers` for what a staff member may see; undefined when they see everything. */
export function customerVisibilityCondition(visibility: CustomerVisibility): SQL | undefined {
  return visibility.kind === 'owned-by' ? eq(customers.salesOwnerId, visibility.staffUserId) : undefined
}

/** For ILIKE: the text as typed, with its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

const remaining = sql<number>`(${invoices.totalMinor} - ${invoices.paidMinor} - ${invoices.creditedMinor} - ${invoices.writtenOffMinor})`
const settled = sql<number>`(${invoices.paidMinor} + ${invoices.creditedMinor} + ${invoices.writtenOffMinor})`

const ORDER: Record<InvoiceListSort, SQL[]> = {
  due_asc: [asc(invoices.dueDate), asc(invoices.number), asc(invoices.id)],
  due_desc: [desc(invoices.dueDate), asc(invoices.number), asc(invoices.id)],
  remaining_desc: [desc(remaining), asc(invoices.dueDate), asc(invoices.id)],
  remaining_asc: [asc(remaining), asc(invoices.dueDate), asc(invoices.id)],
  number_asc: [asc(invoices.number), asc(invoices.id)],
  number_desc: [desc(invoices.number), asc(invoices.id)],
}

export type BackofficeInvoiceFilters = {
  visibility: CustomerVisibility
  status: InvoiceListStatus
  /** The entity's today, for "overdue". */
  today: LocalDate
  currency?: string | null
  dueFrom?: LocalDate | null
  dueTo?: LocalDate | null
  /** Customer name or reference, or invoice number. */
  search?: string | null
  customerId?: string | null
}

function invoiceFilterConditions(filters: BackofficeInvoiceFilters): SQL | undefined {
  // Conditions on the customer are semi-joins: invoices are scanned once, customers once, never row by row.
  const conditions: (SQL | undefined)[] = []
  if (filters.visibility.kind === 'owned-by') {
    conditions.push(
      sql`${invoices.customerId} in (select c.id from customers c where c.sales_owner_id = ${filters.visibility.staffUserId})`,
    )
  }
  if (filters.status === 'open') conditions.push(gt(remaining, 0))
  if (filters.status === 'overdue') conditions.push(gt(remaining, 0), lt(invoices.dueDate, filters.today))
  if (filters.status === 'partially_paid') conditions.push(gt(remaining, 0), gt(settled, 0))
  if (filters.status === 'paid') conditions.push(eq(remaining, 0))
  if (filters.currency) conditions.push(eq(invoices.currency, filters.currency))
  if (filters.dueFrom) conditions.push(gte(invoices.dueDate, filters.dueFrom))
  if (filters.dueTo) conditions.push(lte(invoices.dueDate, filters.dueTo))
  if (filters.customerId) conditions.push(eq(invoices.customerId, filters.customerId))
  const search = filters.search?.trim()
  if (search) {
    const pattern = containsPattern(search)
    conditions.push(
      or(
        sql`${invoices.customerId} in (select c.id from customers c where c.name ilike ${pattern} or c.external_ref ilike ${pattern})`,
        ilike(invoices.number, pattern),
      ),
    )
  }
  return and(...conditions)
}

/**
 * One page of invoices across customers, with the count and the remaining totals per currency of the selection.
 * The scans read invoices alone; the page's customers are then fetched by id.
 */
export async function listInvoicesForBackoffice(
  db: Db,
  input: BackofficeInvoiceFilters & { sort: InvoiceListSort; limit: number; offset: number },
) {
  const where = invoiceFilterConditions(input)

  const [page, [count], totals] = await Promise.all([
    db
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
        customerId: invoices.customerId,
      })
      .from(invoices)
      .where(where)
      .orderBy(...ORDER[input.sort])
      .limit(input.limit)
      .offset(input.offset),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(invoices)
      .where(where),
    db
      .select({
        currency: invoices.currency,
        invoiceCount: sql<number>`count(*)::int`,
        totalMinor: sql<number>`coalesce(sum(${invoices.totalMinor}), 0)::bigint`.mapWith(Number),
        remainingMinor: sql<number>`coalesce(sum(${remaining}), 0)::bigint`.mapWith(Number),
      })
      .from(invoices)
      .where(where)
      .groupBy(invoices.currency)
      .orderBy(asc(invoices.currency)),
  ])
  const customerIds = [...new Set(page.map((row) => row.customerId))]
  const names =
    customerIds.length === 0
      ? []
      : await db
          .select({ id: customers.id, name: customers.name, externalRef: customers.externalRef })
          .from(customers)
          .where(inArray(customers.id, customerIds))
  const byId = new Map(names.map((c) => [c.id, c]))
  const rows = page.map((row) => ({
    ...row,
    customerName: byId.get(row.customerId)?.name ?? '',
    customerRef: byId.get(row.customerId)?.externalRef ?? '',
  }))
  return { rows, total: count?.total ?? 0, totals }
}

/**
 * The currencies worth offering in a filter: every customer's own currency and every currency with open
 * invoices. Both come from small tables, not from a scan of the invoices.
 */
export async function listFinanceCurrencies(db: Db, visibility: CustomerVisibility): Promise<string[]> {
  const visible = customerVisibilityCondition(visibility)
  const [own, open] = await Promise.all([
    db.selectDistinct({ currency: customers.currency }).from(customers).where(visible),
    db
      .selectDistinct({ currency: customerBalances.currency })
      .from(customerBalances)
      .innerJoin(customers, eq(customers.id, customerBalances.customerId))
      .where(visible),
  ])
  return [...new Set([...own, ...open].map((row) => row.currency))].sort()
}

/** The time zone that decides "today" on lists spanning every creditor: the oldest entity's (usually the only one). */
export async function defaultFinanceTimeZone(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ timeZone: creditorEntities.timeZone })
    .from(creditorEntities)
    .orderBy(asc(creditorEntities.createdAt), asc(creditorEntities.code))
    .limit(1)
  return row?.timeZone ?? null
}

/** An invoice with its lines and everything that settled it, or null when it does not exist or is not visible. */
export async function findInvoiceForBackoffice(
  db: Db,
  input: { invoiceId: string; visibility: CustomerVisibility },
) {
  const [invoice] = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      subtotalMinor: invoices.subtotalMinor,
      taxMinor: invoices.taxMinor,
      totalMinor: invoices.totalMinor,
      paidMinor: invoices.paidMinor,
      creditedMinor: invoices.creditedMinor,
      writtenOffMinor: invoices.writtenOffMinor,
      purchaseOrder: invoices.purchaseOrder,
      entityId: invoices.entityId,
      entityName: creditorEntities.legalName,
      timeZone: creditorEntities.timeZone,
      customerId: customers.id,
      customerName: customers.name,
      customerRef: customers.externalRef,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .innerJoin(creditorEntities, eq(creditorEntities.id, invoices.entityId))
    .where(and(eq(invoices.id, input.invoiceId), customerVisibilityCondition(input.visibility)))
  if (!invoice) return null

  const [lines, paymentRows, creditRows, writeOffRows] = await Promise.all([
    db
      .select({
        position: invoiceLines.position,
        description: invoiceLines.description,
        quantityMilli: invoiceLines.quantityMilli,
        unitPriceMinor: invoiceLines.unitPriceMinor,
        taxRateBasisPoints: invoiceLines.taxRateBasisPoints,
        netMinor: invoiceLines.netMinor,
      })
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, invoice.id))
      .orderBy(asc(invoiceLines.position)),
    db
      .select({
        allocationId: paymentAllocations.id,
        amountMinor: paymentAllocations.amountMinor,
        allocatedAt: paymentAllocations.createdAt,
        paymentId: payments.id,
        receivedOn: payments.receivedOn,
        method: payments.method,
        reference: payments.externalRef,
      })
      .from(paymentAllocations)
      .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
      .where(eq(paymentAllocations.invoiceId, invoice.id))
      .orderBy(asc(payments.receivedOn), asc(paymentAllocations.createdAt)),
    db
      .select({
        allocationId: creditNoteAllocations.id,
        amountMinor: creditNoteAllocations.amountMinor,
        allocatedAt: creditNoteAllocations.createdAt,
        creditNoteId: creditNotes.id,
        number: creditNotes.number,
        issueDate: creditNotes.issueDate,
        reason: creditNotes.reason,
      })
      .from(creditNoteAllocations)
      .innerJoin(creditNotes, eq(creditNotes.id, creditNoteAllocations.creditNoteId))
      .where(eq(creditNoteAllocations.invoiceId, invoice.id))
      .orderBy(asc(creditNotes.issueDate), asc(creditNoteAllocations.createdAt)),
    db
      .select({
        id: writeOffs.id,
        amountMinor: writeOffs.amountMinor,
        reason: writeOffs.reason,
        createdAt: writeOffs.createdAt,
        staffName: staffUsers.name,
      })
      .from(writeOffs)
      .leftJoin(staffUsers, eq(staffUsers.id, writeOffs.staffUserId))
      .where(eq(writeOffs.invoiceId, invoice.id))
      .orderBy(asc(writeOffs.createdAt)),
  ])
  return { ...invoice, lines, payments: paymentRows, creditNotes: creditRows, writeOffs: writeOffRows }
}

/** A customer as the finance forms need it (with its creditor's time zone for "today"), if visible. */
export async function findCustomerForFinance(
  db: Db,
  input: { customerId: string; visibility: CustomerVisibility },
) {
  const [row] = await db
    .select({
      id: customers.id,
      name: customers.name,
      externalRef: customers.externalRef,
      currency: customers.currency,
      entityId: customers.entityId,
      timeZone: creditorEntities.timeZone,
    })
    .from(customers)
    .innerJoin(creditorEntities, eq(creditorEntities.id, customers.entityId))
    .where(and(eq(customers.id, input.customerId), customerVisibilityCondition(input.visibility)))
  return row ?? null
}

/** Customers whose name or reference contains the text, for picking one in a form. */
export async function searchCustomersForFinance(
  db: Db,
  input: { visibility: CustomerVisibility; search: string; limit: number },
) {
  const pattern = containsPattern(input.search.trim())
  return db
    .select({
      id: customers.id,
      name: customers.name,
      externalRef: customers.externalRef,
      currency: customers.currency,
    })
    .from(customers)
    .where(
      and(
        customerVisibilityCondition(input.visibility),
        or(ilike(customers.name, pattern), ilike(customers.externalRef, pattern)),
      ),
    )
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(input.limit)
}

/** The currencies a customer owes money in, from the balances the triggers keep. */
export async function listOpenCurrenciesOfCustomer(db: Db, customerId: string): Promise<string[]> {
  const rows = await db
    .select({ currency: customerBalances.currency })
    .from(customerBalances)
    .where(eq(customerBalances.customerId, customerId))
    .orderBy(asc(customerBalances.currency))
  return rows.map((row) => row.currency)
}

/** A customer's invoices that still owe money in one currency, oldest due first: what can be lettered. */
export async function listOpenInvoicesOfCustomer(
  db: Db,
  input: { customerId: string; currency: string; limit: number },
) {
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      remainingMinor: remaining.mapWith(Number),
    })
    .from(invoices)
    .where(
      and(eq(invoices.customerId, input.customerId), eq(invoices.currency, input.currency), gt(remaining, 0)),
    )
    .orderBy(asc(invoices.dueDate), asc(invoices.issueDate), asc(invoices.number), asc(invoices.id))
    .limit(input.limit)
}

// ——— Writes: settling invoices ———

/**
 * Locks the invoices (in id order, so two writers never wait on each other in a cycle) and returns them as they
 * are now. Call inside the transaction that will change them, before deciding anything from their amounts.
 */
export async function lockInvoicesForSettlement(tx: Db, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return []
  const ids = [...new Set(invoiceIds)].sort()
  return tx
    .select({
      id: invoices.id,
      number: invoices.number,
      customerId: invoices.customerId,
      entityId: invoices.entityId,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      paidMinor: invoices.paidMinor,
      creditedMinor: invoices.creditedMinor,
      writtenOffMinor: invoices.writtenOffMinor,
    })
    .from(invoices)
    .where(inArray(invoices.id, ids))
    .orderBy(asc(invoices.id))
    .for('update')
}

const SETTLED_COLUMNS = {
  paid: 'paid_minor',
  credited: 'credited_minor',
  written_off: 'written_off_minor',
} as const
export type SettlementKind = keyof typeof SETTLED_COLUMNS

type SettledSums = { id: string; paidMinor: number; creditedMinor: number; writtenOffMinor: number }

/**
 * Adds the amounts to one settled sum of each invoice, in one statement (so the balance triggers run once), and
 * returns the sums after. The CHECK on invoices refuses any over-settlement whatever the caller checked.
 */
export async function addToInvoiceSettlement(
  tx: Db,
  input: { kind: SettlementKind; amounts: readonly { invoiceId: string; amountMinor: number }[] },
): Promise<SettledSums[]> {
  if (input.amounts.length === 0) return []
  const column = sql.identifier(SETTLED_COLUMNS[input.kind])
  const values = sql.join(
    input.amounts.map((a) => sql`(${a.invoiceId}::uuid, ${a.amountMinor}::bigint)`),
    sql`, `,
  )
  const rows = await queryRows<{
    id: string
    paid_minor: string | number
    credited_minor: string | number
    written_off_minor: string | number
  }>(
    tx,
    sql`update invoices as i
           set ${column} = i.${column} + v.amount, updated_at = now()
          from (values ${values}) as v(id, amount)
         where i.id = v.id
     returning i.id, i.paid_minor, i.credited_minor, i.written_off_minor`,
  )
  return rows
    .map((row) => ({
      id: row.id,
      paidMinor: Number(row.paid_minor),
      creditedMinor: Number(row.credited_minor),
      writtenOffMinor: Number(row.written_off_minor),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export async function insertWriteOff(
  tx: Db,
  input: {
    invoiceId: string
    customerId: string
    amountMinor: number
    reason: string
    staffUserId: string | null
  },
) {
  const [row] = await tx
    .insert(writeOffs)
    .values(input)
    .returning({ id: writeOffs.id, createdAt: writeOffs.createdAt })
  return row!
}
