import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '../client'
import { creditorEntities, type PortalPolicy } from '../schema/index'
import { createBankAccount, createContact, createCustomer, createEntity, createInvoice } from './factories'

// Factories for online-payment tests: a creditor that takes payments, a debtor with a contact and open invoices.

export async function setEntityPortalPolicy(db: Db, entityId: string, policy: PortalPolicy) {
  await db.update(creditorEntities).set({ portalPolicy: policy }).where(eq(creditorEntities.id, entityId))
}

export type PayableInvoiceSpec = { totalMinor: number; currency?: string; dueDate?: string; number?: string }

export async function createPayingDebtor(
  db: Db,
  input: {
    entityCode?: string
    allowPartialPayments?: boolean
    bankAccountCurrencies?: string[]
    invoices: PayableInvoiceSpec[]
    entityEmail?: string | null
  },
) {
  const suffix = randomUUID().slice(0, 8)
  const entity = await createEntity(db, {
    code: input.entityCode ?? `PAY-${suffix}`,
    portalPolicy: { allowPartialPayments: input.allowPartialPayments ?? false },
    timeZone: 'Europe/Paris',
    ...(input.entityEmail !== undefined ? { email: input.entityEmail } : {}),
  })
  for (const currency of input.bankAccountCurrencies ?? ['EUR']) {
    await createBankAccount(db, { entityId: entity.id, currency, iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX' })
  }
  const customer = await createCustomer(db, { entityId: entity.id, externalRef: `C-${suffix}`, language: 'fr' })
  const contact = await createContact(db, { customerId: customer.id, email: `ap-${suffix}@example.test`, language: 'fr' })
  const invoices = []
  for (const [index, spec] of input.invoices.entries()) {
    invoices.push(
      await createInvoice(db, {
        entityId: entity.id,
        customerId: customer.id,
        number: spec.number ?? `F-${suffix}-${index + 1}`,
        issueDate: '2026-01-01',
        dueDate: spec.dueDate ?? '2026-02-01',
        currency: spec.currency ?? 'EUR',
        totalMinor: spec.totalMinor,
      }),
    )
  }
  return { entity, customer, contact, invoices }
}
