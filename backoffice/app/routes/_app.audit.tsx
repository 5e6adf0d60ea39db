import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { addDays, isLocalDate } from '@quittance/domain/dates/local-date'
import { startOfDayInTimeZone } from '@quittance/domain/identifiers/time-zone'
import { can } from '@quittance/domain/staff/permissions'
import {
  findCustomersForFilter,
  listAuditEvents,
  recentAuditVocabulary,
  type AuditLogCursor,
  type AuditLogFilters,
} from '@quittance/db/repositories/audit-log'
import { findDefaultTimeZone, listEntitiesForSettings, listStaffNames } from '@quittance/db/repositories/settings'
import adminStyles from '~/components/admin/admin.css?url'
import { diffJson } from '~/components/admin/json-diff'
import { formatInstant, staffLocale } from '~/components/admin/locale.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const PAGE_SIZE = 50
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const FILTER_KEYS = ['actor', 'action', 'subjectType', 'subjectId', 'customer', 'from', 'to'] as const
type FilterKey = (typeof FILTER_KEYS)[number]

function readFilters(url: URL) {
  const raw = Object.fromEntries(FILTER_KEYS.map((key) => [key, (url.searchParams.get(key) ?? '').trim().slice(0, 200)])) as Record<FilterKey, string>
  const errors: Partial<Record<FilterKey, string>> = {}
  for (const key of ['from', 'to'] as const) if (raw[key] && !isLocalDate(raw[key])) errors[key] = 'bo-admin.error.date'
  if (raw.from && raw.to && !errors.from && !errors.to && raw.from > raw.to) errors.to = 'bo-admin.audit.error.range'
  if (raw.actor && !['system', 'debtor'].includes(raw.actor) && !UUID.test(raw.actor)) errors.actor = 'bo-admin.error.invalid'
  return { raw, errors }
}

function readCursor(url: URL): AuditLogCursor {
  const before = Number(url.searchParams.get('before'))
  const after = Number(url.searchParams.get('after'))
  if (Number.isSafeInteger(before) && before > 0) return { kind: 'older-than', id: before }
  if (Number.isSafeInteger(after) && after >= 0 && url.searchParams.has('after')) return { kind: 'newer-than', id: after }
  return { kind: 'first' }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:audit')
  const { intl } = staffLocale(staff, request)
  const url = new URL(request.url)
  const { raw, errors } = readFilters(url)
  const [timeZone, staffNames, entities, vocabulary] = await Promise.all([
    findDefaultTimeZone(context.db),
    listStaffNames(context.db),
    listEntitiesForSettings(context.db),
    recentAuditVocabulary(context.db),
  ])

  const filters: AuditLogFilters = {}
  if (raw.actor === 'system' || raw.actor === 'debtor') filters.actor = { kind: raw.actor }
  else if (raw.actor && !errors.actor) filters.actor = { kind: 'staff', staffUserId: raw.actor }
  if (raw.action) filters.action = raw.action
  if (raw.subjectType) filters.subjectType = raw.subjectType
  if (raw.subjectId) filters.subjectId = raw.subjectId
  if (raw.from && !errors.from) filters.from = startOfDayInTimeZone(raw.from, timeZone)
  if (raw.to && !errors.to) filters.to = startOfDayInTimeZone(addDays(raw.to, 1), timeZone)
  let customerNotFound = false
  if (raw.customer) {
    const matches = await findCustomersForFilter(context.db, raw.customer)
    filters.customerIds = matches.map((c) => c.id)
    customerNotFound = matches.length === 0
  }

  const page = await listAuditEvents(context.db, { filters, cursor: readCursor(url), limit: PAGE_SIZE })
  // Subjects people recognise by name: staff members and entities (both few).
  const names = new Map<string, string>([...staffNames.map((s) => [`staff_user:${s.id}`, s.name] as const), ...entities.map((e) => [`entity:${e.id}`, e.legalName] as const)])
  const mayOpenEntities = can(staff.role, 'manage:settings')

  return {
    filters: raw,
    errors,
    customerNotFound,
    timeZone,
    staffOptions: staffNames.map((s) => ({ id: s.id, label: `${s.name} <${s.email}>` })),
    vocabulary,
    hasOlder: page.hasOlder,
    hasNewer: page.hasNewer,
    oldestId: page.rows.at(-1)?.id ?? null,
    newestId: page.rows[0]?.id ?? null,
    rows: page.rows.map((row) => ({
      id: row.id,
      when: formatInstant(row.occurredAt, intl, timeZone),
      whenIso: row.occurredAt.toISOString(),
      actorType: row.actorType,
      actorId: row.actorId,
      actorName: row.actorName,
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      subjectName: row.subjectId ? (names.get(`${row.subjectType}:${row.subjectId}`) ?? null) : null,
      subjectHref:
        row.subjectType === 'customer' && row.subjectId
          ? `/customers/${row.subjectId}`
          : row.subjectType === 'entity' && row.subjectId && mayOpenEntities
            ? `/settings/entities/${row.subjectId}`
            : null,
      customerId: row.customerId,
      customerName: row.customerName,
      ipAddress: row.ipAddress,
      diff: diffJson(row.before, row.after),
    })),
  }
}

function pageHref(filters: Record<string, string>, cursor: { before?: number; after?: number }) {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''))
  if (cursor.before !== undefined) params.set('before', String(cursor.before))
  if (cursor.after !== undefined) params.set('after', String(cursor.after))
  return `/audit?${params.toString()}`
}

export default function AuditLog() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const loading = useNavigation().state === 'loading'
  const { filters, errors } = data
  const input = (name: FilterKey, label: string, extra: { type?: string; list?: string; placeholder?: string } = {}) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <input
        id={`filter-${name}`}
        name={name}
        type={extra.type ?? 'text'}
        list={extra.list}
        placeholder={extra.placeholder}
        defaultValue={filters[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `filter-${name}-error` : undefined}
      />
      {errors[name] ? (
        <p id={`filter-${name}-error`} className="field-error">
          {t(errors[name]!)}
        </p>
      ) : null}
    </div>
  )
  const hasFilters = Object.values(filters).some((value) => value !== '')
  return (
    <>
      <div className="page-head">
        <h1>{t('bo-admin.audit.title')}</h1>
      </div>
      <p className="lede">{t('bo-admin.audit.lede')}</p>

      <Form method="get" className="audit-filters" aria-label={t('bo-admin.audit.filters')}>
        <div className="field">
          <label htmlFor="filter-actor">{t('bo-admin.audit.actor')}</label>
          <select
            id="filter-actor"
            name="actor"
            defaultValue={filters.actor}
            aria-invalid={errors.actor ? true : undefined}
            aria-describedby={errors.actor ? 'filter-actor-error' : undefined}
          >
            <option value="">{t('bo-admin.audit.anyone')}</option>
            <option value="system">{t('bo-admin.audit.actorType.system')}</option>
            <option value="debtor">{t('bo-admin.audit.actorType.debtor')}</option>
            <optgroup label={t('bo-admin.audit.staff')}>
              {data.staffOptions.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </optgroup>
          </select>
          {errors.actor ? (
            <p id="filter-actor-error" className="field-error">
              {t(errors.actor)}
            </p>
          ) : null}
        </div>
        {input('action', t('bo-admin.audit.action'), { list: 'audit-actions', placeholder: 'staff.*' })}
        {input('subjectType', t('bo-admin.audit.subjectType'), { list: 'audit-subject-types' })}
        {input('subjectId', t('bo-admin.audit.subjectId'))}
        {input('customer', t('bo-admin.audit.customer'), { placeholder: t('bo-admin.audit.customerPlaceholder') })}
        {input('from', t('bo-admin.audit.from'), { type: 'date' })}
        {input('to', t('bo-admin.audit.to'), { type: 'date' })}
        <datalist id="audit-actions">
          {data.vocabulary.actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <datalist id="audit-subject-types">
          {data.vocabulary.subjectTypes.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('common.apply')}
          </button>
          {hasFilters ? (
            <Link to="/audit" className="button link">
              {t('bo-admin.audit.clear')}
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="hint">{t('bo-admin.audit.filterHint', { zone: data.timeZone })}</p>
      {data.customerNotFound ? (
        <p className="notice warning" role="status">
          {t('bo-admin.audit.customerNotFound', { value: filters.customer })}
        </p>
      ) : null}

      <div className="table-wrap" aria-busy={loading || undefined}>
        <table>
          <caption className="visually-hidden">{t('bo-admin.audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo-admin.audit.when', { zone: data.timeZone })}</th>
              <th scope="col">{t('bo-admin.audit.who')}</th>
              <th scope="col">{t('bo-admin.audit.what')}</th>
              <th scope="col">{t('bo-admin.audit.subject')}</th>
              <th scope="col">{t('bo-admin.audit.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty">
                  {t('bo-admin.audit.empty')}
                </td>
              </tr>
            ) : (
              data.rows.map((row) => (
                <tr key={row.id}>
                  <td className="audit-when">
                    <time dateTime={row.whenIso}>{row.when}</time>
                    <div className="muted mono">#{row.id}</div>
                  </td>
                  <td>
                    {row.actorType === 'staff' ? (
                      <Link to={pageHref({ actor: row.actorId ?? '' }, {})}>{row.actorName ?? t('bo-admin.audit.unknownStaff')}</Link>
                    ) : (
                      <span className={`badge badge-actor-${row.actorType}`}>{t(`bo-admin.audit.actorType.${row.actorType}`)}</span>
                    )}
                    {row.actorType !== 'staff' && row.actorId ? <div className="muted mono break">{row.actorId}</div> : null}
                    {row.ipAddress ? <div className="muted mono">{row.ipAddress}</div> : null}
                  </td>
                  <td className="mono break">{row.action}</td>
                  <td className="break">
                    <div>
                      {row.subjectHref ? <Link to={row.subjectHref}>{row.subjectName ?? row.subjectType}</Link> : (row.subjectName ?? row.subjectType)}
                    </div>
                    {row.subjectId ? (
                      <Link className="muted mono" to={pageHref({ subjectType: row.subjectType, subjectId: row.subjectId }, {})} title={t('bo-admin.audit.historyOf')}>
                        {row.subjectId}
                      </Link>
                    ) : null}
                    {row.customerName && row.customerId ? (
                      <div>
                        {t('bo-admin.audit.customerLabel')} <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {row.diff.lines.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <dl className="diff">
                        {row.diff.lines.map((line) => (
                          <div className="diff-row" key={line.path}>
                            <dt className="diff-key">{line.path}</dt>
                            <dd className="diff-values">
                              {line.kind === 'unchanged' ? (
                                <span>{line.after}</span>
                              ) : (
                                <>
                                  {line.before !== null ? <del className="diff-before">{line.before}</del> : null}
                                  {line.before !== null && line.after !== null ? (
                                    <span className="diff-arrow" aria-label={t('bo-admin.audit.becomes')}>
                                      →
                                    </span>
                                  ) : null}
                                  {line.after !== null ? <ins className="diff-after">{line.after}</ins> : null}
                                </>
                              )}
                            </dd>
                          </div>
                        ))}
                        {row.diff.truncated ? <p className="muted">{t('bo-admin.audit.truncated')}</p> : null}
                      </dl>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <nav className="pagination" aria-label={t('bo-admin.audit.pagination')}>
        {data.hasNewer && data.newestId !== null ? (
          <Link to={pageHref(filters, { after: data.newestId })} className="button secondary" rel="prev">
            {t('bo-admin.audit.newer')}
          </Link>
        ) : null}
        {data.hasOlder && data.oldestId !== null ? (
          <Link to={pageHref(filters, { before: data.oldestId })} className="button secondary" rel="next">
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
