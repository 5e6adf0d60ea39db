import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { customerBalances } from '../schema/index'

/** What a customer owes per currency, as the triggers keep it. */
export async function listCustomerBalances(db: Db, customerId: string) {
  return db
    .select({
      currency: customerBalances.currency,
      openInvoiceCount: customerBalances.openInvoiceCount,
      outstandingMinor: customerBalances.outstandingMinor,
      oldestOpenDueDate: customerBalances.oldestOpenDueDate,
    })
    .from(customerBalances)
    .where(eq(customerBalances.customerId, customerId))
    .orderBy(asc(customerBalances.currency))
}

/** Recomputes every balance of an entity: after bulk loads that ran with the triggers off. */
export async function refreshCustomerBalancesOfEntity(db: Db, entityId: string) {
  await db.execute(sql`select refresh_customer_balances_of_entity(${entityId}::uuid)`)
}
