import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { findCustomersForFilter } from '@quittance/db/repositories/audit-log'
import {
  listOutboxLog,
  OUTBOX_CHANNELS,
  OUTBOX_STATUSES,
  type OutboxChannel,
  type OutboxLogFilters,
  type OutboxPageCursor,
  type OutboxStatus,
} from '@quittance/db/repositories/outbox-log'
import { findDefaultTimeZone } from '@quittance/db/repositories/settings'
import adminStyles from '~/components/admin/admin.css?url'
import { formatInstant, staffLocale } from '~/components/admin/locale.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const PAGE_SIZE = 50
const CURSOR = /^(\d{1,20})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

function readCursor(url: URL): OutboxPageCursor {
  const before = CURSOR.exec(url.searchParams.get('before') ?? '')
  if (before) return { kind: 'older-than', at: { micros: before[1]!, id: before[2]! } }
  const after = CURSOR.exec(url.searchParams.get('after') ?? '')
  if (after) return { kind: 'newer-than', at: { micros: after[1]!, id: after[2]! } }
  return { kind: 'first' }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:outbox')
  const { intl } = staffLocale(staff, request)
  const url = new URL(request.url)
  const channel = url.searchParams.get('channel') ?? ''
  const status = url.searchParams.get('status') ?? ''
  const customer = (url.searchParams.get('customer') ?? '').trim().slice(0, 200)
  const filters: OutboxLogFilters = {}
  if ((OUTBOX_CHANNELS as readonly string[]).includes(channel)) filters.channel = channel as OutboxChannel
  if ((OUTBOX_STATUSES as readonly string[]).includes(status)) filters.status = status as OutboxStatus
  let customerNotFound = false
  if (customer) {
    const matches = await findCustomersForFilter(context.db, customer)
    filters.customerIds = matches.map((c) => c.id)
    customerNotFound = matches.length === 0
  }
  const [timeZone, page] = await Promise.all([
    findDefaultTimeZone(context.db),
    listOutboxLog(context.db, { filters, cursor: readCursor(url), limit: PAGE_SIZE }),
  ])
  const cursorOf = (row: { createdMicros: string; id: string } | undefined) => (row ? `${row.createdMicros}_${row.id}` : null)
  return {
    filters: { channel: filters.channel ?? '', status: filters.status ?? '', customer },
    customerNotFound,
    timeZone,
    hasOlder: page.hasOlder,
    hasNewer: page.hasNewer,
    olderCursor: cursorOf(page.rows.at(-1)),
    newerCursor: cursorOf(page.rows[0]),
    rows: page.rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      template: row.template,
      locale: row.locale,
      recipient: row.recipient,
      subject: row.subject,
      status: row.status,
      customerId: row.customerId,
      customerName: row.customerName,
      attachmentCount: row.attachmentCount,
      created: formatInstant(row.createdAt, intl, timeZone),
      createdIso: row.createdAt.toISOString(),
    })),
    channels: OUTBOX_CHANNELS,
    statuses: OUTBOX_STATUSES,
  }
}

function pageHref(filters: Record<string, string>, cursor: { before?: string | null; after?: string | null }) {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''))
  if (cursor.before) params.set('before', cursor.before)
  if (cursor.after) params.set('after', cursor.after)
  return `/outbox?${params.toString()}`
}

export default function Outbox() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const { filters } = data
  const hasFilters = Object.values(filters).some((value) => value !== '')
  return (
    <>
      <div className="page-head">
        <h1>{t('bo-admin.outbox.title')}</h1>
      </div>
      <p className="lede">{t('bo-admin.outbox.lede')}</p>
      <Form method="get" className="audit-filters" aria-label={t('bo-admin.outbox.filters')}>
        <div className="field">
          <label htmlFor="filter-channel">{t('bo-admin.outbox.channel')}</label>
          <select id="filter-channel" name="channel" defaultValue={filters.channel}>
            <option value="">{t('bo-admin.outbox.all')}</option>
            {data.channels.map((c) => (
              <option key={c} value={c}>
                {t(`bo-admin.outbox.channels.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t('bo-admin.outbox.status')}</label>
          <select id="filter-status" name="status" defaultValue={filters.status}>
            <option value="">{t('bo-admin.outbox.all')}</option>
            {data.statuses.map((s) => (
              <option key={s} value={s}>
                {t(`bo-admin.outbox.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-customer">{t('bo-admin.audit.customer')}</label>
          <input id="filter-customer" name="customer" type="text" defaultValue={filters.customer} placeholder={t('bo-admin.audit.customerPlaceholder')} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('common.apply')}
          </button>
          {hasFilters ? (
            <Link to="/outbox" className="button link">
              {t('bo-admin.audit.clear')}
            </Link>
          ) : null}
        </div>
      </Form>
      {data.customerNotFound ? (
        <p className="notice warning" role="status">
          {t('bo-admin.audit.customerNotFound', { value: filters.customer })}
        </p>
      ) : null}

      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('bo-admin.outbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo-admin.outbox.created', { zone: data.timeZone })}</th>
              <th scope="col">{t('bo-admin.outbox.channel')}</th>
              <th scope="col">{t('bo-admin.outbox.recipient')}</th>
              <th scope="col">{t('bo-admin.outbox.subject')}</th>
              <th scope="col">{t('bo-admin.outbox.template')}</th>
              <th scope="col">{t('bo-admin.outbox.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {t('bo-admin.outbox.empty')}
                </td>
              </tr>
            ) : (
              data.rows.map((row) => (
                <tr key={row.id}>
                  <td className="audit-when">
                    <time dateTime={row.createdIso}>{row.created}</time>
                  </td>
                  <td>
                    <span className="badge badge-channel">{t(`bo-admin.outbox.channels.${row.channel}`)}</span>
                  </td>
                  <td className="break">
                    {row.recipient}
                    {row.customerName && row.customerId ? (
                      <div>
                        <Link to={`/customers/${row.customerId}`} className="muted">
                          {row.customerName}
                        </Link>
                      </div>
                    ) : null}
                  </td>
                  <th scope="row" className="break">
                    <Link to={`/outbox/${row.id}`}>{row.subject || t('bo-admin.outbox.noSubject')}</Link>
                    {row.attachmentCount > 0 ? <div className="muted">{t('bo-admin.outbox.attachmentCount', { count: row.attachmentCount })}</div> : null}
                  </th>
                  <td className="mono nowrap">
                    {row.template} <span className="muted">({row.locale})</span>
                  </td>
                  <td>
                    <span className={`badge badge-${row.status}`}>{t(`bo-admin.outbox.statuses.${row.status}`)}</span>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav className="pagination" aria-label={t('bo-admin.audit.pagination')}>
        {data.hasNewer ? (
          <Link to={pageHref(filters, { after: data.newerCursor })} className="button secondary" rel="prev">
            {t('bo-admin.audit.newer')}
          </Link>
        ) : null}
        {data.hasOlder ? (
          <Link to={pageHref(filters, { before: data.olderCursor })} className="button secondary" rel="next">
            {t('bo-admin.audit.older')}
          </Link>
        ) : null}
        {data.hasNewer ? (
          <Link to={pageHref(filters, {})} className="button link">
            {t('bo-admin.audit.newest')}
          </Link>
        ) : null}
      </nav>
    </>
  )
}
