import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { StaffRole } from '@quittance/domain/staff/permissions'
import type { Db } from '../client'
import { creditNoteAllocations, creditNotes, invoices, staffUsers, writeOffs } from '../schema/index'
import { createCustomer, createEntity, createInvoice } from './factories'

// Factories for the finance screens' tests: credit notes and write-offs move the invoices' settled sums in the
// same transaction as their rows, exactly as the use cases do.

const unique = () => randomUUID().slice(0, 8)

/** A staff member without a password: enough to own customers, write off, or appear in an audit trail. */
export async function createStaffMember(db: Db, input: { role: StaffRole; name?: string; email?: string }) {
  const [row] = await db
    .insert(staffUsers)
    .values({
      email: input.email ?? `staff-${unique()}@quittance.test`,
      name: input.name ?? `Staff ${unique()}`,
      role: input.role,
      locale: 'en',
    })
    .returning({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role })
  return row!
}

export async function createCreditNoteWithAllocations(
  db: Db,
  input: {
    entityId: string
    customerId: string
    currency: string
    totalMinor: number
    issueDate: string
    number?: string
    reason?: string
    allocations?: { invoiceId: string; amountMinor: number }[]
  },
) {
  return db.transaction(async (tx) => {
    const [creditNote] = await tx
      .insert(creditNotes)
      .values({
        entityId: input.entityId,
        customerId: input.customerId,
        number: input.number ?? `AV-${unique()}`,
        issueDate: input.issueDate,
        currency: input.currency,
        totalMinor: input.totalMinor,
        reason: input.reason ?? 'Commercial gesture',
      })
      .returning()
    for (const allocation of input.allocations ?? []) {
      await tx.insert(creditNoteAllocations).values({ creditNoteId: creditNote!.id, ...allocation })
      await tx
        .update(invoices)
        .set({ creditedMinor: sql`${invoices.creditedMinor} + ${allocation.amountMinor}`, updatedAt: sql`now()` })
        .where(sql`${invoices.id} = ${allocation.invoiceId}`)
    }
    return creditNote!
  })
}

export async function createWriteOff(
  db: Db,
  input: { invoiceId: string; customerId: string; amountMinor: number; reason?: string; staffUserId?: string | null },
) {
  return db.transaction(async (tx) => {
    const [writeOff] = await tx
      .insert(writeOffs)
      .values({
        invoiceId: input.invoiceId,
        customerId: input.customerId,
        amountMinor: input.amountMinor,
        reason: input.reason ?? 'Uncollectable remainder',
        staffUserId: input.staffUserId ?? null,
      })
      .returning()
    await tx
      .update(invoices)
      .set({ writtenOffMinor: sql`${invoices.writtenOffMinor} + ${input.amountMinor}`, updatedAt: sql`now()` })
      .where(sql`${invoices.id} = ${input.invoiceId}`)
    return writeOff!
  })
}

/**
 * A creditor (Paris time), a collector to act, and a customer with open EUR invoices: the usual starting point of
 * a lettering test. Invoices are given as [number, due date, total] and come back keyed by number.
 */
export async function createLetteringScenario(
  db: Db,
  input: { invoices: [number: string, dueDate: string, totalMinor: number, currency?: string][]; customerCurrency?: string },
) {
  const entity = await createEntity(db)
  const actor = await createStaffMember(db, { role: 'collector' })
  const customer = await createCustomer(db, { entityId: entity.id, currency: input.customerCurrency ?? 'EUR' })
  const invoicesByNumber: Record<string, { id: string; number: string; totalMinor: number; currency: string }> = {}
  for (const [number, dueDate, totalMinor, currency] of input.invoices) {
    invoicesByNumber[number] = await createInvoice(db, {
      entityId: entity.id,
      customerId: customer.id,
      number: `${number}-${unique()}`,
      issueDate: '2026-01-01',
      dueDate,
      totalMinor,
      currency: currency ?? input.customerCurrency ?? 'EUR',
    })
  }
  return { entity, actor, customer, invoices: invoicesByNumber }
}
