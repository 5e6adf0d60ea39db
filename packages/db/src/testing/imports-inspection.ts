import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../client'

// Read-only views for import tests: what was stored, as plain values, whatever the driver returns for bigint.

export async function customersOfEntity(db: Db, entityId: string) {
  return queryRows<{ externalRef: string; name: string; language: string; country: string; currency: string; city: string | null }>(
    db,
    sql`select external_ref as "externalRef", name, language, country, currency, city
          from customers where entity_id = ${entityId} order by external_ref`,
  )
}

export async function contactsOfEntity(db: Db, entityId: string) {
  return queryRows<{ name: string; email: string | null; phone: string | null; role: string; language: string | null; isPrimary: boolean }>(
    db,
    sql`select ct.name, ct.email, ct.phone, ct.role, ct.language, ct.is_primary as "isPrimary"
          from contacts ct join customers c on c.id = ct.customer_id
         where c.entity_id = ${entityId} order by ct.name`,
  )
}

export async function invoicesOfEntity(db: Db, entityId: string) {
  const rows = await queryRows<{ number: string; total: string; paid: string; filename: string | null; contentType: string | null }>(
    db,
    sql`select i.number, i.total_minor as total, i.paid_minor as paid, d.filename, d.content_type as "contentType"
          from invoices i left join documents d on d.id = i.original_document_id
         where i.entity_id = ${entityId} order by i.number`,
  )
  return rows.map((r) => ({ ...r, total: Number(r.total), paid: Number(r.paid) }))
}

export async function openBalanceOf(db: Db, customerId: string) {
  const rows = await queryRows<{ currency: string; outstanding: string; count: number }>(
    db,
    sql`select currency, outstanding_minor as outstanding, open_invoice_count as count
          from customer_balances where customer_id = ${customerId} order by currency`,
  )
  return rows.map((r) => ({ currency: r.currency.trim(), outstanding: Number(r.outstanding), count: Number(r.count) }))
}

export async function allocationsOfInvoice(db: Db, invoiceId: string) {
  const rows = await queryRows<{ amount: string; externalRef: string | null; provider: string }>(
    db,
    sql`select a.amount_minor as amount, p.external_ref as "externalRef", p.provider
          from payment_allocations a join payments p on p.id = a.payment_id
         where a.invoice_id = ${invoiceId} order by p.external_ref`,
  )
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }))
}

export async function countOfEntity(db: Db, table: 'customers' | 'invoices' | 'documents' | 'payments', entityId: string) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where entity_id = ${entityId}`)
  return Number(row?.n ?? 0)
}

export async function invoiceIdByNumber(db: Db, entityId: string, number: string) {
  const [row] = await queryRows<{ id: string }>(db, sql`select id from invoices where entity_id = ${entityId} and number = ${number}`)
  return row?.id ?? null
}
