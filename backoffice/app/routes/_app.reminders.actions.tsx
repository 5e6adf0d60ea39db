import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import { isLocalDate } from '@quittance/domain/dates/local-date'
import { listReminderActions, searchCustomerIds, type ActionFilters } from '@quittance/db/repositories/reminders-read'
import { REMINDER_ACTION_STATUSES } from '@quittance/db/schema/reminders'
import { CHANNELS } from '@quittance/domain/reminders/scenario'
import { retryReminderAction } from '@quittance/use-cases/reminders/retry-reminder-action'
import adminStyles from '~/components/admin/admin.css?url'
import { formatInstant, staffLocale } from '~/components/admin/locale.server'
import remindersStyles from '~/components/reminders/reminders.css?url'
import { ActionDeliveryCell, ActionStatusCell, ReminderActionsHead } from '~/components/reminders/action-cells'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'
import { requireUuid } from '~/utils/responses.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: adminStyles },
  { rel: 'stylesheet', href: remindersStyles },
]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

/** Which reminders went out, when, on which channel, and their delivery state; failed ones can be sent again. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const url = new URL(request.url)
  const { intl } = staffLocale(staff, request)
  const status = url.searchParams.get('status') ?? ''
  const channel = url.searchParams.get('channel') ?? ''
  const date = url.searchParams.get('date') ?? ''
  const customer = (url.searchParams.get('customer') ?? '').trim().slice(0, 100)
  const filters: ActionFilters = {}
  if ((REMINDER_ACTION_STATUSES as readonly string[]).includes(status)) filters.status = status
  if ((CHANNELS as readonly string[]).includes(channel)) filters.channel = channel
  if (isLocalDate(date)) filters.planningDate = date
  const visibility = customerVisibility(staff)
  if (customer || visibility.kind !== 'all') filters.customerIds = await searchCustomerIds(context.db, { query: customer, visibility })
  const rows = await listReminderActions(context.db, { filters, limit: 200 })
  return {
    filters: { status: filters.status ?? '', channel: filters.channel ?? '', date: filters.planningDate ?? '', customer },
    canRetry: can(staff.role, 'work:tasks'),
    statuses: REMINDER_ACTION_STATUSES,
    channels: CHANNELS,
    retried: url.searchParams.get('retried') === '1',
    rows: rows.map((r) => ({
      id: r.actionId,
      day: r.planningDate,
      step: r.stepName ?? r.stepKey,
      scenario: `${r.scenarioName} v${r.scenarioVersion}`,
      channel: r.channel,
      status: r.status,
      skipReason: r.skipReason,
      total: formatMoney(money(r.totalMinor, r.currency), intl),
      invoices: r.invoiceNumbers.join(', '),
      recipient: r.recipient,
      delivery: r.deliveryState,
      attempts: r.deliveryAttempts,
      error: r.lastError,
      sentAt: r.sentAt ? formatInstant(r.sentAt, intl, 'Europe/Paris') : null,
      outboxMessageId: r.outboxMessageId,
    })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'work:tasks')
  const form = await request.formData()
  const actionId = requireUuid(String(form.get('actionId') ?? ''))
  const result = await retryReminderAction(context.db, { actionId, actor: { id: staff.id, ipAddress: context.clientIp }, now: context.now() })
  if (!result.ok) return data({ formError: `bo-reminders.error.${result.error}` }, { status: 422 })
  return redirect(`/reminders/actions?retried=1`, { status: 303 })
}

export default function Actions() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/reminders">{t('bo-reminders.title')}</Link>
      </p>
      <h1>{t('bo-reminders.actions.title')}</h1>
      <p className="lede">{t('bo-reminders.actions.lede')}</p>
      {d.retried ? (
        <p className="notice success" role="status">
          {t('bo-reminders.actions.retried')}
        </p>
      ) : null}
      <Form method="get" className="audit-filters">
        <div className="field">
          <label htmlFor="status">{t('bo-reminders.actions.status')}</label>
          <select id="status" name="status" defaultValue={d.filters.status}>
            <option value="">{t('bo-reminders.all')}</option>
            {d.statuses.map((s) => (
              <option key={s} value={s}>
                {t(`bo-reminders.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="channel">{t('bo-reminders.editor.channel')}</label>
          <select id="channel" name="channel" defaultValue={d.filters.channel}>
            <option value="">{t('bo-reminders.all')}</option>
            {d.channels.map((c) => (
              <option key={c} value={c}>
                {t(`bo-reminders.channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="date">{t('bo-reminders.runs.day')}</label>
          <input id="date" name="date" type="date" defaultValue={d.filters.date} />
        </div>
        <div className="field">
          <label htmlFor="customer">{t('bo-reminders.customer')}</label>
          <input id="customer" name="customer" defaultValue={d.filters.customer} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('common.apply')}
          </button>
        </div>
      </Form>
      {d.rows.length === 0 ? (
        <p className="empty">{t('bo-reminders.actions.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact">
            <caption className="visually-hidden">{t('bo-reminders.actions.title')}</caption>
            <ReminderActionsHead />
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{r.day}</td>
                  <td>
                    {r.step} <span className="muted">({r.scenario})</span>
                  </td>
                  <td>
                    {t(`bo-reminders.channel.${r.channel}`)}
                    {r.recipient ? <div className="muted break">{r.recipient.split('\n')[0]}</div> : null}
                  </td>
                  <td className="break">{r.invoices}</td>
                  <td className="num">{r.total}</td>
                  <ActionStatusCell status={r.status} skipReason={r.skipReason}>
                    {r.sentAt ? <div className="muted">{r.sentAt}</div> : null}
                  </ActionStatusCell>
                  <td>
                    <ActionDeliveryCell delivery={r.delivery} outboxMessageId={r.outboxMessageId}>
                      {r.attempts > 1 ? <div className="muted">{t('bo-reminders.actions.attempts', { count: r.attempts })}</div> : null}
                      {r.error ? <div className="field-error break">{r.error}</div> : null}
                    </ActionDeliveryCell>
                    {r.status === 'failed' && d.canRetry ? (
                      <Form method="post">
                        <input type="hidden" name="actionId" value={r.id} />
                        <button type="submit" className="button small secondary">
                          {t('bo-reminders.actions.retry')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
