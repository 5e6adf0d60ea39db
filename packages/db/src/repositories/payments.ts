import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { invoices, paymentAllocations, payments } from '../schema/index'

/** A debtor's payments, newest first, with the invoice numbers each one settled. */
export async function listPaymentsForCustomer(db: Db, input: { customerId: string; limit: number }) {
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
    .leftJoin(paymentAllocations, eq(paymentAllocations.paymentId, payments.id))
    .leftJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(eq(payments.customerId, input.customerId))
    .groupBy(payments.id)
    .orderBy(desc(payments.receivedOn), desc(payments.createdAt))
    .limit(input.limit)
}
