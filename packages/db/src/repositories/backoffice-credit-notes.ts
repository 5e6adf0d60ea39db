import { and, asc, desc, eq, gt, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { CreditNoteListApplication } from '@quittance/domain/payments/finance-list-options'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import { creditNoteAllocations, creditNotes, customers, invoices } from '../schema/index'
import { containsPattern, customerVisibilityCondition } from './backoffice-invoices'

// What of each credit note is applied to invoices, summed from the allocation rows (the truth). The outer table is
// named in full: drizzle may leave "id" unqualified, which inside the subquery would mean the allocation's id.
const appliedOf = sql<number>`(select coalesce(sum(ca.amount_minor), 0) from credit_note_allocations ca where ca.credit_note_id = credit_notes.id)`

export type BackofficeCreditNoteFilters = {
  visibility: CustomerVisibility
  currency?: string | null
  issuedFrom?: LocalDate | null
  issuedTo?: LocalDate | null
  application?: CreditNoteListApplication
  /** Customer name or reference, or credit note number. */
  search?: string | null
}

function creditNoteFilterConditions(filters: BackofficeCreditNoteFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [customerVisibilityCondition(filters.visibility)]
  if (filters.currency) conditions.push(eq(creditNotes.currency, filters.currency))
  if (filters.issuedFrom) conditions.push(gte(creditNotes.issueDate, filters.issuedFrom))
  if (filters.issuedTo) conditions.push(lte(creditNotes.issueDate, filters.issuedTo))
  if (filters.application === 'unapplied') conditions.push(gt(sql`${creditNotes.totalMinor} - ${appliedOf}`, 0))
  if (filters.application === 'fully_applied') conditions.push(eq(sql`${creditNotes.totalMinor} - ${appliedOf}`, 0))
  const search = filters.search?.trim()
  if (search) {
    const pattern = containsPattern(search)
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.externalRef, pattern), ilike(creditNotes.number, pattern)))
  }
  return and(...conditions)
}

export async function listCreditNotesForBackoffice(
  db: Db,
  input: BackofficeCreditNoteFilters & { limit: number; offset: number },
) {
  const where = creditNoteFilterConditions(input)
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: creditNotes.id,
        number: creditNotes.number,
        issueDate: creditNotes.issueDate,
        currency: creditNotes.currency,
        totalMinor: creditNotes.totalMinor,
        appliedMinor: appliedOf.mapWith(Number),
        reason: creditNotes.reason,
        customerId: customers.id,
        customerName: customers.name,
        customerRef: customers.externalRef,
      })
      .from(creditNotes)
      .innerJoin(customers, eq(customers.id, creditNotes.customerId))
      .where(where)
      .orderBy(desc(creditNotes.issueDate), desc(creditNotes.number), asc(creditNotes.id))
      .limit(input.limit)
      .offset(input.offset),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(creditNotes)
      .innerJoin(customers, eq(customers.id, creditNotes.customerId))
      .where(where),
  ])
  return { rows, total: count?.total ?? 0 }
}

/** A credit note with its customer and where it is applied, or null when it does not exist or is not visible. */
export async function findCreditNoteForBackoffice(db: Db, input: { creditNoteId: string; visibility: CustomerVisibility }) {
  const [creditNote] = await db
    .select({
      id: creditNotes.id,
      entityId: creditNotes.entityId,
      number: creditNotes.number,
      issueDate: creditNotes.issueDate,
      currency: creditNotes.currency,
      totalMinor: creditNotes.totalMinor,
      reason: creditNotes.reason,
      createdAt: creditNotes.createdAt,
      customerId: customers.id,
      customerName: customers.name,
      customerRef: customers.externalRef,
    })
    .from(creditNotes)
    .innerJoin(customers, eq(customers.id, creditNotes.customerId))
    .where(and(eq(creditNotes.id, input.creditNoteId), customerVisibilityCondition(input.visibility)))
  if (!creditNote) return null
  const allocations = await db
    .select({
      id: creditNoteAllocations.id,
      amountMinor: creditNoteAllocations.amountMinor,
      createdAt: creditNoteAllocations.createdAt,
      invoiceId: invoices.id,
      invoiceNumber: invoices.number,
      invoiceDueDate: invoices.dueDate,
      invoiceTotalMinor: invoices.totalMinor,
    })
    .from(creditNoteAllocations)
    .innerJoin(invoices, eq(invoices.id, creditNoteAllocations.invoiceId))
    .where(eq(creditNoteAllocations.creditNoteId, creditNote.id))
    .orderBy(asc(creditNoteAllocations.createdAt), asc(invoices.dueDate))
  const appliedMinor = allocations.reduce((sum, a) => sum + a.amountMinor, 0)
  return { ...creditNote, allocations, appliedMinor, unappliedMinor: creditNote.totalMinor - appliedMinor }
}

/** A customer's credit notes in one currency with something left to apply, oldest first. */
export async function listUnappliedCreditNotesOfCustomer(db: Db, input: { customerId: string; currency: string }) {
  return db
    .select({
      id: creditNotes.id,
      number: creditNotes.number,
      issueDate: creditNotes.issueDate,
      totalMinor: creditNotes.totalMinor,
      unappliedMinor: sql<number>`${creditNotes.totalMinor} - ${appliedOf}`.mapWith(Number),
    })
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.customerId, input.customerId),
        eq(creditNotes.currency, input.currency),
        gt(sql`${creditNotes.totalMinor} - ${appliedOf}`, 0),
      ),
    )
    .orderBy(asc(creditNotes.issueDate), asc(creditNotes.number))
    .limit(100)
}

// ——— Writes ———

/** Locks one credit note and returns it with what is already applied: the remainder cannot move until commit. */
export async function lockCreditNoteForApplication(tx: Db, creditNoteId: string) {
  const [creditNote] = await tx
    .select({
      id: creditNotes.id,
      entityId: creditNotes.entityId,
      customerId: creditNotes.customerId,
      number: creditNotes.number,
      currency: creditNotes.currency,
      totalMinor: creditNotes.totalMinor,
    })
    .from(creditNotes)
    .where(eq(creditNotes.id, creditNoteId))
    .for('update')
  if (!creditNote) return null
  const [applied] = await tx
    .select({ sum: sql<number>`coalesce(sum(${creditNoteAllocations.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(creditNoteAllocations)
    .where(eq(creditNoteAllocations.creditNoteId, creditNoteId))
  return { ...creditNote, appliedMinor: applied?.sum ?? 0 }
}

export async function creditNoteNumberTaken(db: Db, input: { entityId: string; number: string }) {
  const [row] = await db
    .select({ id: creditNotes.id })
    .from(creditNotes)
    .where(and(eq(creditNotes.entityId, input.entityId), eq(creditNotes.number, input.number)))
    .limit(1)
  return row !== undefined
}

export async function insertCreditNote(
  tx: Db,
  input: {
    entityId: string
    customerId: string
    number: string
    issueDate: LocalDate
    currency: string
    totalMinor: number
    reason: string
  },
) {
  const [row] = await tx.insert(creditNotes).values(input).returning({ id: creditNotes.id, createdAt: creditNotes.createdAt })
  return row!
}

export async function insertCreditNoteAllocations(
  tx: Db,
  input: { creditNoteId: string; allocations: readonly { invoiceId: string; amountMinor: number }[] },
) {
  if (input.allocations.length === 0) return []
  return tx
    .insert(creditNoteAllocations)
    .values(
      input.allocations.map((a) => ({ creditNoteId: input.creditNoteId, invoiceId: a.invoiceId, amountMinor: a.amountMinor })),
    )
    .returning({
      id: creditNoteAllocations.id,
      invoiceId: creditNoteAllocations.invoiceId,
      amountMinor: creditNoteAllocations.amountMinor,
    })
}
