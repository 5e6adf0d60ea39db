import { Link } from '@remix-run/react'
import { ActionDeliveryCell, ActionStatusCell, ReminderActionsHead } from '~/components/reminders/action-cells'
import { useTranslation } from '~/utils/i18n'

export type CustomerReminderItem = {
  id: string
  day: string
  step: string
  channel: string
  status: string
  skipReason: string | null
  delivery: string | null
  invoices: string
  total: string
  sentAt: string | null
  outboxMessageId: string | null
}

/** PRODUCT.md B6: which reminders went out to this customer, when, on which channel, and their delivery state. */
export function CustomerRemindersSection({ items, more, customerName }: { items: CustomerReminderItem[]; more: boolean; customerName: string }) {
  const { t } = useTranslation()
  return (
    <section id="reminders-sent" className="card customer-section" aria-labelledby="reminders-sent-heading">
      <h2 id="reminders-sent-heading">{t('bo-reminders.customer.heading')}</h2>
      {items.length === 0 ? (
        <p className="empty">{t('bo-reminders.customer.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact">
            <caption className="visually-hidden">{t('bo-reminders.customer.heading')}</caption>
            <ReminderActionsHead />
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{r.sentAt ?? r.day}</td>
                  <td>{r.step}</td>
                  <td>{t(`bo-reminders.channel.${r.channel}`)}</td>
                  <td className="break">{r.invoices}</td>
                  <td className="num">{r.total}</td>
                  <ActionStatusCell status={r.status} skipReason={r.skipReason} />
                  <td>
                    <ActionDeliveryCell delivery={r.delivery} outboxMessageId={r.outboxMessageId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? (
        <p>
          <Link to={`/reminders/actions?customer=${encodeURIComponent(customerName)}`}>{t('bo-reminders.customer.all')}</Link>
        </p>
      ) : null}
    </section>
  )
}
