import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { customerVisibility } from '@quittance/domain/staff/permissions'
import { findInvoiceForTimeline, listInvoiceStepHistory, listRemindersForInvoice } from '@quittance/db/repositories/reminders-read'
import { simulateInvoiceTimeline } from '@quittance/use-cases/reminders/simulate-invoice-timeline'
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The simulated timeline of an invoice (by number or id), or of a sample invoice under a scenario. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const url = new URL(request.url)
  const { intl } = staffLocale(staff, request)
  const invoiceQuery = (url.searchParams.get('invoice') ?? '').trim().slice(0, 100)
  const scenarioId = url.searchParams.get('scenario') ?? ''
  const days = 120
  let invoice = null
  let simulation = null
  let history: Awaited<ReturnType<typeof listInvoiceStepHistory>> = []
  let sent: Awaited<ReturnType<typeof listRemindersForInvoice>> = []
  let notFound = false
  if (invoiceQuery) {
    invoice = await findInvoiceForTimeline(context.db, { idOrNumber: invoiceQuery, visibility: customerVisibility(staff) })
    if (invoice) {
      simulation = await simulateInvoiceTimeline(context.db, {
        kind: 'invoice',
        invoice: { ...invoice, customerKind: invoice.kind },
        days,
      })
      ;[history, sent] = await Promise.all([listInvoiceStepHistory(context.db, invoice.id), listRemindersForInvoice(context.db, invoice.id)])
    } else notFound = true
  } else if (UUID.test(scenarioId)) {
    const { today } = await selectedEntity(context, url)
    simulation = await simulateInvoiceTimeline(context.db, { kind: 'sample', scenarioId, today, days })
  }
  const zone = simulation?.scenario.sendWindow.timeZone ?? 'Europe/Paris'
  return {
    query: invoiceQuery,
    notFound,
    invoice: invoice ? { number: invoice.number, customerId: invoice.customerId, customerName: invoice.customerName, dueDate: invoice.dueDate } : null,
    scenario: simulation ? { name: simulation.scenario.name, version: simulation.scenario.version, steps: Object.fromEntries(simulation.scenario.steps.map((s) => [s.key, s.name])) } : null,
    entries: (simulation?.entries ?? []).map((e) => ({
      day: e.day,
      date: e.date,
      kind: e.kind,
      what:
        e.kind === 'event'
          ? e.event
          : e.kind === 'action'
            ? e.stepKey
            : e.kind === 'skipped' || e.kind === 'held'
              ? `${e.stepKey}|${e.reason}`
              : `${e.stepKey}|${e.reasons.join(',')}`,
      channel: e.kind === 'action' ? e.channel : null,
      sendAt: e.kind === 'action' ? formatInstant(new Date(e.sendAt), intl, zone) : null,
      approval: e.kind === 'action' ? e.requiresApproval : false,
    })),
    history,
    sent: sent.map((s) => ({ id: s.actionId, day: s.planningDate, step: s.stepName ?? s.stepKey, channel: s.channel, status: s.status, delivery: s.deliveryState })),
  }
}

export default function Timeline() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const stepName = (key: string) => d.scenario?.steps[key] ?? key
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/reminders">{t('bo-reminders.title')}</Link>
      </p>
      <h1>{t('bo-reminders.timeline.title')}</h1>
      <p className="lede">{t('bo-reminders.timeline.lede')}</p>
      <Form method="get" className="filters">
        <label htmlFor="invoice">{t('bo-reminders.timeline.invoice')}</label>
        <input id="invoice" name="invoice" defaultValue={d.query} />
        <button type="submit" className="button secondary small">
          {t('bo-reminders.timeline.show')}
        </button>
      </Form>
      {d.notFound ? (
        <p className="notice warning" role="status">
          {t('bo-reminders.timeline.notFound', { value: d.query })}
        </p>
      ) : null}
      {d.scenario ? (
        <p>
          {d.invoice ? (
            <>
              {t('bo-reminders.timeline.forInvoice', { number: d.invoice.number, due: d.invoice.dueDate })} <Link to={`/customers/${d.invoice.customerId}`}>{d.invoice.customerName}</Link> ·{' '}
            </>
          ) : (
            <>{t('bo-reminders.timeline.forSample')} · </>
          )}
          {t('bo-reminders.timeline.scenario', { name: d.scenario.name, version: d.scenario.version })}
        </p>
      ) : null}
      {d.entries.length > 0 ? (
        <div className="table-wrap">
          <table className="compact timeline-table">
            <caption className="visually-hidden">{t('bo-reminders.timeline.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-reminders.timeline.day')}</th>
                <th scope="col">{t('bo-reminders.timeline.date')}</th>
                <th scope="col">{t('bo-reminders.timeline.what')}</th>
                <th scope="col">{t('bo-reminders.sendAt')}</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e, i) => {
                const [key, reason] = e.what.split('|')
                return (
                  <tr key={i} className={e.kind === 'action' ? '' : e.kind === 'event' ? 'event' : 'skip'}>
                    <td className="num">{e.day}</td>
                    <td className="nowrap">{e.date}</td>
                    <td>
                      {e.kind === 'event'
                        ? t(`bo-reminders.event.${key}`)
                        : e.kind === 'action'
                          ? `${stepName(key!)} · ${t(`bo-reminders.channel.${e.channel}`)}${e.approval ? ` · ${t('bo-reminders.approval')}` : ''}`
                          : `${stepName(key!)} — ${t(`bo-reminders.timeline.${e.kind}`)} (${(reason ?? '')
                              .split(',')
                              .map((r) => t(`bo-reminders.reason.${r}`))
                              .join(', ')})`}
                    </td>
                    <td>{e.sendAt ?? ''}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.invoice ? (
        <>
          <h2>{t('bo-reminders.timeline.actual')}</h2>
          {d.sent.length === 0 && d.history.length === 0 ? <p className="empty">{t('bo-reminders.timeline.nothingYet')}</p> : null}
          <ul>
            {d.sent.map((s) => (
              <li key={s.id}>
                {s.day} · {s.step} · {t(`bo-reminders.channel.${s.channel}`)} · <span className={`badge badge-${s.status}`}>{t(`bo-reminders.status.${s.status}`)}</span>
                {s.delivery ? ` · ${t(`bo-reminders.delivery.${s.delivery}`)}` : ''}
              </li>
            ))}
            {d.history
              .filter((h) => h.outcome === 'skipped')
              .map((h, i) => (
                <li key={`h${i}`}>
                  {h.on} · {stepName(h.stepKey)} · {t('bo-reminders.timeline.skipped')} ({t(`bo-reminders.reason.${h.reason ?? ''}`)})
                </li>
              ))}
          </ul>
        </>
      ) : null}
    </>
  )
}
