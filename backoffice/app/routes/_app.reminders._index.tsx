import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { parseWithZod } from '@conform-to/zod/v4'
import { can } from '@quittance/domain/staff/permissions'
import { findReminderSettings, listAssignmentRules, listScenarios } from '@quittance/db/repositories/reminders-config'
import { listRecentReminderRuns } from '@quittance/db/repositories/reminders-runs'
import { parseAmount } from '@quittance/domain/money/parse-amount'
import { toMajorUnitString } from '@quittance/domain/money/format-money'
import { ensureReminderDefaults } from '@quittance/use-cases/reminders/ensure-reminder-defaults'
import { requestReminderRun } from '@quittance/use-cases/reminders/request-reminder-run'
import { updateReminderSettings } from '@quittance/use-cases/reminders/update-reminder-settings'
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

const KINDS = ['professional', 'consumer', 'public_body'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const url = new URL(request.url)
  const { entities, entity, today } = await selectedEntity(context, url)
  const { intl } = staffLocale(staff, request)
  const [scenarios, settings, rules, runs] = await Promise.all([
    listScenarios(context.db, { entityId: entity.id }),
    findReminderSettings(context.db, entity.id),
    listAssignmentRules(context.db, entity.id),
    listRecentReminderRuns(context.db, 8),
  ])
  return {
    entities,
    entity: { id: entity.id, code: entity.code, timeZone: entity.timeZone },
    today,
    canManage: can(staff.role, 'manage:scenarios'),
    settings,
    scenarios: scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      version: s.currentVersion,
      steps: s.scenario.steps.length,
      channels: [...new Set(s.scenario.steps.map((step) => step.channel))],
      isDefault: s.id === settings.defaultScenarioId,
    })),
    rules: rules.map((r) => ({
      scenarioId: r.scenarioId,
      kinds: r.when.customerKinds ?? [],
      segments: (r.when.segments ?? []).join(', '),
      minimum: Object.entries(r.when.minimumOutstandingMinorByCurrency ?? {})
        .map(([currency, minor]) => `${currency} ${toMajorUnitString({ amountMinor: minor, currency })}`)
        .join(', '),
    })),
    runs: runs
      .filter((r) => r.entityId === null || r.entityId === entity.id)
      .map((r) => ({ id: r.id, planningDate: r.planningDate, trigger: r.trigger, status: r.status, counts: r.counts, created: formatInstant(r.createdAt, intl, entity.timeZone), error: r.error })),
    saved: url.searchParams.get('saved'),
  }
}

const RULE_ROWS = 10

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('settings'),
    defaultScenarioId: z.uuid({ error: 'bo-reminders.error.choose' }),
    testMode: z.literal('on').optional(),
    planningHour: z.coerce.number({ error: 'bo-reminders.error.number' }).int({ error: 'bo-reminders.error.number' }).min(0, { error: 'bo-reminders.error.hour' }).max(23, { error: 'bo-reminders.error.hour' }),
  }),
  z.object({ intent: z.literal('rules') }),
  z.object({ intent: z.literal('run-now') }),
  z.object({ intent: z.literal('install-defaults') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:scenarios')
  const url = new URL(request.url)
  const { entity, today } = await selectedEntity(context, url)
  const form = await request.formData()
  const submission = parseWithZod(form, { schema: ActionSchema })
  if (submission.status !== 'success') return data({ fieldErrors: submission.error ?? {}, formError: null }, { status: 400 })
  const actor = { id: staff.id, ipAddress: context.clientIp }
  const back = (saved: string) => redirect(`/reminders?entity=${entity.id}&saved=${saved}`, { status: 303 })
  const input = submission.value
  if (input.intent === 'install-defaults') {
    await ensureReminderDefaults(context.db, { entityId: entity.id, now: context.now() })
    return back('defaults')
  }
  if (input.intent === 'run-now') {
    await requestReminderRun(context.db, { entityId: entity.id, planningDate: today, trigger: 'staff', actor: { type: 'staff', id: staff.id }, now: context.now() })
    return back('run')
  }
  if (input.intent === 'settings') {
    const result = await updateReminderSettings(context.db, {
      entityId: entity.id,
      defaultScenarioId: input.defaultScenarioId,
      testMode: input.testMode === 'on',
      planningHour: input.planningHour,
      actor,
      now: context.now(),
    })
    if (!result.ok) return data({ fieldErrors: {}, formError: `bo-reminders.error.${result.error}` }, { status: 422 })
    return back('settings')
  }
  // Assignment rules: each row with a scenario becomes a rule, in the order shown.
  const rules = []
  const fieldErrors: Record<string, string[]> = {}
  for (let i = 0; i < RULE_ROWS; i++) {
    const scenarioId = String(form.get(`rules.${i}.scenarioId`) ?? '')
    if (!scenarioId) continue
    const kinds = form.getAll(`rules.${i}.kinds`).map(String).filter((k): k is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(k))
    const segments = String(form.get(`rules.${i}.segments`) ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    const minimums: Record<string, number> = {}
    for (const part of String(form.get(`rules.${i}.minimum`) ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const match = /^([A-Za-z]{3})\s+(.+)$/.exec(part)
      const parsed = match ? parseAmount(match[2]!, match[1]!.toUpperCase()) : null
      if (!parsed?.ok) fieldErrors[`rules.${i}.minimum`] = ['bo-reminders.error.minimumAmounts']
      else minimums[parsed.value.currency] = parsed.value.amountMinor
    }
    rules.push({
      scenarioId,
      when: {
        ...(kinds.length ? { customerKinds: kinds } : {}),
        ...(segments.length ? { segments } : {}),
        ...(Object.keys(minimums).length ? { minimumOutstandingMinorByCurrency: minimums } : {}),
      },
    })
  }
  if (Object.keys(fieldErrors).length > 0) return data({ fieldErrors, formError: null }, { status: 400 })
  const result = await updateReminderSettings(context.db, { entityId: entity.id, rules, actor, now: context.now() })
  if (!result.ok) return data({ fieldErrors: {}, formError: `bo-reminders.error.${result.error}` }, { status: 422 })
  return back('rules')
}

export default function Reminders() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const q = `entity=${d.entity.id}`
  const fieldError = (name: string) => (actionData?.fieldErrors as Record<string, string[] | undefined> | undefined)?.[name]?.[0]
  const ruleRows = [...d.rules, ...Array.from({ length: Math.max(1, Math.min(3, 10 - d.rules.length)) }, () => ({ scenarioId: '', kinds: [] as string[], segments: '', minimum: '' }))]
  return (
    <>
      <div className="page-head">
        <h1>{t('bo-reminders.title')}</h1>
        <div className="actions-cell">
          <Link className="button secondary" to={`/reminders/tomorrow?${q}`}>
            {t('bo-reminders.tomorrow.link')}
          </Link>
          <Link className="button secondary" to={`/reminders/actions?${q}`}>
            {t('bo-reminders.actions.link')}
          </Link>
          <Link className="button secondary" to={`/reminders/rates`}>
            {t('bo-reminders.rates.link')}
          </Link>
          {d.canManage ? (
            <Form method="post" className="run-form">
              <input type="hidden" name="intent" value="run-now" />
              <button type="submit" className="button">
                {t('bo-reminders.runNow')}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      <p className="lede">{t('bo-reminders.lede')}</p>
      {d.entities.length > 1 ? (
        <Form method="get" className="filters">
          <label htmlFor="entity">{t('bo-reminders.entity')}</label>
          <select id="entity" name="entity" defaultValue={d.entity.id}>
            {d.entities.map((e) => (
              <option key={e.id} value={e.id}>
                {e.code} · {e.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary small">
            {t('common.apply')}
          </button>
        </Form>
      ) : null}
      {d.saved ? (
        <p className="notice success" role="status">
          {t(`bo-reminders.saved.${d.saved}`)}
        </p>
      ) : null}
      {actionData?.formError ? (
        <p className="form-error" role="alert">
          {t(actionData.formError)}
        </p>
      ) : null}
      {d.settings.testMode ? (
        <p className="notice warning" role="status">
          {t('bo-reminders.testModeOn')}
        </p>
      ) : null}

      <div className="page-head">
        <h2>{t('bo-reminders.scenarios')}</h2>
        {d.canManage ? (
          <Link className="button secondary small" to={`/reminders/new?${q}`}>
            {t('bo-reminders.newScenario')}
          </Link>
        ) : null}
      </div>
      {d.scenarios.length === 0 ? (
        <div className="notice">
          <p>{t('bo-reminders.noScenario')}</p>
          {d.canManage ? (
            <Form method="post">
              <input type="hidden" name="intent" value="install-defaults" />
              <button type="submit" className="button small">
                {t('bo-reminders.installDefaults')}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="scenario-list">
          <caption className="visually-hidden">{t('bo-reminders.scenarios')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo-reminders.scenario')}</th>
              <th scope="col">{t('bo-reminders.version')}</th>
              <th scope="col">{t('bo-reminders.steps')}</th>
              <th scope="col">{t('bo-reminders.channels')}</th>
              <th scope="col">{t('bo-reminders.timeline.link')}</th>
            </tr>
          </thead>
          <tbody>
            {d.scenarios.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/reminders/${s.id}`}>{s.name}</Link> {s.isDefault ? <span className="badge badge-open">{t('bo-reminders.default')}</span> : null}
                </th>
                <td className="num">v{s.version}</td>
                <td className="num">{s.steps}</td>
                <td>{s.channels.map((c) => t(`bo-reminders.channel.${c}`)).join(', ')}</td>
                <td>
                  <Link to={`/reminders/timeline?scenario=${s.id}`}>{t('bo-reminders.timeline.sample')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {d.canManage ? (
        <>
          <h2>{t('bo-reminders.settingsTitle')}</h2>
          <Form method="post" className="form-card">
            <input type="hidden" name="intent" value="settings" />
            <div className="form-grid">
              <div className="field">
                <label htmlFor="defaultScenarioId">{t('bo-reminders.defaultScenario')}</label>
                <select id="defaultScenarioId" name="defaultScenarioId" defaultValue={d.settings.defaultScenarioId ?? ''}>
                  {d.scenarios.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="planningHour">{t('bo-reminders.planningHour')}</label>
                <input id="planningHour" name="planningHour" inputMode="numeric" defaultValue={d.settings.planningHour} aria-invalid={fieldError('planningHour') ? true : undefined} aria-describedby="planningHour-hint" />
                <p id="planningHour-hint" className="hint">
                  {t('bo-reminders.planningHourHint', { zone: d.entity.timeZone })}
                </p>
                {fieldError('planningHour') ? <p className="field-error">{t(fieldError('planningHour')!)}</p> : null}
              </div>
            </div>
            <ul className="checkbox-list spaced">
              <li>
                <label>
                  <input type="checkbox" name="testMode" defaultChecked={d.settings.testMode} />
                  <span>
                    {t('bo-reminders.testMode')}
                    <span className="hint">{t('bo-reminders.testModeHint')}</span>
                  </span>
                </label>
              </li>
            </ul>
            <div className="form-actions">
              <button type="submit" className="button">
                {t('common.save')}
              </button>
            </div>
          </Form>

          <h2>{t('bo-reminders.rules.title')}</h2>
          <p className="lede">{t('bo-reminders.rules.lede')}</p>
          <Form method="post" className="form-card">
            <input type="hidden" name="intent" value="rules" />
            <div className="table-wrap">
              <table className="compact">
                <caption className="visually-hidden">{t('bo-reminders.rules.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('bo-reminders.scenario')}</th>
                    <th scope="col">{t('bo-reminders.rules.kinds')}</th>
                    <th scope="col">{t('bo-reminders.rules.segments')}</th>
                    <th scope="col">{t('bo-reminders.rules.minimum')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ruleRows.map((rule, i) => (
                    <tr key={i}>
                      <td className="num">{i + 1}</td>
                      <td>
                        <select aria-label={t('bo-reminders.scenario')} name={`rules.${i}.scenarioId`} defaultValue={rule.scenarioId}>
                          <option value="">{t('bo-reminders.rules.none')}</option>
                          {d.scenarios.map((s) => (
                            <option key={s.id} value={s.id}>
                              {s.name}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="rule-kinds">
                        {KINDS.map((k) => (
                          <label key={k}>
                            <input type="checkbox" name={`rules.${i}.kinds`} value={k} defaultChecked={rule.kinds.includes(k)} />
                            {t(`bo-reminders.kind.${k}`)}
                          </label>
                        ))}
                      </td>
                      <td>
                        <input aria-label={t('bo-reminders.rules.segments')} name={`rules.${i}.segments`} defaultValue={rule.segments} />
                      </td>
                      <td>
                        <input aria-label={t('bo-reminders.rules.minimum')} name={`rules.${i}.minimum`} defaultValue={rule.minimum} placeholder="EUR 5000" aria-invalid={fieldError(`rules.${i}.minimum`) ? true : undefined} />
                        {fieldError(`rules.${i}.minimum`) ? <p className="field-error">{t(fieldError(`rules.${i}.minimum`)!)}</p> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="hint">{t('bo-reminders.rules.defaultHint')}</p>
            <div className="form-actions">
              <button type="submit" className="button">
                {t('bo-reminders.rules.save')}
              </button>
            </div>
          </Form>
        </>
      ) : null}

      <h2>{t('bo-reminders.runs.title')}</h2>
      {d.runs.length === 0 ? (
        <p className="empty">{t('bo-reminders.runs.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact">
            <caption className="visually-hidden">{t('bo-reminders.runs.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-reminders.runs.requested', { zone: d.entity.timeZone })}</th>
                <th scope="col">{t('bo-reminders.runs.day')}</th>
                <th scope="col">{t('bo-reminders.runs.trigger')}</th>
                <th scope="col">{t('bo-reminders.runs.status')}</th>
                <th scope="col">{t('bo-reminders.runs.result')}</th>
              </tr>
            </thead>
            <tbody>
              {d.runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.created}</td>
                  <td>{r.planningDate}</td>
                  <td>{t(`bo-reminders.runs.triggers.${r.trigger}`)}</td>
                  <td>
                    <span className={`badge badge-${r.status === 'done' ? 'sent' : r.status === 'failed' ? 'failed' : 'pending'}`}>{t(`bo-reminders.runs.statuses.${r.status}`)}</span>
                  </td>
                  <td>
                    {t('bo-reminders.runs.counts', {
                      planned: r.counts.actionsPlanned ?? 0,
                      approval: r.counts.awaitingApproval ?? 0,
                      customers: r.counts.customers ?? 0,
                    })}
                    {r.error ? <span className="field-error"> {r.error}</span> : null}
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
