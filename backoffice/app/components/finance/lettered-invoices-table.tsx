import { Link } from '@remix-run/react'
import { useTranslation } from '~/utils/i18n'

/** The invoices a payment or a credit note was lettered to, each with the amount and when. */
export function LetteredInvoicesTable(props: {
  allocations: readonly {
    id: string
    invoiceId: string
    invoiceNumber: string
    dueDate: string
    invoiceTotal: string
    amount: string
    at: string
  }[]
  title: string
  amountHeader: string
  emptyText: string
}) {
  const { t } = useTranslation()
  return (
    <>
      <h2 id="allocations">{props.title}</h2>
      {props.allocations.length === 0 ? (
        <p className="fin-empty">{props.emptyText}</p>
      ) : (
        <div className="table-wrap">
          <table className="fin-table" aria-labelledby="allocations">
            <thead>
              <tr>
                <th scope="col">{t('bo-finance.invoice.number')}</th>
                <th scope="col">{t('bo-finance.invoice.dueDate')}</th>
                <th scope="col" className="num">
                  {t('bo-finance.invoice.total')}
                </th>
                <th scope="col" className="num">
                  {props.amountHeader}
                </th>
                <th scope="col">{t('bo-finance.payment.allocatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {props.allocations.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/invoices/${a.invoiceId}`}>{a.invoiceNumber}</Link>
                  </th>
                  <td>{a.dueDate}</td>
                  <td className="num">{a.invoiceTotal}</td>
                  <td className="num">{a.amount}</td>
                  <td>{a.at}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
