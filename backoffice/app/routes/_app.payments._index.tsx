import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listPaymentsForBackoffice } from '@quittance/db/repositories/backoffice-payments'
import { listFinanceCurrencies } from '@quittance/db/repositories/backoffice-invoices'
import { FINANCE_PAGE_SIZE, PAYMENT_LIST_ALLOCATIONS } from '@quittance/domain/payments/finance-list-options'
import { PAYMENT_METHODS } from '@quittance/domain/payments/payment-methods'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import financeStyles from '~/components/finance/finance.css?url'
import { financeToday, formatters, staffLocale } from '~/components/finance/format.server'
import { ChoiceFilter, CurrencyFilter, CurrencyTotals, DateFilter, FilterBar, SearchFilter } from '~/components/finance/list-filters'
import { listHref, parseQuery, PaymentListQuery } from '~/components/finance/list-query'
import { CustomerLink, FinanceTabs, Pagination } from '~/components/finance/ui'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const visibility = customerVisibility(staff)
  const query = parseQuery(PaymentListQuery, new URL(request.url).searchParams)
  const { timeZone } = await financeToday(context)
  const f = formatters(staffLocale(staff, request), timeZone)
  const [list, currencies] = await Promise.all([
    listPaymentsForBackoffice(context.db, {
      visibility,
      currency: query.currency || null,
      method: query.method || null,
      receivedFrom: query.from || null,
      receivedTo: query.to || null,
      allocation: query.allocation,
      search: query.q || null,
      limit: FINANCE_PAGE_SIZE,
      offset: (query.page - 1) * FINANCE_PAGE_SIZE,
    }),
    listFinanceCurrencies(context.db, visibility),
  ])
  return {
    query,
    currencies,
    canRecord: can(staff.role, 'write:payments'),
    total: list.total,
    pageCount: Math.max(1, Math.ceil(list.total / FINANCE_PAGE_SIZE)),
    totals: list.totals.map((sum) => ({
      currency: sum.currency,
      paymentCount: sum.paymentCount,
      amount: f.money(sum.amountMinor, sum.currency),
      allocated: f.money(sum.allocatedMinor, sum.currency),
      unallocated: f.money(sum.amountMinor - sum.allocatedMinor, sum.currency),
    })),
    payments: list.rows.map((row) => ({
      id: row.id,
      receivedOn: f.date(row.receivedOn),
      customer: { id: row.customerId, name: row.customerName, reference: row.customerRef },
      method: row.method,
      provider: row.provider,
      reference: row.reference,
      amount: f.money(row.amountMinor, row.currency),
      allocated: f.money(row.allocatedMinor, row.currency),
      unallocatedMinor: row.amountMinor - row.allocatedMinor,
      unallocated: f.money(row.amountMinor - row.allocatedMinor, row.currency),
    })),
  }
}

export default function PaymentList() {
  const { query, currencies, canRecord, total, pageCount, totals, payments } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const href = (changes: Record<string, string | number>) => listHref('/payments', query, changes)
  const filtered = query.q !== '' || query.currency !== '' || query.method !== '' || query.from !== '' || query.to !== '' || query.allocation !== 'all'
  return (
    <>
      <FinanceTabs current="/payments" />
      <div className="fin-heading">
        <h1>{t('bo-finance.payments.title')}</h1>
        {canRecord ? (
          <div className="fin-heading-actions">
            <Link className="button" to="/payments/new">
              {t('bo-finance.payments.record')}
            </Link>
          </div>
        ) : null}
      </div>

      <FilterBar resetTo="/payments" filtered={filtered}>
        <SearchFilter label={t('bo-finance.payments.search')} value={query.q} />
        <CurrencyFilter currencies={currencies} value={query.currency} />
        <ChoiceFilter
          name="method"
          label={t('bo-finance.payment.method')}
          value={query.method}
          anyLabel={t('bo-finance.filters.allMethods')}
          choices={PAYMENT_METHODS.map((method) => ({ value: method, label: t(`bo-finance.method.${method}`) }))}
        />
        <DateFilter name="from" label={t('bo-finance.payments.from')} value={query.from} />
        <DateFilter name="to" label={t('bo-finance.payments.to')} value={query.to} />
        <ChoiceFilter
          name="allocation"
          label={t('bo-finance.payments.allocation')}
          value={query.allocation}
          choices={PAYMENT_LIST_ALLOCATIONS.map((value) => ({ value, label: t(`bo-finance.payments.allocationFilter.${value}`) }))}
        />
      </FilterBar>

      <CurrencyTotals
        label={t('bo-finance.payments.totalsLabel')}
        totals={totals.map((sum) => ({
          currency: sum.currency,
          lines: [
            { term: t('bo-finance.totals.payments', { count: sum.paymentCount }), amount: sum.amount },
            { term: t('bo-finance.payment.allocated'), amount: sum.allocated },
            { term: t('bo-finance.payment.unallocated'), amount: sum.unallocated, strong: true },
          ],
        }))}
      />

      <p className="fin-count" role="status">
        {t('bo-finance.payments.count', { count: total })}
      </p>

      {payments.length === 0 ? (
        <p className="fin-empty">{t('bo-finance.payments.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="fin-table">
            <caption className="visually-hidden">{t('bo-finance.payments.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-finance.payment.receivedOn')}</th>
                <th scope="col">{t('bo-finance.invoice.customer')}</th>
                <th scope="col">{t('bo-finance.payment.method')}</th>
                <th scope="col">{t('bo-finance.payment.reference')}</th>
                <th scope="col" className="num">
                  {t('bo-finance.payment.amount')}
                </th>
                <th scope="col" className="num">
                  {t('bo-finance.payment.allocated')}
                </th>
                <th scope="col" className="num">
                  {t('bo-finance.payment.unallocated')}
                </th>
              </tr>
            </thead>
            <tbody>
              {payments.map((payment) => (
                <tr key={payment.id}>
                  <th scope="row" className="nowrap">
                    <Link to={`/payments/${payment.id}`}>{payment.receivedOn}</Link>
                  </th>
                  <td>
                    <CustomerLink {...payment.customer} />
                  </td>
                  <td>
                    {t(`bo-finance.method.${payment.method}`)}
                    {payment.provider !== 'manual' ? <span className="fin-ref">{payment.provider}</span> : null}
                  </td>
                  <td>{payment.reference ?? '—'}</td>
                  <td className="num">{payment.amount}</td>
                  <td className="num">{payment.allocated}</td>
                  <td className="num">
                    {payment.unallocatedMinor > 0 ? (
                      <span className="badge fin-badge-credit">{payment.unallocated}</span>
                    ) : (
                      payment.unallocated
                    )}
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
