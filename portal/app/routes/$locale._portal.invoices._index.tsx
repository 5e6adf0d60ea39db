import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { listInvoicesForCustomer, openTotalsForCustomer } from '@quittance/db/repositories/invoices'
import { INVOICE_FILTERS, INVOICE_SORTS } from '@quittance/domain/invoices/invoice-list-options'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { intlLocale } from '@quittance/i18n/locales'
import { TranslatedStatusBadge } from '~/components/status-badge'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'
import { presentInvoiceRow } from '~/utils/present-invoice.server'
import { requireDebtor } from '~/utils/session.server'
import { todayFor } from '~/utils/today.server'

const PAGE_SIZE = 50

// Unknown values fall back to the defaults: a hand-edited URL shows the list, never an error.
const ListQuerySchema = z.object({
  filter: z.enum(INVOICE_FILTERS).catch('all'),
  sort: z.enum(INVOICE_SORTS).catch('due_asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
// What a URL without a query string means; most visits have none.
const DEFAULT_QUERY = ListQuerySchema.parse({})

export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const search = new URL(request.url).searchParams
  const query = search.size === 0 ? { ...DEFAULT_QUERY } : ListQuerySchema.parse(Object.fromEntries(search))
  const today = todayFor(context, debtor.entityTimeZone)
  const intlTag = intlLocale(locale)
  const [list, totals] = await Promise.all([
    listInvoicesForCustomer(context.db, {
      customerId: debtor.customerId,
      settlement: 'open',
      timing:
        query.filter === 'overdue' || query.filter === 'not_due' ? { kind: query.filter, today } : undefined,
      onlyPartlySettled: query.filter === 'partially_paid',
      sort: query.sort,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    }),
    openTotalsForCustomer(context.db, { customerId: debtor.customerId, today }),
  ])
  return {
    query,
    pageCount: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    invoiceCount: list.total,
    invoices: list.rows.map((row) => ({ ...presentInvoiceRow(row, today, intlTag), currency: row.currency })),
    totals: totals.map((total) => ({
      currency: total.currency,
      invoiceCount: total.invoiceCount,
      overdueCount: total.overdueCount,
      notDue: formatMoney(money(total.remainingMinor - total.overdueMinor, total.currency), intlTag),
      overdue: formatMoney(money(total.overdueMinor, total.currency), intlTag),
      remaining: formatMoney(money(total.remainingMinor, total.currency), intlTag),
    })),
  }
}

export default function InvoiceList() {
  const { invoices, totals, query, pageCount, invoiceCount } = useLoaderData<typeof loader>()
  const { t, locale } = useTranslation()
  const currencies = [...new Set(invoices.map((invoice) => invoice.currency))].sort()
  // The phone layout shows each cell's label (data-label); the same eight labels for every row.
  const labels = rowLabels(t)
  const pageHref = (page: number) => `?${new URLSearchParams({ filter: query.filter, sort: query.sort, page: String(page) })}`
  return (
    <>
      <h1>{t('invoices.title')}</h1>
      {totals.length === 0 ? (
        <p className="notice" role="status">
          {t('invoices.nothingDue')}
        </p>
      ) : (
        <section aria-labelledby="totals-heading" className="totals">
          <h2 id="totals-heading" className="visually-hidden">
            {t('totals.heading')}
          </h2>
          {totals.map((total) => (
            <article key={total.currency} className="total-card" aria-label={t('totals.inCurrency', { currency: total.currency })}>
              <h3>{total.currency}</h3>
              <dl>
                <div>
                  <dt>{t('totals.remaining')}</dt>
                  <dd className="amount strong" data-testid={`total-remaining-${total.currency}`}>
                    {total.remaining}
                  </dd>
                </div>
                <div>
                  <dt>{t('totals.overdue', { count: total.overdueCount })}</dt>
                  <dd className="amount overdue" data-testid={`total-overdue-${total.currency}`}>
                    {total.overdue}
                  </dd>
                </div>
                <div>
                  <dt>{t('totals.notDue')}</dt>
                  <dd className="amount" data-testid={`total-due-${total.currency}`}>
                    {total.notDue}
                  </dd>
                </div>
              </dl>
            </article>
          ))}
        </section>
      )}

      <Form method="get" className="filters" aria-label={t('filters.label')}>
        <div className="field inline">
          <label htmlFor="filter">{t('filters.show')}</label>
          <select id="filter" name="filter" defaultValue={query.filter}>
            {INVOICE_FILTERS.map((filter) => (
              <option key={filter} value={filter}>
                {t(`filters.${filter}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="sort">{t('filters.sort')}</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            {INVOICE_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`sort.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t('filters.apply')}
        </button>
      </Form>

      {invoices.length === 0 && totals.length > 0 ? <p role="status">{t('invoices.noneForFilter')}</p> : null}

      {/* Online payment: tick invoices and go to the pay page (a GET form: works without JavaScript). */}
      <form method="get" action={`/${locale}/pay`} id="pay-selection" />
      {currencies.map((currency) => (
        <section key={currency} aria-labelledby={`invoices-${currency}`}>
          <h2 id={`invoices-${currency}`}>{t('invoices.inCurrency', { currency })}</h2>
          <div className="table-wrap">
            <table className="invoices">
              <caption className="visually-hidden">{t('invoices.caption', { currency })}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('pay.selectColumn')}</span>
                  </th>
                  <th scope="col">{t('invoice.number')}</th>
                  <th scope="col">{t('invoice.issueDate')}</th>
                  <th scope="col">{t('invoice.dueDate')}</th>
                  <th scope="col" className="num">{t('invoice.amount')}</th>
                  <th scope="col" className="num">{t('invoice.paid')}</th>
                  <th scope="col" className="num">{t('invoice.remaining')}</th>
                  <th scope="col" className="num">{t('invoice.daysLate')}</th>
                  <th scope="col">{t('invoice.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('invoice.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invoices
                  .filter((invoice) => invoice.currency === currency)
                  .map((invoice) => (
                    <InvoiceRow key={invoice.id} invoice={invoice} labels={labels} locale={locale} t={t} />
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      {invoices.length > 0 ? (
        <div className="actions">
          <button type="submit" form="pay-selection" className="button">
            {t('pay.paySelected')}
          </button>
          {totals.some((total) => total.overdueCount > 0) ? (
            <a className="button secondary" href={`/${locale}/pay?selection=overdue`}>
              {t('pay.payAllOverdue')}
            </a>
          ) : null}
        </div>
      ) : null}

      {pageCount > 1 ? (
        <nav aria-label={t('pagination.label')} className="pagination">
          {query.page > 1 ? <Link to={pageHref(query.page - 1)}>{t('pagination.previous')}</Link> : null}
          <span>{t('pagination.status', { page: query.page, pages: pageCount, count: invoiceCount })}</span>
          {query.page < pageCount ? <Link to={pageHref(query.page + 1)}>{t('pagination.next')}</Link> : null}
        </nav>
      ) : null}
    </>
  )
}

type Translate = ReturnType<typeof useTranslation>['t']
type InvoiceRowData = ReturnType<typeof useLoaderData<typeof loader>>['invoices'][number]

function rowLabels(t: Translate) {
  return {
    number: t('invoice.number'),
    issueDate: t('invoice.issueDate'),
    dueDate: t('invoice.dueDate'),
    amount: t('invoice.amount'),
    paid: t('invoice.paid'),
    remaining: t('invoice.remaining'),
    daysLate: t('invoice.daysLate'),
    status: t('invoice.status'),
    download: t('invoice.download'),
  }
}

// A plain link, not <Link>: this page ships no JavaScript, so the router would only resolve the same href 50 times.
function InvoiceRow({ invoice, labels, locale, t }: { invoice: InvoiceRowData; labels: ReturnType<typeof rowLabels>; locale: string; t: Translate }) {
  return (
    <tr>
      <td>
        <input type="checkbox" name="invoice" value={invoice.id} form="pay-selection" aria-label={t('pay.selectInvoice', { number: invoice.number })} />
      </td>
      <th scope="row" data-label={labels.number}>
        <a href={`/${locale}/invoices/${invoice.id}`}>{invoice.number}</a>
      </th>
      <td data-label={labels.issueDate}>{invoice.issueDate}</td>
      <td data-label={labels.dueDate}>{invoice.dueDate}</td>
      <td data-label={labels.amount} className="num">{invoice.total}</td>
      <td data-label={labels.paid} className="num">{invoice.paid}</td>
      <td data-label={labels.remaining} className="num strong">{invoice.remaining}</td>
      <td data-label={labels.daysLate} className="num">{invoice.daysLate > 0 ? invoice.daysLate : '—'}</td>
      <td data-label={labels.status}>
        <TranslatedStatusBadge status={invoice.status} label={t(`status.${invoice.status}`)} />
      </td>
      <td>
        <a href={`/${locale}/invoices/${invoice.id}/pdf`} download aria-label={t('invoice.downloadNamed', { number: invoice.number })}>
          {labels.download}
        </a>
      </td>
    </tr>
  )
}
