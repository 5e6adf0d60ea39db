import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import {
  listBalancesOfCustomers,
  listCustomersForBackoffice,
  listEntitiesForBackoffice,
  listStaffNames,
  type CustomerListSort,
  type OwnerFilter,
} from '@quittance/db/repositories/backoffice-customers'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { AGING_BUCKETS } from '@quittance/domain/invoices/aging'
import { daysLate } from '@quittance/domain/invoices/days-late'
import { customerVisibility } from '@quittance/domain/staff/permissions'
import { chooseLocale, intlLocale } from '@quittance/i18n/locales'
import customersStyles from '~/components/customers/customers.css?url'
import { customerFilterValues } from '~/components/customers/filter-values.server'
import { CUSTOMER_SORTS, customerListHref, PAGE_SIZE, type CustomerListParams, type CustomerSort } from '~/components/customers/list-query'
import { parseCustomerListQuery } from '~/components/customers/list-query.server'
import { formatAmount } from '~/components/customers/present.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

// The list's sorts are the repository's, spelled once more here so that the page's bundle needs no database code.
CUSTOMER_SORTS satisfies readonly CustomerListSort[]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: customersStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const visibility = customerVisibility(staff)
  const params = parseCustomerListQuery(new URL(request.url).searchParams)
  const locale = chooseLocale({ contactLanguage: staff.locale, acceptLanguage: request.headers.get('Accept-Language') })
  const intlTag = intlLocale(locale)

  const entities = await listEntitiesForBackoffice(context.db)
  const entity = entities.find((e) => e.id === params.entity) ?? entities[0]
  if (!entity) return { empty: true as const }
  const query = { ...params, entity: entities.length > 1 ? entity.id : '' }
  const today = localDateInTimeZone(context.now(), entity.timeZone)
  const sortCurrency = query.currency || entity.baseCurrency
  const owner: OwnerFilter | null =
    visibility.kind !== 'all' || !query.owner ? null : query.owner === 'none' ? { kind: 'none' } : { kind: 'staff', staffUserId: query.owner }

  const [list, filterValues, staffNames] = await Promise.all([
    listCustomersForBackoffice(context.db, {
      visibility,
      entityId: entity.id,
      today,
      search: query.q || null,
      segment: query.segment || null,
      owner,
      overdueBucket: query.bucket || null,
      country: query.country || null,
      currency: query.currency || null,
      sortCurrency,
      sort: query.sort,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    }),
    customerFilterValues(context.db, { entityId: entity.id, visibility, now: context.now() }),
    listStaffNames(context.db),
  ])
  const balances = await listBalancesOfCustomers(
    context.db,
    list.rows.map((row) => row.id),
  )
  const ownerName = new Map(staffNames.map((s) => [s.id, s.name]))

  return {
    empty: false as const,
    query,
    sortCurrency,
    entities: entities.length > 1 ? entities.map((e) => ({ id: e.id, name: e.tradeName ?? e.legalName, code: e.code })) : [],
    canFilterByOwner: visibility.kind === 'all',
    owners: staffNames.filter((s) => s.role === 'sales' && (!s.disabled || s.id === query.owner)).map((s) => ({ id: s.id, name: s.name })),
    filterValues,
    total: list.total,
    pageCount: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    customers: list.rows.map((row) => {
      const own = balances.filter((b) => b.customerId === row.id)
      // The sort currency first, then the others alphabetically: each amount in its own currency.
      own.sort((a, b) => Number(b.currency === sortCurrency) - Number(a.currency === sortCurrency) || a.currency.localeCompare(b.currency))
      return {
        id: row.id,
        name: row.name,
        externalRef: row.externalRef,
        segment: row.segment,
        country: row.country,
        owner: row.salesOwnerId ? (ownerName.get(row.salesOwnerId) ?? null) : null,
        balances: own.map((b) => ({
          currency: b.currency,
          amount: formatAmount(b.outstandingMinor, b.currency, intlTag),
          invoiceCount: b.openInvoiceCount,
        })),
        oldestDue: row.oldestOpenDueDate ? formatLocalDate(row.oldestOpenDueDate, intlTag) : null,
        daysLate: row.oldestOpenDueDate ? daysLate(row.oldestOpenDueDate, today) : null,
        pausedUntil: row.remindersPausedUntil && row.remindersPausedUntil > today ? formatLocalDate(row.remindersPausedUntil, intlTag) : null,
      }
    }),
  }
}

export default function CustomerList() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  if (data.empty) {
    return (
      <>
        <h1>{t('bo-customers.title')}</h1>
        <p className="notice">{t('bo-customers.list.noEntity')}</p>
      </>
    )
  }
  const { query, customers, total, pageCount, filterValues, owners, entities, sortCurrency, canFilterByOwner } = data
  const filtered = Boolean(query.q || query.segment || query.owner || query.bucket || query.country || query.currency)
  return (
    <div className="customers-page">
      <div className="page-heading">
        <h1>{t('bo-customers.title')}</h1>
        <p className="muted" role="status">
          {t('bo-customers.list.count', { count: total })}
        </p>
      </div>

      <Form method="get" className="filter-panel" aria-label={t('bo-customers.list.filters')}>
        {entities.length > 0 ? (
          <div className="field">
            <label htmlFor="entity">{t('bo-customers.list.entity')}</label>
            <select id="entity" name="entity" defaultValue={query.entity}>
              {entities.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name} ({e.code})
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field search-field">
          <label htmlFor="q">{t('bo-customers.list.search')}</label>
          <input id="q" name="q" type="search" defaultValue={query.q} maxLength={100} placeholder={t('bo-customers.list.searchPlaceholder')} />
        </div>
        <div className="field">
          <label htmlFor="segment">{t('bo-customers.field.segment')}</label>
          <select id="segment" name="segment" defaultValue={query.segment}>
            <option value="">{t('bo-customers.list.any')}</option>
            {filterValues.segments.map((segment) => (
              <option key={segment} value={segment}>
                {segment}
              </option>
            ))}
          </select>
        </div>
        {canFilterByOwner ? (
          <div className="field">
            <label htmlFor="owner">{t('bo-customers.field.owner')}</label>
            <select id="owner" name="owner" defaultValue={query.owner}>
              <option value="">{t('bo-customers.list.any')}</option>
              <option value="none">{t('bo-customers.list.noOwner')}</option>
              {owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="bucket">{t('bo-customers.list.overdue')}</label>
          <select id="bucket" name="bucket" defaultValue={query.bucket}>
            <option value="">{t('bo-customers.list.any')}</option>
            {AGING_BUCKETS.map((bucket) => (
              <option key={bucket} value={bucket}>
                {t(`bo-customers.aging.${bucket}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="country">{t('bo-customers.field.country')}</label>
          <select id="country" name="country" defaultValue={query.country}>
            <option value="">{t('bo-customers.list.any')}</option>
            {filterValues.countries.map((country) => (
              <option key={country} value={country}>
                {country}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="currency">{t('bo-customers.list.currency')}</label>
          <select id="currency" name="currency" defaultValue={query.currency} aria-describedby="currency-hint">
            <option value="">{t('bo-customers.list.any')}</option>
            {filterValues.currencies.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">{t('bo-customers.list.sort')}</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            {CUSTOMER_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`bo-customers.sort.${sort}`, { currency: sortCurrency })}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t('common.apply')}
          </button>
          {filtered ? (
            <Link className="button secondary" to={customerListHref({ ...query, q: '', segment: '', owner: '', bucket: '', country: '', currency: '', page: 1 })}>
              {t('bo-customers.list.clear')}
            </Link>
          ) : null}
        </div>
        <p id="currency-hint" className="hint filter-hint">
          {t('bo-customers.list.currencyHint', { currency: sortCurrency })}
        </p>
      </Form>

      {customers.length === 0 ? (
        <p className="notice" role="status">
          {filtered ? t('bo-customers.list.noneForFilters') : t('bo-customers.list.none')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="customer-table">
            <caption className="visually-hidden">{t('bo-customers.list.caption')}</caption>
            <thead>
              <tr>
                <SortableHeader query={query} label={t('bo-customers.list.customer')} asc="name_asc" desc="name_desc" first="asc" />
                <th scope="col">{t('bo-customers.field.segment')}</th>
                <th scope="col">{t('bo-customers.field.country')}</th>
                <th scope="col">{t('bo-customers.field.owner')}</th>
                <SortableHeader
                  query={query}
                  label={t('bo-customers.list.outstanding', { currency: sortCurrency })}
                  asc="outstanding_asc"
                  desc="outstanding_desc"
                  first="desc"
                  numeric
                />
                <SortableHeader query={query} label={t('bo-customers.list.daysLate')} asc="days_late_asc" desc="days_late_desc" first="desc" numeric />
              </tr>
            </thead>
            <tbody>
              {customers.map((customer) => (
                <tr key={customer.id}>
                  <th scope="row">
                    <Link to={`/customers/${customer.id}`} className="customer-name">
                      {customer.name}
                    </Link>
                    <span className="ref">{customer.externalRef}</span>
                    {customer.pausedUntil ? (
                      <span className="badge badge-paused">{t('bo-customers.list.pausedUntil', { date: customer.pausedUntil })}</span>
                    ) : null}
                  </th>
                  <td>{customer.segment ?? <span className="muted">—</span>}</td>
                  <td>{customer.country}</td>
                  <td>{customer.owner ?? <span className="muted">—</span>}</td>
                  <td className="num">
                    {customer.balances.length === 0 ? (
                      <span className="muted">{t('bo-customers.list.nothingOpen')}</span>
                    ) : (
                      <ul className="balance-list">
                        {customer.balances.map((balance) => (
                          <li key={balance.currency} className={balance.currency === sortCurrency ? 'strong' : undefined}>
                            <span className="amount">{balance.amount}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="num">
                    {customer.daysLate === null ? (
                      <span className="muted">—</span>
                    ) : customer.daysLate > 0 ? (
                      <>
                        <span className="amount overdue">{t('bo-customers.daysLate', { count: customer.daysLate })}</span>
                        <span className="ref">{t('bo-customers.list.since', { date: customer.oldestDue ?? '' })}</span>
                      </>
                    ) : (
                      <span className="muted">{t('bo-customers.aging.not_due')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pageCount > 1 ? (
        <nav className="pagination" aria-label={t('bo-customers.list.pagination')}>
          {query.page > 1 ? (
            <Link className="button secondary" to={customerListHref(query, { page: query.page - 1 })} rel="prev">
              {t('common.previous')}
            </Link>
          ) : null}
          <span>{t('common.page', { page: Math.min(query.page, pageCount), pages: pageCount })}</span>
          {query.page < pageCount ? (
            <Link className="button secondary" to={customerListHref(query, { page: query.page + 1 })} rel="next">
              {t('common.next')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  )
}

function SortableHeader({
  query,
  label,
  asc,
  desc,
  first,
  numeric,
}: {
  query: CustomerListParams
  label: string
  asc: CustomerSort
  desc: CustomerSort
  first: 'asc' | 'desc'
  numeric?: boolean
}) {
  const { t } = useTranslation()
  const current = query.sort === asc ? 'ascending' : query.sort === desc ? 'descending' : undefined
  const next = current === 'ascending' ? desc : current === 'descending' ? asc : first === 'asc' ? asc : desc
  return (
    <th scope="col" aria-sort={current ?? 'none'} className={numeric ? 'num' : undefined}>
      <Link to={customerListHref(query, { sort: next, page: 1 })} className="sort-link">
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {current === 'ascending' ? ' ▲' : current === 'descending' ? ' ▼' : ' ↕'}
        </span>
        <span className="visually-hidden">{t('bo-customers.list.sortBy')}</span>
      </Link>
    </th>
  )
}
