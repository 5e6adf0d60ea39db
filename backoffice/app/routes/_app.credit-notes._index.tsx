import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listCreditNotesForBackoffice } from '@quittance/db/repositories/backoffice-credit-notes'
import { listFinanceCurrencies } from '@quittance/db/repositories/backoffice-invoices'
import { CREDIT_NOTE_LIST_APPLICATIONS, FINANCE_PAGE_SIZE } from '@quittance/domain/payments/finance-list-options'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import financeStyles from '~/components/finance/finance.css?url'
import { financeToday, formatters, staffLocale } from '~/components/finance/format.server'
import { ChoiceFilter, CurrencyFilter, DateFilter, FilterBar, SearchFilter } from '~/components/finance/list-filters'
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

      <FilterBar resetTo="/credit-notes" filtered={filtered}>
        <SearchFilter label={t('bo-finance.creditNotes.search')} value={query.q} />
        <CurrencyFilter currencies={currencies} value={query.currency} />
        <DateFilter name="from" label={t('bo-finance.creditNotes.from')} value={query.from} />
        <DateFilter name="to" label={t('bo-finance.creditNotes.to')} value={query.to} />
        <ChoiceFilter
          name="application"
          label={t('bo-finance.creditNotes.application')}
          value={query.application}
          choices={CREDIT_NOTE_LIST_APPLICATIONS.map((value) => ({ value, label: t(`bo-finance.creditNotes.applicationFilter.${value}`) }))}
        />
      </FilterBar>

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
