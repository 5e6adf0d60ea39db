import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { parseWithZod } from '@conform-to/zod/v4'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import { listReminderTasks, searchCustomerIds } from '@quittance/db/repositories/reminders-read'
import { findReminderTask } from '@quittance/db/repositories/reminders-tasks'
import { completeReminderTask } from '@quittance/use-cases/reminders/complete-reminder-task'
import { decideReminderApproval } from '@quittance/use-cases/reminders/decide-reminder-approval'
import adminStyles from '~/components/admin/admin.css?url'
import { staffLocale } from '~/components/admin/locale.server'
import remindersStyles from '~/components/reminders/reminders.css?url'
import { useTranslation } from '~/utils/i18n'
import { notFound } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: adminStyles },
  { rel: 'stylesheet', href: remindersStyles },
]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const KINDS = ['phone', 'manual', 'approval', 'unreachable', 'failed', 'reconcile'] as const

/** The worklist (PRODUCT.md B6): calls and manual steps to do, approvals to give, deliveries to look at. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const url = new URL(request.url)
  const { intl } = staffLocale(staff, request)
  const kind = url.searchParams.get('kind') ?? ''
  const status = url.searchParams.get('status') === 'done' ? 'done' : 'open'
  const visibility = customerVisibility(staff)
  const customerIds = visibility.kind === 'all' ? undefined : await searchCustomerIds(context.db, { query: '', visibility })
  const tasks = await listReminderTasks(context.db, {
    status,
    kinds: (KINDS as readonly string[]).includes(kind) ? [kind] : undefined,
    customerIds,
    limit: 200,
  })
  return {
    filters: { kind, status },
    kinds: KINDS,
    canWork: can(staff.role, 'work:tasks'),
    canApprove: can(staff.role, 'manage:scenarios'),
    done: url.searchParams.get('done'),
    tasks: tasks.map((task) => ({
      id: task.id,
      kind: task.kind,
      title: task.kind === 'phone' || task.kind === 'manual' || task.kind === 'approval' ? task.title : task.title,
      body: task.body,
      dueOn: task.dueOn,
      customerId: task.customerId,
      customerName: task.customerName,
      actionId: task.actionId,
      actionStatus: task.actionStatus,
      channel: task.channel,
      total: task.totalMinor !== null && task.currency ? formatMoney(money(task.totalMinor, task.currency), intl) : null,
      outcome: task.outcome,
    })),
  }
}

const Schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('complete'), taskId: z.uuid(), outcome: z.string().max(2000, { error: 'bo-reminders.error.tooLong' }).default('') }),
  z.object({ intent: z.enum(['approve', 'reject']), taskId: z.uuid() }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  // Approving a message is a credit manager's call; the rest of the worklist is collectors' work.
  const staff = await requireStaff(request, context, intent === 'approve' || intent === 'reject' ? 'manage:scenarios' : 'work:tasks')
  const submission = parseWithZod(form, { schema: Schema })
  if (submission.status !== 'success') return data({ fieldErrors: submission.error ?? {}, formError: 'common.fixErrors' }, { status: 400 })
  const input = submission.value
  const actor = { id: staff.id, ipAddress: context.clientIp }
  if (input.intent === 'complete') {
    const result = await completeReminderTask(context.db, { taskId: input.taskId, outcome: input.outcome, actor, now: context.now() })
    if (!result.ok) return result.error === 'not-found' ? notFound() : data({ fieldErrors: {}, formError: 'bo-reminders.error.tooLong' }, { status: 422 })
    return redirect('/worklist?done=task', { status: 303 })
  }
  const task = await findReminderTask(context.db, input.taskId)
  if (!task || task.kind !== 'approval' || !task.actionId) notFound()
  const result = await decideReminderApproval(context.db, { actionId: task.actionId, approve: input.intent === 'approve', actor, now: context.now() })
  if (!result.ok) return data({ fieldErrors: {}, formError: `bo-reminders.error.${result.error}` }, { status: 422 })
  return redirect(`/worklist?done=${input.intent}`, { status: 303 })
}

export default function Worklist() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('bo-reminders.worklist.title')}</h1>
      <p className="lede">{t('bo-reminders.worklist.lede')}</p>
      {d.done ? (
        <p className="notice success" role="status">
          {t(`bo-reminders.worklist.done.${d.done}`)}
        </p>
      ) : null}
      {a?.formError ? (
        <p className="form-error" role="alert">
          {t(a.formError)}
        </p>
      ) : null}
      <Form method="get" className="filters">
        <label htmlFor="kind">{t('bo-reminders.worklist.kind')}</label>
        <select id="kind" name="kind" defaultValue={d.filters.kind}>
          <option value="">{t('bo-reminders.all')}</option>
          {d.kinds.map((k) => (
            <option key={k} value={k}>
              {t(`bo-reminders.task.${k}`)}
            </option>
          ))}
        </select>
        <label htmlFor="status">{t('bo-reminders.actions.status')}</label>
        <select id="status" name="status" defaultValue={d.filters.status}>
          <option value="open">{t('bo-reminders.worklist.open')}</option>
          <option value="done">{t('bo-reminders.worklist.closed')}</option>
        </select>
        <button type="submit" className="button secondary small">
          {t('common.apply')}
        </button>
      </Form>
      {d.tasks.length === 0 ? (
        <p className="empty">{t('bo-reminders.worklist.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact">
            <caption className="visually-hidden">{t('bo-reminders.worklist.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-reminders.worklist.due')}</th>
                <th scope="col">{t('bo-reminders.worklist.kind')}</th>
                <th scope="col">{t('bo-reminders.customer')}</th>
                <th scope="col">{t('bo-reminders.worklist.what')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {d.tasks.map((task) => (
                <tr key={task.id}>
                  <td className="nowrap">{task.dueOn}</td>
                  <td>
                    <span className="badge badge-channel">{t(`bo-reminders.task.${task.kind}`)}</span>
                  </td>
                  <th scope="row">
                    <Link to={`/customers/${task.customerId}`}>{task.customerName}</Link>
                  </th>
                  <td>
                    <div className="strong">{task.kind === 'unreachable' || task.kind === 'failed' || task.kind === 'reconcile' ? t(`bo-reminders.channel.${task.title}`) : task.title}</div>
                    {task.total ? <div className="muted">{task.total}</div> : null}
                    {task.kind === 'phone' || task.kind === 'manual' ? (
                      <details>
                        <summary>{t('bo-reminders.worklist.script')}</summary>
                        <pre className="message-body">{task.body}</pre>
                      </details>
                    ) : task.kind === 'failed' || task.kind === 'reconcile' ? (
                      <div className="muted break">{task.body}</div>
                    ) : null}
                    {task.outcome ? <div className="muted">{task.outcome}</div> : null}
                  </td>
                  <td>
                    {d.filters.status === 'open' && task.kind === 'approval' && d.canApprove ? (
                      <div className="actions-cell">
                        <Form method="post">
                          <input type="hidden" name="taskId" value={task.id} />
                          <button type="submit" name="intent" value="approve" className="button small">
                            {t('bo-reminders.worklist.approve')}
                          </button>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="taskId" value={task.id} />
                          <button type="submit" name="intent" value="reject" className="button small danger">
                            {t('bo-reminders.worklist.reject')}
                          </button>
                        </Form>
                      </div>
                    ) : null}
                    {d.filters.status === 'open' && task.kind !== 'approval' && d.canWork ? (
                      <Form method="post" className="actions-cell">
                        <input type="hidden" name="intent" value="complete" />
                        <input type="hidden" name="taskId" value={task.id} />
                        <label className="visually-hidden" htmlFor={`outcome-${task.id}`}>
                          {t('bo-reminders.worklist.outcome')}
                        </label>
                        <input id={`outcome-${task.id}`} name="outcome" placeholder={t('bo-reminders.worklist.outcome')} />
                        <button type="submit" className="button small">
                          {t('bo-reminders.worklist.complete')}
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
