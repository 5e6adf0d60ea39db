import { eq, sql } from 'drizzle-orm'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { queryRows, type Db } from '../client'
import { refreshCustomerBalancesOfEntity } from '../repositories/customer-balances'
import { creditorEntities } from '../schema/index'
import { createEntity } from './factories'

export const LARGE_ENTITY_CODE = 'LARGE'
const DEFAULT_CHUNK = 100_000

/**
 * A large, realistic portfolio generated inside the database (generate_series), so that a million invoices
 * load in seconds rather than minutes. Amounts, ages and payment states vary deterministically with the row
 * number, so two runs produce the same figures.
 */
export async function seedLarge(
  db: Db,
  input: {
    customers: number
    invoices: number
    today: LocalDate
    onProgress?: (message: string) => void
    chunkSize?: number
  },
) {
  const entity = await findOrCreateLargeEntity(db)
  const chunkSize = input.chunkSize ?? DEFAULT_CHUNK
  const [{ existing } = { existing: 0 }] = await queryRows<{ existing: number }>(
    db,
    sql`select count(*)::int as existing from customers where entity_id = ${entity.id}`,
  )
  const firstCustomer = Number(existing) + 1
  for (let start = firstCustomer; start < firstCustomer + input.customers; start += chunkSize) {
    const end = Math.min(start + chunkSize - 1, firstCustomer + input.customers - 1)
    await db.execute(sql`
      insert into customers (entity_id, external_ref, name, kind, country, language, currency, segment, address_lines, postal_code, city)
      select ${entity.id}, 'LRG-' || lpad(g::text, 8, '0'), 'Customer ' || g,
             (case when g % 5 = 0 then 'consumer' else 'professional' end)::customer_kind,
             (array['FR','DE','ES','GB','US'])[1 + g % 5], (array['fr','de','es','en','en'])[1 + g % 5],
             (array['EUR','EUR','EUR','GBP','USD'])[1 + g % 5], (array['SMB','Enterprise','Public'])[1 + g % 3],
             array[g || ' rue du Commerce'], lpad((g % 95000 + 1000)::text, 5, '0'), 'Ville ' || (g % 500)
      from generate_series(${start}::int, ${end}::int) g`)
    await db.execute(sql`
      insert into contacts (customer_id, name, email, language, is_primary)
      select c.id, 'Contact ' || c.external_ref, lower(c.external_ref) || '@example.test', c.language, true
      from customers c
      where c.entity_id = ${entity.id} and c.external_ref between ${customerRef(start)} and ${customerRef(end)}`)
    input.onProgress?.(`customers ${end - firstCustomer + 1}/${input.customers}`)
  }

  const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from customers where entity_id = ${entity.id}`,
  )
  const customerCount = Number(total)
  const [{ invoiceCount } = { invoiceCount: 0 }] = await queryRows<{ invoiceCount: number }>(
    db,
    sql`select count(*)::int as "invoiceCount" from invoices where entity_id = ${entity.id}`,
  )
  const firstInvoice = Number(invoiceCount) + 1
  // The balance triggers would recompute every customer after each batch; switch them off for the bulk load and
  // recompute once at the end.
  await db.execute(sql`alter table invoices disable trigger invoices_balances_after_insert`)
  try {
    // Two chunks at a time, on two connections: one INSERT … SELECT keeps one PostgreSQL core busy.
    const chunks: { start: number; end: number }[] = []
    for (let start = firstInvoice; start < firstInvoice + input.invoices; start += chunkSize) {
      chunks.push({ start, end: Math.min(start + chunkSize - 1, firstInvoice + input.invoices - 1) })
    }
    let done = 0
    const insertChunk = async ({ start, end }: { start: number; end: number }) => {
      await db.execute(sql`
        insert into invoices (entity_id, customer_id, number, issue_date, due_date, currency,
                              subtotal_minor, tax_minor, total_minor, paid_minor)
        select ${entity.id}, c.id, 'LRG-INV-' || lpad(g::text, 9, '0'),
               ${input.today}::date - (g % 240), ${input.today}::date - (g % 240) + 30, c.currency,
               amount, 0, amount,
               case when g % 4 = 0 then amount when g % 7 = 0 then amount / 2 else 0 end
        from generate_series(${start}::int, ${end}::int) g
        cross join lateral (select (5000 + (g::bigint * 7919) % 995000) as amount) a
        join customers c on c.entity_id = ${entity.id}
          and c.external_ref = 'LRG-' || lpad((1 + (g - 1) % ${customerCount})::text, 8, '0')`)
      done += end - start + 1
      input.onProgress?.(`invoices ${done}/${input.invoices}`)
    }
    const lanes = [0, 1].map(async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) await insertChunk(chunk)
    })
    await Promise.all(lanes)
  } finally {
    await db.execute(sql`alter table invoices enable trigger invoices_balances_after_insert`)
  }
  await refreshCustomerBalancesOfEntity(db, entity.id)
  input.onProgress?.('customer balances refreshed')
  await db.execute(sql`analyze customers`)
  await db.execute(sql`analyze customer_balances`)
  await db.execute(sql`analyze invoices`)
  return { entityId: entity.id, customerCount }
}

function customerRef(n: number) {
  return `LRG-${String(n).padStart(8, '0')}`
}

async function findOrCreateLargeEntity(db: Db) {
  const [existing] = await db
    .select({ id: creditorEntities.id })
    .from(creditorEntities)
    .where(eq(creditorEntities.code, LARGE_ENTITY_CODE))
  if (existing) return existing
  return createEntity(db, { code: LARGE_ENTITY_CODE, legalName: 'Grand Portefeuille SA', legalForm: 'SA' })
}
