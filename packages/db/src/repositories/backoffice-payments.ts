import { and, asc, desc, eq, gt, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import type { PaymentListAllocation } from '@quittance/domain/payments/finance-list-options'
import type { PaymentMethod } from '@quittance/domain/payments/payment-methods'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import {
  creditNoteAllocations,
  creditNotes,
  creditorEntities,
  customers,
  invoices,
  paymentAllocations,
  paymentReversals,
  payments,
} from '../schema/index'
import { containsPattern, customerVisibilityCondition } from './backoffice-invoices'

// What of each payment is lettered: the allocation rows are the truth, so it is always summed from them. The outer
// table is named in full on purpose: drizzle leaves column references unqualified in single-table selects, and an
// unqualified "id" inside the subquery would silently mean the allocation's own id.
const allocatedOf = sql<number>`(select coalesce(sum(pa.amount_minor), 0) from payment_allocations pa where pa.payment_id = payments.id)`
/** What refunds and chargebacks took back from the invoices this payment settled (those allocations no longer hold). */
const takenBackOf = sql<number>`(select coalesce(sum(ra.amount_minor), 0) from payment_reversal_allocations ra
  join payment_reversals r on r.id = ra.reversal_id where r.payment_id = payments.id)`

/** What the payment still holds to letter: its amount, less refunds and chargebacks, less what is allocated and
 * still holds (see listCustomerCredits). */
const stillToAllocateOf = sql<number>`(${payments.amountMinor} - ${payments.reversedMinor} - ${allocatedOf} + ${takenBackOf})`

export type BackofficePaymentFilters = {
  visibility: CustomerVisibility
  currency?: string | null
  method?: PaymentMethod | null
  receivedFrom?: LocalDate | null
  receivedTo?: LocalDate | null
  allocation?: PaymentListAllocation
  /** Customer name or reference, or payment reference. */
  search?: string | null
  customerId?: string | null
}

function paymentFilterConditions(filters: BackofficePaymentFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [customerVisibilityCondition(filters.visibility)]
  if (filters.currency) conditions.push(eq(payments.currency, filters.currency))
  if (filters.method) conditions.push(eq(payments.method, filters.method))
  if (filters.receivedFrom) conditions.push(gte(payments.receivedOn, filters.receivedFrom))
  if (filters.receivedTo) conditions.push(lte(payments.receivedOn, filters.receivedTo))
  if (filters.customerId) conditions.push(eq(payments.customerId, filters.customerId))
  if (filters.allocation === 'unallocated') conditions.push(gt(stillToAllocateOf, 0))
  if (filters.allocation === 'fully_allocated') conditions.push(eq(stillToAllocateOf, 0))
  const search = filters.search?.trim()
  if (search) {
    const pattern = containsPattern(search)
    conditions.push(
      or(ilike(customers.name, pattern), ilike(customers.externalRef, pattern), ilike(payments.externalRef, pattern)),
    )
  }
  return and(...conditions)
}

/** One page of payments, newest first, each with what is allocated; totals per currency of the selection. */
export async function listPaymentsForBackoffice(db: Db, input: BackofficePaymentFilters & { limit: number; offset: number }) {
  const where = paymentFilterConditions(input)
  const [rows, [count], totals] = await Promise.all([
    db
      .select({
        id: payments.id,
        receivedOn: payments.receivedOn,
        currency: payments.currency,
        amountMinor: payments.amountMinor,
        allocatedMinor: allocatedOf.mapWith(Number),
        method: payments.method,
        provider: payments.provider,
        reference: payments.externalRef,
        customerId: customers.id,
        customerName: customers.name,
        customerRef: customers.externalRef,
      })
      .from(payments)
      .innerJoin(customers, eq(customers.id, payments.customerId))
      .where(where)
      .orderBy(desc(payments.receivedOn), desc(payments.createdAt), asc(payments.id))
      .limit(input.limit)
      .offset(input.offset),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(payments)
      .innerJoin(customers, eq(customers.id, payments.customerId))
      .where(where),
    db
      .select({
        currency: payments.currency,
        paymentCount: sql<number>`count(*)::int`,
        amountMinor: sql<number>`coalesce(sum(${payments.amountMinor}), 0)::bigint`.mapWith(Number),
        allocatedMinor: sql<number>`coalesce(sum(${allocatedOf}), 0)::bigint`.mapWith(Number),
      })
      .from(payments)
      .innerJoin(customers, eq(customers.id, payments.customerId))
      .where(where)
      .groupBy(payments.currency)
      .orderBy(asc(payments.currency)),
  ])
  return { rows, total: count?.total ?? 0, totals }
}

/** A payment with its customer and its allocations, or null when it does not exist or is not visible. */
export async function findPaymentForBackoffice(db: Db, input: { paymentId: string; visibility: CustomerVisibility }) {
  const [payment] = await db
    .select({
      id: payments.id,
      entityId: payments.entityId,
      receivedOn: payments.receivedOn,
      currency: payments.currency,
      amountMinor: payments.amountMinor,
      reversedMinor: payments.reversedMinor,
      takenBackMinor: sql<number>`${takenBackOf}::bigint`.mapWith(Number),
      method: payments.method,
      provider: payments.provider,
      providerRef: payments.providerRef,
      reference: payments.externalRef,
      createdAt: payments.createdAt,
      customerId: customers.id,
      customerName: customers.name,
      customerRef: customers.externalRef,
      entityCode: creditorEntities.code,
    })
    .from(payments)
    .innerJoin(customers, eq(customers.id, payments.customerId))
    .innerJoin(creditorEntities, eq(creditorEntities.id, payments.entityId))
    .where(and(eq(payments.id, input.paymentId), customerVisibilityCondition(input.visibility)))
  if (!payment) return null
  const allocations = await db
    .select({
      id: paymentAllocations.id,
      amountMinor: paymentAllocations.amountMinor,
      createdAt: paymentAllocations.createdAt,
      invoiceId: invoices.id,
      invoiceNumber: invoices.number,
      invoiceDueDate: invoices.dueDate,
      invoiceTotalMinor: invoices.totalMinor,
    })
    .from(paymentAllocations)
    .innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(eq(paymentAllocations.paymentId, payment.id))
    .orderBy(asc(paymentAllocations.createdAt), asc(invoices.dueDate))
  const reversals = await db
    .select({
      id: paymentReversals.id,
      kind: paymentReversals.kind,
      status: paymentReversals.status,
      amountMinor: paymentReversals.amountMinor,
      appliedMinor: paymentReversals.appliedMinor,
      providerRef: paymentReversals.providerRef,
      createdAt: paymentReversals.createdAt,
    })
    .from(paymentReversals)
    .where(eq(paymentReversals.paymentId, payment.id))
    .orderBy(asc(paymentReversals.createdAt))
  // What a new refund may still take: refunds asked for, pending or done, and chargebacks count against it (the
  // same rule refundOnlinePayment applies under the payment's lock).
  const refundableMinor =
    payment.amountMinor -
    reversals.filter((r) => r.status === 'requested' || r.status === 'pending' || r.status === 'succeeded').reduce((sum, r) => sum + r.amountMinor, 0)
  const allocatedMinor = allocations.reduce((sum, a) => sum + a.amountMinor, 0)
  // Refunded money is no longer there to letter: what was refunded from the credit is gone, what was taken back
  // from invoices freed those allocations and left with the refund.
  const { takenBackMinor, ...rest } = payment
  return { ...rest, allocations, reversals, refundableMinor, allocatedMinor, unallocatedMinor: payment.amountMinor - payment.reversedMinor - allocatedMinor + takenBackMinor }
}

/**
 * What the customer has paid or been credited that is not yet against any invoice, per currency: money that can
 * still be lettered (or refunded). Currencies are never added together. A refund or chargeback takes its money
 * off the payment (`reversed_minor`); the part of it taken back from invoices re-opens them and frees that
 * allocation, so it is added back: what is left is what the payment still holds as credit.
 */
export async function listCustomerCredits(db: Db, customerId: string) {
  const [paymentRows, creditRows] = await Promise.all([
    db
      .select({
        currency: payments.currency,
        unallocatedMinor: sql<number>`coalesce(sum(${payments.amountMinor} - ${payments.reversedMinor} - ${allocatedOf}
          + ${takenBackOf}), 0)::bigint`.mapWith(Number),
      })
      .from(payments)
      .where(eq(payments.customerId, customerId))
      .groupBy(payments.currency),
    db
      .select({
        currency: creditNotes.currency,
        unappliedMinor: sql<number>`coalesce(sum(${creditNotes.totalMinor} - (select coalesce(sum(ca.amount_minor), 0)
          from credit_note_allocations ca where ca.credit_note_id = credit_notes.id)), 0)::bigint`.mapWith(Number),
      })
      .from(creditNotes)
      .where(eq(creditNotes.customerId, customerId))
      .groupBy(creditNotes.currency),
  ])
  const currencies = [...new Set([...paymentRows, ...creditRows].map((row) => row.currency))].sort()
  return currencies
    .map((currency) => ({
      currency,
      unallocatedPaymentsMinor: paymentRows.find((row) => row.currency === currency)?.unallocatedMinor ?? 0,
      unappliedCreditNotesMinor: creditRows.find((row) => row.currency === currency)?.unappliedMinor ?? 0,
    }))
    .filter((row) => row.unallocatedPaymentsMinor > 0 || row.unappliedCreditNotesMinor > 0)
}

// ——— Writes ———

/** Locks one payment and returns it with what is already allocated: the remainder cannot move until commit. */
export async function lockPaymentForAllocation(tx: Db, paymentId: string) {
  const [payment] = await tx
    .select({
      id: payments.id,
      entityId: payments.entityId,
      customerId: payments.customerId,
      currency: payments.currency,
      amountMinor: payments.amountMinor,
      reversedMinor: payments.reversedMinor,
      receivedOn: payments.receivedOn,
      reference: payments.externalRef,
    })
    .from(payments)
    .where(eq(payments.id, paymentId))
    .for('update')
  if (!payment) return null
  const [allocated] = await tx
    .select({ sum: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, paymentId))
  const [takenBack] = await tx
    .select({ sum: sql<number>`${takenBackOf}::bigint`.mapWith(Number) })
    .from(payments)
    .where(eq(payments.id, paymentId))
  const allocatedMinor = allocated?.sum ?? 0
  // A refund locks the payment the same way (lockPaymentForReversal), so this cannot change until commit.
  return { ...payment, allocatedMinor, unallocatedMinor: payment.amountMinor - payment.reversedMinor - allocatedMinor + (takenBack?.sum ?? 0) }
}

export async function paymentReferenceTaken(db: Db, input: { entityId: string; reference: string }) {
  const [row] = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.entityId, input.entityId), eq(payments.externalRef, input.reference)))
    .limit(1)
  return row !== undefined
}

export async function insertPayment(
  tx: Db,
  input: {
    entityId: string
    customerId: string
    receivedOn: LocalDate
    currency: string
    amountMinor: number
    method: PaymentMethod
    reference: string | null
    provider?: string
  },
) {
  const [row] = await tx
    .insert(payments)
    .values({
      entityId: input.entityId,
      customerId: input.customerId,
      receivedOn: input.receivedOn,
      currency: input.currency,
      amountMinor: input.amountMinor,
      method: input.method,
      externalRef: input.reference,
      provider: input.provider ?? 'manual',
    })
    .returning({ id: payments.id, createdAt: payments.createdAt })
  return row!
}

export async function insertPaymentAllocations(
  tx: Db,
  input: { paymentId: string; allocations: readonly { invoiceId: string; amountMinor: number }[] },
) {
  if (input.allocations.length === 0) return []
  return tx
    .insert(paymentAllocations)
    .values(input.allocations.map((a) => ({ paymentId: input.paymentId, invoiceId: a.invoiceId, amountMinor: a.amountMinor })))
    .returning({ id: paymentAllocations.id, invoiceId: paymentAllocations.invoiceId, amountMinor: paymentAllocations.amountMinor })
}

/** For tests and checks: every allocation of an invoice, from payments and credit notes. */
export async function sumAllocationsOfInvoice(db: Db, invoiceId: string) {
  const [paid] = await db
    .select({ sum: sql<number>`coalesce(sum(${paymentAllocations.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(paymentAllocations)
    .where(eq(paymentAllocations.invoiceId, invoiceId))
  const [credited] = await db
    .select({ sum: sql<number>`coalesce(sum(${creditNoteAllocations.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(creditNoteAllocations)
    .where(eq(creditNoteAllocations.invoiceId, invoiceId))
  return { paidMinor: paid?.sum ?? 0, creditedMinor: credited?.sum ?? 0 }
}
