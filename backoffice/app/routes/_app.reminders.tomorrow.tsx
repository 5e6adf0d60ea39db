import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { addDays, isLocalDate } from '@quittance/domain/dates/local-date'
import { formatMoney } from '@quittance/domain/money/format-money'
import { customerVisibility } from '@quittance/domain/staff/permissions'
import { planReminders } from '@quittance/use-cases/reminders/plan-reminders'
import { findCustomerNames } from '@quittance/db/repositories/reminders-read'
import adminStyles from '~/components/admin/admin.css?url'
import { formatInstant, staffLocale } from '~/components/admin/locale.server'
import remindersStyles from '~/components/reminders/reminders.css?url'
import { selectedEntity } from '~/components/reminders/entity.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: adminStyles },
  { rel: 'stylesheet', href: remindersStyles },
]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const SHOWN = 300

/** "Who gets what tomorrow": the planner's dry run for a day (tomorrow by default). Reads only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const url = new URL(request.url)
  const { entity, today } = await selectedEntity(context, url)
  const asked = url.searchParams.get('date') ?? ''
  const day = isLocalDate(asked) ? asked : addDays(today, 1)
  const { intl } = staffLocale(staff, request)
  const plan = await planReminders(context.db, { entityId: entity.id, today: day, now: context.now(), dryRun: true })
  const visibility = customerVisibility(staff)
  const names = await findCustomerNames(context.db, [...new Set(plan.actions.map((a) => a.customerId))], visibility)
  const visible = plan.actions.filter((a) => names.has(a.customerId))
  const byChannel: Record<string, number> = {}
  for (const a of visible) byChannel[a.channel] = (byChannel[a.channel] ?? 0) + 1
  return {
    entityId: entity.id,
    day,
    counts: plan.counts,
    byChannel,
    total: visible.length,
    actions: visible.slice(0, SHOWN).map((a) => ({
      key: a.actionKey,
      customerId: a.customerId,
      customerName: names.get(a.customerId) ?? '',
      step: a.stepName,
      scenario: a.scenarioName,
      channel: a.channel,
      invoices: a.invoiceIds.length,
      total: formatMoney(a.total, intl),
      sendAt: formatInstant(new Date(a.sendAfter), intl, entity.timeZone),
      approval: a.requiresApproval,
      catchUp: a.maxDaysLate,
    })),
  }
}

export default function Tomorrow() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumbs">
        <Link to={`/reminders?entity=${d.entityId}`}>{t('bo-reminders.title')}</Link>
      </p>
      <h1>{t('bo-reminders.tomorrow.title', { day: d.day })}</h1>
      <p className="lede">{t('bo-reminders.tomorrow.lede')}</p>
      <Form method="get" className="filters">
        <input type="hidden" name="entity" value={d.entityId} />
        <label htmlFor="date">{t('bo-reminders.tomorrow.day')}</label>
        <input id="date" name="date" type="date" defaultValue={d.day} />
        <button type="submit" className="button secondary small">
          {t('common.apply')}
        </button>
      </Form>
      <p role="status">
        {t('bo-reminders.tomorrow.summary', { count: d.total, customers: d.counts.customers, invoices: d.counts.invoices, skips: d.counts.skipsRecorded })}{' '}
        {Object.entries(d.byChannel)
          .map(([c, n]) => `${t(`bo-reminders.channel.${c}`)}: ${n}`)
          .join(' · ')}
      </p>
      {d.actions.length === 0 ? (
        <p className="empty">{t('bo-reminders.tomorrow.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact">
            <caption className="visually-hidden">{t('bo-reminders.tomorrow.title', { day: d.day })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-reminders.customer')}</th>
                <th scope="col">{t('bo-reminders.step')}</th>
                <th scope="col">{t('bo-reminders.editor.channel')}</th>
                <th scope="col" className="num">
                  {t('bo-reminders.invoices')}
                </th>
                <th scope="col" className="num">
                  {t('bo-reminders.total')}
                </th>
                <th scope="col">{t('bo-reminders.sendAt')}</th>
              </tr>
            </thead>
            <tbody>
              {d.actions.map((a) => (
                <tr key={a.key}>
                  <th scope="row">
                    <Link to={`/customers/${a.customerId}`}>{a.customerName}</Link>
                  </th>
                  <td>
                    {a.step} <span className="muted">({a.scenario})</span>
                    {a.approval ? <span className="badge badge-awaiting_approval"> {t('bo-reminders.approval')}</span> : null}
                    {a.catchUp > 0 ? <span className="muted"> · {t('bo-reminders.catchUpDays', { count: a.catchUp })}</span> : null}
                  </td>
                  <td>{t(`bo-reminders.channel.${a.channel}`)}</td>
                  <td className="num">{a.invoices}</td>
                  <td className="num">{a.total}</td>
                  <td>{a.sendAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.total > d.actions.length ? <p className="hint">{t('bo-reminders.tomorrow.more', { count: d.total - d.actions.length })}</p> : null}
    </>
  )
}
