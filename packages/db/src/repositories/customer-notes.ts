import { and, desc, eq } from 'drizzle-orm'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import { customerNotes, customers, staffUsers } from '../schema/index'
import { visibleCustomers } from './backoffice-customers'

/** The latest notes of a visible customer with their authors' names, newest first. */
export async function listNotesOfCustomer(
  db: Db,
  input: { customerId: string; visibility: CustomerVisibility; limit: number },
) {
  return db
    .select({
      id: customerNotes.id,
      body: customerNotes.body,
      authorId: customerNotes.authorId,
      authorName: staffUsers.name,
      createdAt: customerNotes.createdAt,
    })
    .from(customerNotes)
    .innerJoin(customers, eq(customers.id, customerNotes.customerId))
    .leftJoin(staffUsers, eq(staffUsers.id, customerNotes.authorId))
    .where(and(eq(customerNotes.customerId, input.customerId), visibleCustomers(input.visibility)))
    .orderBy(desc(customerNotes.createdAt), desc(customerNotes.id))
    .limit(input.limit)
}

export async function insertCustomerNote(db: Db, input: { customerId: string; authorId: string | null; body: string; createdAt: Date }) {
  const [row] = await db
    .insert(customerNotes)
    .values(input)
    .returning({ id: customerNotes.id, customerId: customerNotes.customerId, body: customerNotes.body, createdAt: customerNotes.createdAt })
  return row!
}
