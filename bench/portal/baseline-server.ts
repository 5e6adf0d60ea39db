/**
 * The baseline for `pnpm bench:portal`: the invoice list answered by a bare `node:http` handler with postgres.js,
 * no framework. Per request it does what the portal's page needs and nothing more:
 *
 *   1. reads the portal's session cookie, hashes the token, looks the session up (same SQL as
 *      findLivePortalSession, joined to customers and creditor_entities);
 *   2. runs the page's queries concurrently: 50 open invoices by due date, their count, open totals per currency;
 *   3. renders a minimal HTML page with the same rows.
 *
 * FORMATTERS=per-value (default) formats amounts and dates exactly as the portal's domain helpers do, with a new
 * Intl formatter for every value, so that the portal/baseline ratio measures the framework and not formatting.
 * FORMATTERS=cached keeps one formatter per locale and currency: what the page could cost without that habit.
 *
 * Environment: DATABASE_URL, PORT, FORMATTERS. Prints "listening <port>" once ready. Started by run.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import postgres from 'postgres'
import {
  findSession,
  loadInvoiceList,
  POSTGRES_TYPES,
  sessionTokenFromCookieHeader,
  todayIn,
  type InvoiceRow,
  type TotalRow,
} from './page-queries'

const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL is required')
const port = Number(process.env.PORT ?? 0)

// Same pool size and session time zone as the portal (openDatabase: max 10, TimeZone UTC).
const sql = postgres(url, {
  max: 10,
  onnotice: () => {},
  connection: { TimeZone: 'UTC' },
  types: POSTGRES_TYPES,
})

const LOCALES: Record<string, string> = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE', es: 'es-ES' }
const PATH = /^\/(fr|en|de|es)\/invoices\/?$/

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error)
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
    res.end('error')
  })
})
server.keepAliveTimeout = 65_000

async function handle(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0] ?? '/'
  if (path === '/healthz') {
    await sql`select 1`
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('ok')
    return
  }
  const match = PATH.exec(path)
  if (!match || req.method !== 'GET') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    return
  }
  const locale = match[1]!
  const now = new Date()
  const token = sessionTokenFromCookieHeader(req.headers.cookie)
  const session = token ? await findSession(sql, token, now) : null
  if (!session) {
    res.writeHead(303, { Location: `/${locale}/login?reason=session`, 'Cache-Control': 'no-store' }).end()
    return
  }
  const today = todayIn(session.entity_time_zone, now)
  const list = await loadInvoiceList(sql, session.customer_id, today)
  const html = renderPage({
    lang: locale,
    intlTag: LOCALES[locale]!,
    customerName: session.customer_name,
    entityName: session.entity_name,
    today,
    ...list,
  })
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  })
  res.end(html)
}

// --- rendering -------------------------------------------------------------------------------------------------

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const esc = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

const cacheFormatters = process.env.FORMATTERS === 'cached'
const moneyFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function moneyFormat(intlTag: string, currency: string) {
  const create = () =>
    new Intl.NumberFormat(intlTag, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    })
  if (!cacheFormatters) return create()
  const key = `${intlTag}|${currency}`
  let format = moneyFormats.get(key)
  if (!format) moneyFormats.set(key, (format = create()))
  return format
}

function dateFormat(intlTag: string) {
  const create = () => new Intl.DateTimeFormat(intlTag, { dateStyle: 'medium', timeZone: 'UTC' })
  if (!cacheFormatters) return create()
  let format = dateFormats.get(intlTag)
  if (!format) dateFormats.set(intlTag, (format = create()))
  return format
}

// Like @quittance/domain's formatMoney (2 fraction digits for EUR/GBP/USD), which builds a new Intl.NumberFormat per amount.
function money(minor: number, currency: string, intlTag: string) {
  const digits = Math.abs(minor).toString().padStart(3, '0')
  return moneyFormat(intlTag, currency).format(
    `${minor < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}` as unknown as number,
  )
}

// Like formatLocalDate, which builds a new Intl.DateTimeFormat per date.
function date(value: string, intlTag: string) {
  const instant = new Date(0)
  instant.setUTCFullYear(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)))
  return dateFormat(intlTag).format(instant)
}

function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

function renderPage(page: {
  lang: string
  intlTag: string
  customerName: string
  entityName: string
  today: string
  rows: InvoiceRow[]
  total: number
  totals: TotalRow[]
}) {
  const { intlTag, today } = page
  const out: string[] = [
    `<!DOCTYPE html><html lang="${page.lang}"><head><meta charset="utf-8"><title>Quittance</title></head><body>`,
    `<header><p>${esc(page.entityName)}</p><p>${esc(page.customerName)}</p></header><main><h1>Factures</h1>`,
  ]
  for (const total of page.totals) {
    out.push(
      `<section><h3>${total.currency}</h3><dl>`,
      `<dt>Reste</dt><dd>${esc(money(total.remaining_minor, total.currency, intlTag))}</dd>`,
      `<dt>En retard (${total.overdue_count})</dt><dd>${esc(money(total.overdue_minor, total.currency, intlTag))}</dd>`,
      `<dt>Non échu</dt><dd>${esc(money(total.remaining_minor - total.overdue_minor, total.currency, intlTag))}</dd>`,
      `</dl></section>`,
    )
  }
  const currencies = [...new Set(page.rows.map((row) => row.currency))].sort()
  for (const currency of currencies) {
    out.push(
      `<section><h2>${currency}</h2><table><thead><tr><th>N°</th><th>Émise</th><th>Échéance</th><th>Montant</th>`,
      `<th>Payé</th><th>Reste</th><th>Retard</th><th>Statut</th></tr></thead><tbody>`,
    )
    for (const row of page.rows) {
      if (row.currency !== currency) continue
      const settled = row.paid_minor + row.credited_minor + row.written_off_minor
      const remaining = row.total_minor - settled
      const late = remaining > 0 ? Math.max(0, daysBetween(row.due_date, today)) : 0
      const status = remaining === 0 ? 'paid' : late > 0 ? 'overdue' : settled > 0 ? 'partially_paid' : 'open'
      out.push(
        `<tr><th><a href="/${page.lang}/invoices/${row.id}">${esc(row.number)}</a></th>`,
        `<td>${esc(date(row.issue_date, intlTag))}</td><td>${esc(date(row.due_date, intlTag))}</td>`,
        `<td>${esc(money(row.total_minor, currency, intlTag))}</td><td>${esc(money(settled, currency, intlTag))}</td>`,
        `<td>${esc(money(remaining, currency, intlTag))}</td><td>${late > 0 ? late : '—'}</td><td>${status}</td></tr>`,
      )
    }
    out.push('</tbody></table></section>')
  }
  out.push(`<p>${page.total} factures</p></main></body></html>`)
  return out.join('')
}

server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`)
})

function shutdown() {
  server.close()
  void sql.end({ timeout: 2 }).finally(() => process.exit(0))
}
process.once('SIGTERM', shutdown)
process.once('SIGINT', shutdown)
