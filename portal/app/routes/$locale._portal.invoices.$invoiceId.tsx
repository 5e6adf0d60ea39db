import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { findInvoiceForCustomer } from '@quittance/db/repositories/invoices'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { intlLocale } from '@quittance/i18n/locales'
import { StatusBadge } from '~/components/status-badge'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'
import { presentInvoiceRow } from '~/utils/present-invoice.server'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireDebtor } from '~/utils/session.server'
import { todayFor } from '~/utils/today.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.invoice.number : 'Quittance' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const invoiceId = requireUuid(params.invoiceId)
  const invoice = await findInvoiceForCustomer(context.db, { customerId: debtor.customerId, invoiceId })
  if (!invoice) notFound()
  const intlTag = intlLocale(locale)
  const format = (minor: number) => formatMoney(money(minor, invoice.currency), intlTag)
  const numberFormat = new Intl.NumberFormat(intlTag, { maximumFractionDigits: 3 })
  const percent = new Intl.NumberFormat(intlTag, { style: 'percent', maximumFractionDigits: 2 })
  return {
    invoice: {
      ...presentInvoiceRow(invoice, todayFor(context, debtor.entityTimeZone), intlTag),
      currency: invoice.currency,
      purchaseOrder: invoice.purchaseOrder,
      subtotal: format(invoice.subtotalMinor),
      tax: format(invoice.taxMinor),
      credited: invoice.creditedMinor > 0 ? format(invoice.creditedMinor) : null,
      lines: invoice.lines.map((line) => ({
        position: line.position,
        description: line.description,
        quantity: numberFormat.format(line.quantityMilli / 1000),
        unitPrice: format(line.unitPriceMinor),
        taxRate: percent.format(line.taxRateBasisPoints / 10_000),
        net: format(line.netMinor),
      })),
    },
  }
}

export default function InvoiceDetail() {
  const { invoice } = useLoaderData<typeof loader>()
  const { t, locale } = useTranslation()
  return (
    <>
      <p>
        <Link to={`/${locale}/invoices`}>← {t('invoice.backToList')}</Link>
      </p>
      <div className="title-row">
        <h1>{t('invoice.heading', { number: invoice.number })}</h1>
        <StatusBadge status={invoice.status} />
      </div>
      <dl className="facts">
        <div>
          <dt>{t('invoice.issueDate')}</dt>
          <dd>{invoice.issueDate}</dd>
        </div>
        <div>
          <dt>{t('invoice.dueDate')}</dt>
          <dd>{invoice.dueDate}</dd>
        </div>
        {invoice.daysLate > 0 ? (
          <div>
            <dt>{t('invoice.daysLate')}</dt>
            <dd>{t('invoice.daysLateValue', { count: invoice.daysLate })}</dd>
          </div>
        ) : null}
        {invoice.purchaseOrder ? (
          <div>
            <dt>{t('invoice.purchaseOrder')}</dt>
            <dd>{invoice.purchaseOrder}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('invoice.remaining')}</dt>
          <dd className="amount strong">{invoice.remaining}</dd>
        </div>
      </dl>
      <p className="actions">
        {invoice.status !== 'paid' ? (
          <a className="button" href={`/${locale}/pay?invoice=${invoice.id}`}>
            {t('pay.payThis')}
          </a>
        ) : null}
        <a className={invoice.status !== 'paid' ? 'button secondary' : 'button'} href={`/${locale}/invoices/${invoice.id}/pdf`} download>
          {t('invoice.downloadPdf')}
        </a>
      </p>
      <h2>{t('invoice.lines')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('line.description')}</th>
              <th scope="col" className="num">{t('line.quantity')}</th>
              <th scope="col" className="num">{t('line.unitPrice')}</th>
              <th scope="col" className="num">{t('line.taxRate')}</th>
              <th scope="col" className="num">{t('line.net')}</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line) => (
              <tr key={line.position}>
                <td data-label={t('line.description')}>{line.description}</td>
                <td data-label={t('line.quantity')} className="num">{line.quantity}</td>
                <td data-label={t('line.unitPrice')} className="num">{line.unitPrice}</td>
                <td data-label={t('line.taxRate')} className="num">{line.taxRate}</td>
                <td data-label={t('line.net')} className="num">{line.net}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="summary">
        <div>
          <dt>{t('invoice.subtotal')}</dt>
          <dd className="amount">{invoice.subtotal}</dd>
        </div>
        <div>
          <dt>{t('invoice.tax')}</dt>
          <dd className="amount">{invoice.tax}</dd>
        </div>
        <div>
          <dt>{t('invoice.amount')}</dt>
          <dd className="amount">{invoice.total}</dd>
        </div>
        {invoice.credited ? (
          <div>
            <dt>{t('invoice.credited')}</dt>
            <dd className="amount">{invoice.credited}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('invoice.paid')}</dt>
          <dd className="amount">{invoice.paid}</dd>
        </div>
        <div className="grand">
          <dt>{t('invoice.remaining')}</dt>
          <dd className="amount">{invoice.remaining}</dd>
        </div>
      </dl>
    </>
  )
}
