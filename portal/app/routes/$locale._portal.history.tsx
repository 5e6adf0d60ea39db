import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listInvoicesForCustomer } from '@quittance/db/repositories/invoices'
import { listCustomerCredit, receiptAttemptsOfPayments } from '@quittance/db/repositories/online-payments'
import { listPaymentsForCustomer } from '@quittance/db/repositories/payments'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { intlLocale } from '@quittance/i18n/locales'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'
import { presentInvoiceRow } from '~/utils/present-invoice.server'
import { requireDebtor } from '~/utils/session.server'
import { todayFor } from '~/utils/today.server'

const HISTORY_SIZE = 100

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const today = todayFor(context, debtor.entityTimeZone)
  const intlTag = intlLocale(locale)
  const [paid, payments, credits] = await Promise.all([
    listInvoicesForCustomer(context.db, {
      customerId: debtor.customerId,
      settlement: 'paid',
      sort: 'due_desc',
      limit: HISTORY_SIZE,
      offset: 0,
    }),
    listPaymentsForCustomer(context.db, { customerId: debtor.customerId, limit: HISTORY_SIZE }),
    listCustomerCredit(context.db, debtor.customerId),
  ])
  const receipts = await receiptAttemptsOfPayments(context.db, { customerId: debtor.customerId, paymentIds: payments.map((p) => p.id) })
  return {
    paidInvoices: paid.rows.map((row) => presentInvoiceRow(row, today, intlTag)),
    payments: payments.map((payment) => ({
      id: payment.id,
      receivedOn: formatLocalDate(payment.receivedOn, intlTag),
      amount: formatMoney(money(payment.amountMinor, payment.currency), intlTag),
      method: payment.method,
      reference: payment.externalRef,
      invoiceNumbers: payment.invoiceNumbers,
      receiptAttemptId: receipts.get(payment.id) ?? null,
    })),
    credits: credits.map((credit) => formatMoney(money(credit.creditMinor, credit.currency), intlTag)),
  }
}

export default function History() {
  const { paidInvoices, payments, credits } = useLoaderData<typeof loader>()
  const { t, locale } = useTranslation()
  return (
    <>
      <h1>{t('history.title')}</h1>
      {credits.map((credit) => (
        <p key={credit} className="notice" role="status">
          {t('history.credit', { amount: credit })}
        </p>
      ))}
      <section aria-labelledby="payments-heading">
        <h2 id="payments-heading">{t('history.payments')}</h2>
        {payments.length === 0 ? (
          <p>{t('history.noPayments')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('payment.date')}</th>
                  <th scope="col" className="num">{t('payment.amount')}</th>
                  <th scope="col">{t('payment.method')}</th>
                  <th scope="col">{t('payment.reference')}</th>
                  <th scope="col">{t('payment.invoices')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('history.receipt')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {payments.map((payment) => (
                  <tr key={payment.id}>
                    <td data-label={t('payment.date')}>{payment.receivedOn}</td>
                    <td data-label={t('payment.amount')} className="num">{payment.amount}</td>
                    <td data-label={t('payment.method')}>{t(`method.${payment.method}`)}</td>
                    <td data-label={t('payment.reference')}>{payment.reference ?? '—'}</td>
                    <td data-label={t('payment.invoices')}>{payment.invoiceNumbers.join(', ') || '—'}</td>
                    <td>
                      {payment.receiptAttemptId ? (
                        <a href={`/${locale}/payments/${payment.receiptAttemptId}/receipt.pdf`} download>
                          {t('history.receipt')}
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="paid-heading">
        <h2 id="paid-heading">{t('history.paidInvoices')}</h2>
        {paidInvoices.length === 0 ? (
          <p>{t('history.noPaidInvoices')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('invoice.number')}</th>
                  <th scope="col">{t('invoice.issueDate')}</th>
                  <th scope="col">{t('invoice.dueDate')}</th>
                  <th scope="col" className="num">{t('invoice.amount')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('invoice.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {paidInvoices.map((invoice) => (
                  <tr key={invoice.id}>
                    <th scope="row" data-label={t('invoice.number')}>
                      <Link to={`/${locale}/invoices/${invoice.id}`}>{invoice.number}</Link>
                    </th>
                    <td data-label={t('invoice.issueDate')}>{invoice.issueDate}</td>
                    <td data-label={t('invoice.dueDate')}>{invoice.dueDate}</td>
                    <td data-label={t('invoice.amount')} className="num">{invoice.total}</td>
                    <td>
                      <a href={`/${locale}/invoices/${invoice.id}/pdf`} download aria-label={t('invoice.downloadNamed', { number: invoice.number })}>
                        {t('invoice.download')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}
