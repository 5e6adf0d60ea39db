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

/** A debtor's invoices: always scoped by customer in the query itself. */
export async function listInvoicesForCustomer(
  db: Db,
  input: {
    customerId: string
    settlement: 'open' | 'paid'
    /** Keep only invoices past due (or not yet due) on that day. */
    timing?: { kind: 'overdue' | 'not_due'; today: LocalDate }
    onlyPartlySettled?: boolean
    sort: InvoiceSort
    limit: number
    offset: number
  },
) {
  const conditions = [
    eq(invoices.customerId, input.customerId),
    input.settlement === 'open' ? gt(remaining, 0) : eq(remaining, 0),
  ]
  if (input.timing?.kind === 'overdue') conditions.push(lt(invoices.dueDate, input.timing.today))
  if (input.timing?.kind === 'not_due') conditions.push(gte(invoices.dueDate, input.timing.today))
  if (input.onlyPartlySettled) conditions.push(gt(sql`${invoices.paidMinor} + ${invoices.creditedMinor}`, 0))
  const where = and(...conditions)
  const [rows, [count]] = await Promise.all([
    db
      .select(invoiceSummaryColumns)
      .from(invoices)
      .where(where)
      .orderBy(...ORDER[input.sort])
      .limit(input.limit)
      .offset(input.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(invoices).where(where),
  ])
  return { rows, total: count?.total ?? 0 }
}

/** Open totals per currency, split into not yet due and overdue. Currencies are never added together. */
export async function openTotalsForCustomer(db: Db, input: { customerId: string; today: LocalDate }) {
  return db
    .select({
      currency: invoices.currency,
      invoiceCount: sql<number>`count(*)::int`,
      overdueCount: sql<number>`(count(*) filter (where ${invoices.dueDate} < ${input.today}))::int`,
      remainingMinor: sql<number>`sum(${remaining})::bigint`.mapWith(Number),
      overdueMinor: sql<number>`coalesce(sum(${remaining}) filter (where ${invoices.dueDate} < ${input.today}), 0)::bigint`.mapWith(
        Number,
      ),
    })
    .from(invoices)
    .where(and(eq(invoices.customerId, input.customerId), gt(remaining, 0)))
    .groupBy(invoices.currency)
    .orderBy(asc(invoices.currency))
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
