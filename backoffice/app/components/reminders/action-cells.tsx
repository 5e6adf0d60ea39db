import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from '~/utils/i18n'

// The columns every table of reminder actions shows (the actions list, a customer's "reminders sent"): one header
// and the status and delivery cells, so both read the same.

export function ReminderActionsHead() {
  const { t } = useTranslation()
  return (
    <thead>
      <tr>
        <th scope="col">{t('bo-reminders.runs.day')}</th>
        <th scope="col">{t('bo-reminders.step')}</th>
        <th scope="col">{t('bo-reminders.editor.channel')}</th>
        <th scope="col">{t('bo-reminders.invoices')}</th>
        <th scope="col" className="num">
          {t('bo-reminders.total')}
        </th>
        <th scope="col">{t('bo-reminders.actions.status')}</th>
        <th scope="col">{t('bo-reminders.actions.delivery')}</th>
      </tr>
    </thead>
  )
}

export function ActionStatusCell({ status, skipReason, children }: { status: string; skipReason: string | null; children?: ReactNode }) {
  const { t } = useTranslation()
  return (
    <td>
      <span className={`badge badge-${status}`}>{t(`bo-reminders.status.${status}`)}</span>
      {skipReason ? <div className="muted">{t(`bo-reminders.reason.${skipReason}`)}</div> : null}
      {children}
    </td>
  )
}

/** The delivery state and, once a message exists, the link to it; `children` go between the two. */
export function ActionDeliveryCell({ delivery, outboxMessageId, children }: { delivery: string | null; outboxMessageId: string | null; children?: ReactNode }) {
  const { t } = useTranslation()
  return (
    <>
      {delivery ? <span className={`badge badge-${delivery}`}>{t(`bo-reminders.delivery.${delivery}`)}</span> : '–'}
      {children}
      {outboxMessageId ? (
        <div>
          <Link to={`/outbox/${outboxMessageId}`}>{t('bo-reminders.actions.message')}</Link>
        </div>
      ) : null}
    </>
  )
}
