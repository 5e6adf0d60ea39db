import { createHash } from 'node:crypto'
import type { Sql } from 'postgres'

/**
 * The SQL behind the debtor invoice list (`/:locale/invoices`), written by hand to match what the drizzle
 * repositories generate:
 *
 *   - findLivePortalSession      (packages/db/src/repositories/portal-access.ts)
 *   - listInvoicesForCustomer    (packages/db/src/repositories/invoices.ts) = one page of rows, each carrying the
 *                                total count (`count(*) over ()`); the separate count runs only past the last page
 *   - openTotalsForCustomer      (packages/db/src/repositories/invoices.ts)
 *
 * Used by the bare baseline server, by the equivalence check in run.ts (same rows as the repositories), and
 * for EXPLAIN ANALYZE against the seeded database.
 */

const REMAINING = '(i.total_minor - i.paid_minor - i.credited_minor - i.written_off_minor)'

export const PAGE_SIZE = 50

export const SESSION_SQL = `
select s.id, s.customer_id, s.contact_id, s.last_seen_at, s.expires_at, s.created_at,
       c.entity_id, c.name as customer_name, coalesce(e.trade_name, e.legal_name) as entity_name,
       e.time_zone as entity_time_zone
from portal_sessions s
inner join customers c on c.id = s.customer_id
inner join creditor_entities e on e.id = c.entity_id
where s.session_hash = $1 and s.revoked_at is null and s.expires_at > $2`

// Filter "all", sort "due_asc", page 1: what the page shows by default.
export const LIST_SQL = `
select i.id, i.number, i.issue_date, i.due_date, i.currency,
       i.total_minor, i.paid_minor, i.credited_minor, i.written_off_minor,
       (count(*) over ())::int as full_count
from invoices i
where i.customer_id = $1 and ${REMAINING} > 0
order by i.due_date asc, i.number asc
limit ${PAGE_SIZE} offset 0`

/** Only for a page past the last one, where no row carries the total. */
export const COUNT_SQL = `
select count(*)::int as total
from invoices i
where i.customer_id = $1 and ${REMAINING} > 0`

export const TOTALS_SQL = `
select i.currency,
       count(*)::int as invoice_count,
       (count(*) filter (where i.due_date < $2::date))::int as overdue_count,
       sum(${REMAINING})::bigint as remaining_minor,
       coalesce(sum(${REMAINING}) filter (where i.due_date < $2::date), 0)::bigint as overdue_minor
from invoices i
where i.customer_id = $1 and ${REMAINING} > 0
group by i.currency
order by i.currency asc`

export type SessionRow = {
  id: string
  customer_id: string
  contact_id: string | null
  last_seen_at: Date
  expires_at: Date
  created_at: Date
  entity_id: string
  customer_name: string
  entity_name: string
  entity_time_zone: string
}

export type InvoiceRow = {
  id: string
  number: string
  issue_date: string
  due_date: string
  currency: string
  total_minor: number
  paid_minor: number
  credited_minor: number
  written_off_minor: number
  full_count: number
}

export type TotalRow = {
  currency: string
  invoice_count: number
  overdue_count: number
  remaining_minor: number
  overdue_minor: number
}

/**
 * postgres.js options matching drizzle's postgres-js driver: dates and timestamps as the server sends them
 * (drizzle maps `date` columns to 'YYYY-MM-DD' strings) and int8 as a JavaScript number (drizzle's
 * `bigint({ mode: 'number' })`).
 */
export const POSTGRES_TYPES = {
  date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x },
  int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/

/**
 * The session token inside the portal's cookie. Remix's createCookie (no secrets) stores
 * base64(JSON.stringify(value)), and the cookie serializer URL-encodes that.
 */
export function sessionTokenFromCookieHeader(
  header: string | undefined,
  name = 'quittance_portal',
): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    try {
      const value: unknown = JSON.parse(
        Buffer.from(decodeURIComponent(part.slice(eq + 1).trim()), 'base64').toString('utf8'),
      )
      return typeof value === 'string' && TOKEN_FORMAT.test(value) ? value : null
    } catch {
      return null
    }
  }
  return null
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>()

/** The calendar day in a zone, as `localDateInTimeZone` computes it. */
export function todayIn(timeZone: string, now = new Date()): string {
  let formatter = dayFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    dayFormatters.set(timeZone, formatter)
  }
  const parts = formatter.formatToParts(now)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

export async function findSession(sql: Sql, token: string, now: Date): Promise<SessionRow | null> {
  const [row] = await sql.unsafe<SessionRow[]>(SESSION_SQL, [hashToken(token), now])
  return row ?? null
}

/** The two statements the invoice list runs once the session is known (the page runs them concurrently). */
export async function loadInvoiceList(sql: Sql, customerId: string, today: string) {
  const [rows, totals] = await Promise.all([
    sql.unsafe<InvoiceRow[]>(LIST_SQL, [customerId]),
    sql.unsafe<TotalRow[]>(TOTALS_SQL, [customerId, today]),
  ])
  // Page 1: no rows means no open invoice at all (the count statement is for pages past the last).
  return { rows, total: rows[0]?.full_count ?? 0, totals }
}
