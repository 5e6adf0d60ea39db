import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { listPaymentsForBackoffice } from '@quittance/db/repositories/backoffice-payments'
import { listFinanceCurrencies } from '@quittance/db/repositories/backoffice-invoices'
import { FINANCE_PAGE_SIZE, PAYMENT_LIST_ALLOCATIONS } from '@quittance/domain/payments/finance-list-options'
import { PAYMENT_METHODS } from '@quittance/domain/payments/payment-methods'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import financeStyles from '~/components/finance/finance.css?url'
import { financeToday, formatters, staffLocale } from '~/components/finance/format.server'
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

      <Form method="get" className="fin-filters" aria-label={t('bo-finance.filters.label')}>
        <div className="field fin-search">
          <label htmlFor="q">{t('bo-finance.payments.search')}</label>
          <input id="q" name="q" type="search" defaultValue={query.q} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="currency">{t('bo-finance.filters.currency')}</label>
          <select id="currency" name="currency" defaultValue={query.currency}>
            <option value="">{t('bo-finance.filters.allCurrencies')}</option>
            {currencies.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="method">{t('bo-finance.payment.method')}</label>
          <select id="method" name="method" defaultValue={query.method}>
            <option value="">{t('bo-finance.filters.allMethods')}</option>
            {PAYMENT_METHODS.map((method) => (
              <option key={method} value={method}>
                {t(`bo-finance.method.${method}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">{t('bo-finance.payments.from')}</label>
          <input id="from" name="from" type="date" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{t('bo-finance.payments.to')}</label>
          <input id="to" name="to" type="date" defaultValue={query.to} />
        </div>
        <div className="field">
          <label htmlFor="allocation">{t('bo-finance.payments.allocation')}</label>
          <select id="allocation" name="allocation" defaultValue={query.allocation}>
            {PAYMENT_LIST_ALLOCATIONS.map((value) => (
              <option key={value} value={value}>
                {t(`bo-finance.payments.allocationFilter.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="fin-filter-actions">
          <button type="submit" className="button">
            {t('common.apply')}
          </button>
          {filtered ? <Link to="/payments">{t('bo-finance.filters.reset')}</Link> : null}
        </div>
      </Form>

      {totals.length > 0 ? (
        <section className="fin-totals" aria-label={t('bo-finance.payments.totalsLabel')}>
          {totals.map((sum) => (
            <article key={sum.currency} className="total-card">
              <h2>{t('bo-finance.totals.inCurrency', { currency: sum.currency })}</h2>
              <dl>
                <div>
                  <dt>{t('bo-finance.totals.payments', { count: sum.paymentCount })}</dt>
                  <dd className="amount">{sum.amount}</dd>
                </div>
                <div>
                  <dt>{t('bo-finance.payment.allocated')}</dt>
                  <dd className="amount">{sum.allocated}</dd>
                </div>
                <div>
                  <dt>{t('bo-finance.payment.unallocated')}</dt>
                  <dd className="amount strong">{sum.unallocated}</dd>
                </div>
              </dl>
            </article>
          ))}
        </section>
      ) : null}

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
