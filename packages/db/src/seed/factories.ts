import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import {
  contacts,
  creditorEntities,
  customers,
  documents,
  entityBankAccounts,
  invoiceLines,
  invoices,
  paymentAllocations,
  payments,
} from '../schema/index'

// Factories for seeds and tests: sensible defaults, unique references, and settled sums kept in step with
// allocation rows exactly as the real use cases do.

const unique = () => randomUUID().slice(0, 8)

export async function createEntity(db: Db, overrides: Partial<typeof creditorEntities.$inferInsert> = {}) {
  const [row] = await db
    .insert(creditorEntities)
    .values({
      code: `ENT-${unique()}`,
      legalName: 'Ateliers Durand SAS',
      legalForm: 'SAS',
      shareCapital: '50 000 €',
      addressLines: ['12 rue de la République'],
      postalCode: '69002',
      city: 'Lyon',
      country: 'FR',
      siren: '732 829 320',
      vatNumber: 'FR44732829320',
      registration: 'RCS Lyon 732 829 320',
      email: 'comptabilite@ateliers-durand.example',
      phone: '+33 4 72 00 00 00',
      baseCurrency: 'EUR',
      ...overrides,
    })
    .returning()
  return row!
}

export async function createBankAccount(db: Db, input: typeof entityBankAccounts.$inferInsert) {
  const [row] = await db.insert(entityBankAccounts).values(input).returning()
  return row!
}

export async function createCustomer(
  db: Db,
  input: { entityId: string } & Partial<typeof customers.$inferInsert>,
) {
  const [row] = await db
    .insert(customers)
    .values({
      externalRef: `C-${unique()}`,
      name: 'Boulangerie Martin SARL',
      kind: 'professional',
      country: 'FR',
      language: 'fr',
      currency: 'EUR',
      ...input,
    })
    .returning()
  return row!
}

export async function createContact(
  db: Db,
  input: { customerId: string } & Partial<typeof contacts.$inferInsert>,
) {
  const [row] = await db
    .insert(contacts)
    .values({ name: 'Claire Martin', email: `contact-${unique()}@example.test`, isPrimary: true, ...input })
    .returning()
  return row!
}

export type InvoiceLineInput = { description: string; quantityMilli: number; unitPriceMinor: number; taxRateBasisPoints: number }

export async function createInvoice(
  db: Db,
  input: {
    entityId: string
    customerId: string
    issueDate: string
    dueDate: string
    currency?: string
    number?: string
    lines?: InvoiceLineInput[]
    totalMinor?: number
    purchaseOrder?: string | null
  },
) {
  const lines = input.lines ?? [
    {
      description: 'Prestation de services',
      quantityMilli: 1000,
      unitPriceMinor: input.totalMinor ?? 120_000,
      taxRateBasisPoints: 0,
    },
  ]
  const priced = lines.map((line, index) => ({
    ...line,
    position: index + 1,
    // Quantities are in thousandths: round half up once per line, as invoicing systems do.
    netMinor: Math.round((line.quantityMilli * line.unitPriceMinor) / 1000),
  }))
  const subtotalMinor = priced.reduce((sum, line) => sum + line.netMinor, 0)
  const taxMinor = priced.reduce((sum, line) => sum + Math.round((line.netMinor * line.taxRateBasisPoints) / 10_000), 0)
  const [invoice] = await db
    .insert(invoices)
    .values({
      entityId: input.entityId,
      customerId: input.customerId,
      number: input.number ?? `INV-${unique()}`,
      issueDate: input.issueDate,
      dueDate: input.dueDate,
      currency: input.currency ?? 'EUR',
      subtotalMinor,
      taxMinor,
      totalMinor: subtotalMinor + taxMinor,
      purchaseOrder: input.purchaseOrder ?? null,
    })
    .returning()
  await db.insert(invoiceLines).values(priced.map((line) => ({ ...line, invoiceId: invoice!.id })))
  return invoice!
}

/** Records a payment and allocates it; the invoices' paid sums move in the same transaction. */
export async function createPayment(
  db: Db,
  input: {
    entityId: string
    customerId: string
    currency: string
    amountMinor: number
    receivedOn: string
    method?: typeof payments.$inferInsert.method
    externalRef?: string | null
    allocations: { invoiceId: string; amountMinor: number }[]
  },
) {
  return db.transaction(async (tx) => {
    const [payment] = await tx
      .insert(payments)
      .values({
        entityId: input.entityId,
        customerId: input.customerId,
        currency: input.currency,
        amountMinor: input.amountMinor,
        receivedOn: input.receivedOn,
        method: input.method ?? 'bank_transfer',
        externalRef: input.externalRef ?? null,
      })
      .returning()
    for (const allocation of input.allocations) {
      await tx.insert(paymentAllocations).values({ paymentId: payment!.id, ...allocation })
      await tx
        .update(invoices)
        .set({ paidMinor: sql`${invoices.paidMinor} + ${allocation.amountMinor}`, updatedAt: sql`now()` })
        .where(sql`${invoices.id} = ${allocation.invoiceId}`)
    }
    return payment!
  })
}

/** Stores a file (for example an imported invoice PDF) and, when given, links it to its invoice as the original. */
export async function createDocument(
  db: Db,
  input: { entityId: string; customerId: string; filename: string; content: Uint8Array; attachToInvoiceId?: string },
) {
  const [document] = await db
    .insert(documents)
    .values({
      entityId: input.entityId,
      customerId: input.customerId,
      kind: 'invoice',
      filename: input.filename,
      contentType: 'application/pdf',
      sizeBytes: input.content.byteLength,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      content: input.content,
    })
    .returning({ id: documents.id })
  if (input.attachToInvoiceId) {
    await db.update(invoices).set({ originalDocumentId: document!.id }).where(sql`${invoices.id} = ${input.attachToInvoiceId}`)
  }
  return document!
}
