import { and, asc, desc, eq, gt, gte, lt, sql } from 'drizzle-orm'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { InvoiceSort } from '@quittance/domain/invoices/invoice-list-options'
import type { Db } from '../client'
import { documents, invoiceLines, invoices } from '../schema/index'

const remaining = sql<number>`(${invoices.totalMinor} - ${invoices.paidMinor} - ${invoices.creditedMinor} - ${invoices.writtenOffMinor})`

const invoiceSummaryColumns = {
  id: invoices.id,
  number: invoices.number,
  issueDate: invoices.issueDate,
  dueDate: invoices.dueDate,
  currency: invoices.currency,
  totalMinor: invoices.totalMinor,
  paidMinor: invoices.paidMinor,
  creditedMinor: invoices.creditedMinor,
  writtenOffMinor: invoices.writtenOffMinor,
}


const ORDER: Record<InvoiceSort, ReturnType<typeof asc>[]> = {
  due_asc: [asc(invoices.dueDate), asc(invoices.number)],
  due_desc: [desc(invoices.dueDate), asc(invoices.number)],
  amount_desc: [desc(remaining), asc(invoices.dueDate)],
  amount_asc: [asc(remaining), asc(invoices.dueDate)],
  number_asc: [asc(invoices.number)],
}

type ListInvoicesInput = {
  customerId: string
  settlement: 'open' | 'paid'
  /** Keep only invoices past due (or not yet due) on that day. */
  timing?: { kind: 'overdue' | 'not_due'; today: LocalDate }
  onlyPartlySettled?: boolean
  sort: InvoiceSort
  limit: number
  offset: number
}

// The portal runs these on every page: each shape of query is built once per database client and prepared, and
// only the values change. The customer is always a parameter of the query itself, never optional.
// Placeholders are encoded like their columns, as plain values are.
const customerId = sql.param(sql.placeholder('customerId'), invoices.customerId)
const today = sql.param(sql.placeholder('today'), invoices.dueDate)

function buildListStatements(db: Db, shape: Pick<ListInvoicesInput, 'settlement' | 'onlyPartlySettled' | 'sort'> & { timing?: 'overdue' | 'not_due' }) {
  const conditions = [eq(invoices.customerId, customerId), shape.settlement === 'open' ? gt(remaining, 0) : eq(remaining, 0)]
  if (shape.timing === 'overdue') conditions.push(lt(invoices.dueDate, today))
  if (shape.timing === 'not_due') conditions.push(gte(invoices.dueDate, today))
  if (shape.onlyPartlySettled) conditions.push(gt(sql`${invoices.paidMinor} + ${invoices.creditedMinor}`, 0))
  const where = and(...conditions)
  const name = `invoices_${shape.settlement}_${shape.timing ?? 'any'}_${shape.onlyPartlySettled ? 'partly' : 'all'}_${shape.sort}`
  return {
    // The total comes with each row (one statement, not two); only a page past the end needs the count apart.
    rows: db
      .select({ ...invoiceSummaryColumns, fullCount: sql<number>`(count(*) over ())::int` })
      .from(invoices)
      .where(where)
      .orderBy(...ORDER[shape.sort])
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(`${name}_rows`),
    count: db
      .select({ total: sql<number>`count(*)::int` })
      .from(invoices)
      .where(where)
      .prepare(`${name}_count`),
  }
}

function buildTotalsStatement(db: Db) {
  return db
    .select({
      currency: invoices.currency,
      invoiceCount: sql<number>`count(*)::int`,
      overdueCount: sql<number>`(count(*) filter (where ${invoices.dueDate} < ${today}))::int`,
      remainingMinor: sql<number>`sum(${remaining})::bigint`.mapWith(Number),
      overdueMinor: sql<number>`coalesce(sum(${remaining}) filter (where ${invoices.dueDate} < ${today}), 0)::bigint`.mapWith(
        Number,
      ),
    })
    .from(invoices)
    .where(and(eq(invoices.customerId, customerId), gt(remaining, 0)))
    .groupBy(invoices.currency)
    .orderBy(asc(invoices.currency))
    .prepare('invoices_open_totals')
}

type Statements = {
  list: Map<string, ReturnType<typeof buildListStatements>>
  totals?: ReturnType<typeof buildTotalsStatement>
}
const statementsByDb = new WeakMap<Db, Statements>()

function statementsFor(db: Db): Statements {
  let statements = statementsByDb.get(db)
  if (!statements) {
    statements = { list: new Map() }
    statementsByDb.set(db, statements)
  }
  return statements
}

/** A debtor's invoices: always scoped by customer in the query itself. */
export async function listInvoicesForCustomer(db: Db, input: ListInvoicesInput) {
  const shape = {
    settlement: input.settlement,
    timing: input.timing?.kind,
    onlyPartlySettled: input.onlyPartlySettled ?? false,
    sort: input.sort,
  }
  const statements = statementsFor(db).list
  const key = `${shape.settlement}/${shape.timing}/${shape.onlyPartlySettled}/${shape.sort}`
  let statement = statements.get(key)
  if (!statement) {
    statement = buildListStatements(db, shape)
    statements.set(key, statement)
  }
  const values = { customerId: input.customerId, today: input.timing?.today, limit: input.limit, offset: input.offset }
  const found = await statement.rows.execute(values)
  const total = found[0]?.fullCount ?? (input.offset > 0 ? ((await statement.count.execute(values))[0]?.total ?? 0) : 0)
  return { rows: found.map(({ fullCount: _, ...row }) => row), total }
}

/** Open totals per currency, split into not yet due and overdue. Currencies are never added together. */
export async function openTotalsForCustomer(db: Db, input: { customerId: string; today: LocalDate }) {
  const statements = statementsFor(db)
  statements.totals ??= buildTotalsStatement(db)
  return statements.totals.execute({ customerId: input.customerId, today: input.today })
}

export async function findInvoiceForCustomer(db: Db, input: { customerId: string; invoiceId: string }) {
  const [invoice] = await db
    .select({
      ...invoiceSummaryColumns,
      entityId: invoices.entityId,
      subtotalMinor: invoices.subtotalMinor,
      taxMinor: invoices.taxMinor,
      purchaseOrder: invoices.purchaseOrder,
      originalDocumentId: invoices.originalDocumentId,
    })
    .from(invoices)
    .where(and(eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId)))
  if (!invoice) return null
  const lines = await db
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
    .orderBy(asc(invoiceLines.position))
  return { ...invoice, lines }
}

/** The imported original PDF of an invoice, if the customer owns the invoice. */
export async function findOriginalInvoiceDocument(db: Db, input: { customerId: string; invoiceId: string }) {
  const [row] = await db
    .select({ filename: documents.filename, contentType: documents.contentType, content: documents.content })
    .from(invoices)
    .innerJoin(documents, eq(documents.id, invoices.originalDocumentId))
    .where(and(eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId)))
  return row ?? null
}
