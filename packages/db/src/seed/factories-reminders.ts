import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../client'
import { invoices } from '../schema/index'
import { createDocument } from './factories'

/**
 * Many customers at once for reminder tests and benchmarks, in a few statements: each customer gets one billing
 * contact with an e-mail (and a mobile), an address, and `invoicesPerCustomer` invoices due on `dueDate`. With
 * `originalPdf`, every invoice points at one shared imported PDF (as after an import), so sending attaches it
 * instead of rendering one per invoice.
 */
export async function seedReminderPortfolio(
  db: Db,
  input: {
    entityId: string
    customers: number
    invoicesPerCustomer?: number
    issueDate: string
    dueDate: string
    amountMinor?: number
    prefix?: string
    language?: string
    kind?: 'professional' | 'consumer'
    originalPdf?: Uint8Array
  },
): Promise<{ customerIds: string[]; invoiceIds: string[] }> {
  const prefix = input.prefix ?? 'R'
  const perCustomer = input.invoicesPerCustomer ?? 1
  const customers = await queryRows<{ id: string }>(
    db,
    sql`insert into customers (entity_id, external_ref, name, kind, country, language, currency, address_lines, postal_code, city)
        select ${input.entityId}, ${prefix} || '-' || lpad(g::text, 7, '0'), 'Client ' || ${prefix} || ' ' || g,
               ${input.kind ?? 'professional'}::customer_kind, 'FR', ${input.language ?? 'fr'}, 'EUR',
               array[g || ' rue des Tests'], '75001', 'Paris'
          from generate_series(1, ${input.customers}::int) g
        returning id`,
  )
  const ids = customers.map((c) => c.id)
  await db.execute(
    sql`insert into contacts (customer_id, name, email, phone, language, is_primary)
        select c.id, 'Contact ' || c.external_ref, lower(c.external_ref) || '@debtor.test', '+3361234' || lpad((row_number() over ())::text, 4, '0'),
               c.language, true
          from customers c where c.entity_id = ${input.entityId} and c.external_ref like ${prefix + '-%'}`,
  )
  const amount = input.amountMinor ?? 150_000
  const created = await queryRows<{ id: string }>(
    db,
    sql`insert into invoices (entity_id, customer_id, number, issue_date, due_date, currency, subtotal_minor, tax_minor, total_minor)
        select ${input.entityId}, c.id, 'F-' || c.external_ref || '-' || n, ${input.issueDate}::date, ${input.dueDate}::date, 'EUR',
               ${amount}::bigint, 0, ${amount}::bigint
          from customers c cross join generate_series(1, ${perCustomer}::int) n
         where c.entity_id = ${input.entityId} and c.external_ref like ${prefix + '-%'}
        returning id`,
  )
  const invoiceIds = created.map((r) => r.id)
  if (input.originalPdf && ids.length > 0) {
    const document = await createDocument(db, { entityId: input.entityId, customerId: ids[0]!, filename: 'facture.pdf', content: input.originalPdf })
    await db.update(invoices).set({ originalDocumentId: document.id }).where(sql`${invoices.entityId} = ${input.entityId} and ${invoices.number} like ${'F-' + prefix + '-%'}`)
  }
  return { customerIds: ids, invoiceIds }
}

/** Marks an invoice paid in full, as a bank transfer allocated to it would. */
export async function payInvoiceInFull(db: Db, invoiceId: string) {
  await db.execute(sql`update invoices set paid_minor = total_minor - credited_minor - written_off_minor, updated_at = now() where id = ${invoiceId}`)
}
