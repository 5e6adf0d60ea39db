import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { listCreditNotesForBackoffice } from '@quittance/db/repositories/backoffice-credit-notes'
import { listFinanceCurrencies } from '@quittance/db/repositories/backoffice-invoices'
import { CREDIT_NOTE_LIST_APPLICATIONS, FINANCE_PAGE_SIZE } from '@quittance/domain/payments/finance-list-options'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import financeStyles from '~/components/finance/finance.css?url'
import { financeToday, formatters, staffLocale } from '~/components/finance/format.server'
import { CreditNoteListQuery, listHref, parseQuery } from '~/components/finance/list-query'
import { CustomerLink, FinanceTabs, Pagination } from '~/components/finance/ui'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const visibility = customerVisibility(staff)
  const query = parseQuery(CreditNoteListQuery, new URL(request.url).searchParams)
  const { timeZone } = await financeToday(context)
  const f = formatters(staffLocale(staff, request), timeZone)
  const [list, currencies] = await Promise.all([
    listCreditNotesForBackoffice(context.db, {
      visibility,
      currency: query.currency || null,
      issuedFrom: query.from || null,
      issuedTo: query.to || null,
      application: query.application,
      search: query.q || null,
      limit: FINANCE_PAGE_SIZE,
      offset: (query.page - 1) * FINANCE_PAGE_SIZE,
    }),
    listFinanceCurrencies(context.db, visibility),
  ])
  return {
    query,
    currencies,
    canCreate: can(staff.role, 'write:credit-notes'),
    total: list.total,
    pageCount: Math.max(1, Math.ceil(list.total / FINANCE_PAGE_SIZE)),
    creditNotes: list.rows.map((row) => ({
      id: row.id,
      number: row.number,
      issueDate: f.date(row.issueDate),
      reason: row.reason,
      customer: { id: row.customerId, name: row.customerName, reference: row.customerRef },
      total: f.money(row.totalMinor, row.currency),
      applied: f.money(row.appliedMinor, row.currency),
      unappliedMinor: row.totalMinor - row.appliedMinor,
      unapplied: f.money(row.totalMinor - row.appliedMinor, row.currency),
    })),
  }
}

export default function CreditNoteList() {
  const { query, currencies, canCreate, total, pageCount, creditNotes } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const href = (changes: Record<string, string | number>) => listHref('/credit-notes', query, changes)
  const filtered = query.q !== '' || query.currency !== '' || query.from !== '' || query.to !== '' || query.application !== 'all'
  return (
    <>
      <FinanceTabs current="/credit-notes" />
      <div className="fin-heading">
        <h1>{t('bo-finance.creditNotes.title')}</h1>
        {canCreate ? (
          <div className="fin-heading-actions">
            <Link className="button" to="/credit-notes/new">
              {t('bo-finance.creditNotes.create')}
            </Link>
          </div>
        ) : null}
      </div>

      <Form method="get" className="fin-filters" aria-label={t('bo-finance.filters.label')}>
        <div className="field fin-search">
          <label htmlFor="q">{t('bo-finance.creditNotes.search')}</label>
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
          <label htmlFor="from">{t('bo-finance.creditNotes.from')}</label>
          <input id="from" name="from" type="date" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{t('bo-finance.creditNotes.to')}</label>
          <input id="to" name="to" type="date" defaultValue={query.to} />
        </div>
        <div className="field">
          <label htmlFor="application">{t('bo-finance.creditNotes.application')}</label>
          <select id="application" name="application" defaultValue={query.application}>
            {CREDIT_NOTE_LIST_APPLICATIONS.map((value) => (
              <option key={value} value={value}>
                {t(`bo-finance.creditNotes.applicationFilter.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="fin-filter-actions">
          <button type="submit" className="button">
            {t('common.apply')}
          </button>
          {filtered ? <Link to="/credit-notes">{t('bo-finance.filters.reset')}</Link> : null}
        </div>
      </Form>

      <p className="fin-count" role="status">
        {t('bo-finance.creditNotes.count', { count: total })}
      </p>

      {creditNotes.length === 0 ? (
        <p className="fin-empty">{t('bo-finance.creditNotes.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="fin-table">
            <caption className="visually-hidden">{t('bo-finance.creditNotes.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-finance.creditNote.number')}</th>
                <th scope="col">{t('bo-finance.invoice.customer')}</th>
                <th scope="col">{t('bo-finance.creditNote.issueDate')}</th>
                <th scope="col">{t('bo-finance.creditNote.reason')}</th>
                <th scope="col" className="num">
                  {t('bo-finance.creditNote.total')}
                </th>
                <th scope="col" className="num">
                  {t('bo-finance.creditNote.applied')}
                </th>
                <th scope="col" className="num">
                  {t('bo-finance.creditNote.unapplied')}
                </th>
              </tr>
            </thead>
            <tbody>
              {creditNotes.map((note) => (
                <tr key={note.id}>
                  <th scope="row" className="nowrap">
                    <Link to={`/credit-notes/${note.id}`}>{note.number}</Link>
                  </th>
                  <td>
                    <CustomerLink {...note.customer} />
                  </td>
                  <td className="nowrap">{note.issueDate}</td>
                  <td>{note.reason ?? '—'}</td>
                  <td className="num">{note.total}</td>
                  <td className="num">{note.applied}</td>
                  <td className="num">
                    {note.unappliedMinor > 0 ? <span className="badge fin-badge-credit">{note.unapplied}</span> : note.unapplied}
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
