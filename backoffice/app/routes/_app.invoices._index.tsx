import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listFinanceCurrencies, listInvoicesForBackoffice } from '@quittance/db/repositories/backoffice-invoices'
import { FINANCE_PAGE_SIZE, INVOICE_LIST_SORTS, INVOICE_LIST_STATUSES } from '@quittance/domain/payments/finance-list-options'
import { customerVisibility } from '@quittance/domain/staff/permissions'
import financeStyles from '~/components/finance/finance.css?url'
import { financeToday, formatters, presentInvoiceAmounts, staffLocale } from '~/components/finance/format.server'
import { ChoiceFilter, CurrencyFilter, CurrencyTotals, DateFilter, FilterBar, SearchFilter } from '~/components/finance/list-filters'
import { InvoiceListQuery, listHref, parseQuery } from '~/components/finance/list-query'
import { CustomerLink, FinanceTabs, Pagination, StatusBadge } from '~/components/finance/ui'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const visibility = customerVisibility(staff)
  const query = parseQuery(InvoiceListQuery, new URL(request.url).searchParams)
  const { today, timeZone } = await financeToday(context)
  const f = formatters(staffLocale(staff, request), timeZone)
  const [list, currencies] = await Promise.all([
    listInvoicesForBackoffice(context.db, {
      visibility,
      status: query.status,
      today,
      currency: query.currency || null,
      dueFrom: query.dueFrom || null,
      dueTo: query.dueTo || null,
      search: query.q || null,
      sort: query.sort,
      limit: FINANCE_PAGE_SIZE,
      offset: (query.page - 1) * FINANCE_PAGE_SIZE,
    }),
    listFinanceCurrencies(context.db, visibility),
  ])
  return {
    query,
    currencies,
    total: list.total,
    pageCount: Math.max(1, Math.ceil(list.total / FINANCE_PAGE_SIZE)),
    totals: list.totals.map((total) => ({
      currency: total.currency,
      invoiceCount: total.invoiceCount,
      total: f.money(total.totalMinor, total.currency),
      remaining: f.money(total.remainingMinor, total.currency),
    })),
    invoices: list.rows.map((row) => ({
      id: row.id,
      number: row.number,
      currency: row.currency,
      customer: { id: row.customerId, name: row.customerName, reference: row.customerRef },
      issueDate: f.date(row.issueDate),
      dueDate: f.date(row.dueDate),
      ...presentInvoiceAmounts(row, today, f),
    })),
  }
}

export default function InvoiceList() {
  const { query, currencies, total, pageCount, totals, invoices } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const href = (changes: Record<string, string | number>) => listHref('/invoices', query, changes)
  const filtered = query.q !== '' || query.currency !== '' || query.dueFrom !== '' || query.dueTo !== '' || query.status !== 'open'
  return (
    <>
      <FinanceTabs current="/invoices" />
      <div className="fin-heading">
        <h1>{t('bo-finance.invoices.title')}</h1>
      </div>

      <FilterBar resetTo="/invoices" filtered={filtered}>
        <SearchFilter label={t('bo-finance.invoices.search')} value={query.q} />
        <ChoiceFilter
          name="status"
          label={t('bo-finance.filters.status')}
          value={query.status}
          choices={INVOICE_LIST_STATUSES.map((status) => ({ value: status, label: t(`bo-finance.invoices.filter.${status}`) }))}
        />
        <CurrencyFilter currencies={currencies} value={query.currency} />
        <DateFilter name="dueFrom" label={t('bo-finance.invoices.dueFrom')} value={query.dueFrom} />
        <DateFilter name="dueTo" label={t('bo-finance.invoices.dueTo')} value={query.dueTo} />
        <ChoiceFilter
          name="sort"
          label={t('bo-finance.filters.sort')}
          value={query.sort}
          choices={INVOICE_LIST_SORTS.map((sort) => ({ value: sort, label: t(`bo-finance.invoices.sort.${sort}`) }))}
        />
      </FilterBar>

      <CurrencyTotals
        label={t('bo-finance.invoices.totalsLabel')}
        totals={totals.map((sum) => ({
          currency: sum.currency,
          lines: [
            { term: t('bo-finance.totals.invoices', { count: sum.invoiceCount }), amount: sum.total },
            { term: t('bo-finance.totals.remaining'), amount: sum.remaining, strong: true },
          ],
        }))}
      />

      <p className="fin-count" role="status">
        {t('bo-finance.invoices.count', { count: total })}
      </p>

      {invoices.length === 0 ? (
        <p className="fin-empty">{t('bo-finance.invoices.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="fin-table">
            <caption className="visually-hidden">{t('bo-finance.invoices.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-finance.invoice.number')}</th>
                <th scope="col">{t('bo-finance.invoice.customer')}</th>
                <th scope="col">{t('bo-finance.invoice.issueDate')}</th>
                <th scope="col">{t('bo-finance.invoice.dueDate')}</th>
                <th scope="col" className="num">
                  {t('bo-finance.invoice.total')}
                </th>
                <th scope="col" className="num">
                  {t('bo-finance.invoice.settled')}
                </th>
                <th scope="col" className="num">
                  {t('bo-finance.invoice.remaining')}
                </th>
                <th scope="col" className="num">
                  {t('bo-finance.invoice.daysLate')}
                </th>
                <th scope="col">{t('bo-finance.invoice.status')}</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <th scope="row" className="nowrap">
                    <Link to={`/invoices/${invoice.id}`}>{invoice.number}</Link>
                  </th>
                  <td>
                    <CustomerLink {...invoice.customer} />
                  </td>
                  <td className="nowrap">{invoice.issueDate}</td>
                  <td className="nowrap">{invoice.dueDate}</td>
                  <td className="num">{invoice.total}</td>
                  <td className="num">{invoice.settled}</td>
                  <td className="num strong">{invoice.remaining}</td>
                  <td className={`num ${invoice.daysLate > 0 ? 'amount overdue' : ''}`}>
                    {invoice.daysLate > 0 ? invoice.daysLate : '—'}
                  </td>
                  <td>
                    <StatusBadge status={invoice.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={query.page} pageCount={pageCount} total={total} href={(page) => href({ page })} />
    </>
  )
}
