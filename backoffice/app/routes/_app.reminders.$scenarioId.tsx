import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { can } from '@quittance/domain/staff/permissions'
import { findScenario, findScenarioVersion, listScenarioVersions } from '@quittance/db/repositories/reminders-config'
import { publishScenarioVersion } from '@quittance/use-cases/reminders/publish-scenario-version'
import adminStyles from '~/components/admin/admin.css?url'
import { formatInstant, staffLocale } from '~/components/admin/locale.server'
import { editorOptions, handleEditorIntent, type EditorActionData } from '~/components/reminders/editor-route.server'
import remindersStyles from '~/components/reminders/reminders.css?url'
import { ScenarioEditor } from '~/components/reminders/scenario-editor'
import { previewsOf, problemErrors, valuesOf } from '~/components/reminders/scenario-form.server'
import { requireUuid, notFound } from '~/utils/responses.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: adminStyles },
  { rel: 'stylesheet', href: remindersStyles },
]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const scenarioId = requireUuid(params.scenarioId)
  const [stored, scenario, versions] = await Promise.all([
    findScenario(context.db, scenarioId),
    findScenarioVersion(context.db, { scenarioId }),
    listScenarioVersions(context.db, scenarioId),
  ])
  if (!stored || !scenario) notFound()
  const { locale, intl } = staffLocale(staff, request)
  const values = valuesOf(scenario, intl)
  return {
    scenario: { id: stored.id, name: stored.name, version: stored.currentVersion, entityId: stored.entityId },
    steps: scenario.steps.map((s) => ({ key: s.key, name: s.name, anchor: s.anchor, offsetDays: s.offsetDays, channel: s.channel, requiresApproval: s.requiresApproval })),
    versions: versions.map((v) => ({ version: v.version, steps: v.stepCount, created: formatInstant(v.createdAt, intl, 'Europe/Paris') })),
    canManage: can(staff.role, 'manage:scenarios'),
    values,
    previews: previewsOf(values, locale),
    options: editorOptions,
    saved: new URL(request.url).searchParams.get('saved'),
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:scenarios')
  const scenarioId = requireUuid(params.scenarioId)
  const { locale } = staffLocale(staff, request)
  const form = await request.formData()
  const basedOn = Number(form.get('basedOn'))
  const handled = handleEditorIntent(form, locale)
  if ('response' in handled) return handled.response
  const result = await publishScenarioVersion(context.db, {
    scenarioId,
    basedOn: Number.isInteger(basedOn) && basedOn > 0 ? basedOn : undefined,
    definition: handled.definition,
    actor: { id: staff.id, ipAddress: context.clientIp },
    now: context.now(),
  })
  if (result.ok) return redirect(`/reminders/${scenarioId}?saved=${result.value.version}`, { status: 303 })
  if (result.error.kind === 'not-found') notFound()
  if (result.error.kind === 'stale') {
    return data<EditorActionData>({ values: handled.values, errors: {}, formErrors: ['bo-reminders.error.stale'], previews: {} }, { status: 409 })
  }
  const { errors, formErrors } = problemErrors(result.error.problems, handled.definition.steps)
  return data<EditorActionData>({ values: handled.values, errors, formErrors: formErrors.length ? formErrors : ['common.fixErrors'], previews: {} }, { status: 422 })
}

export default function ScenarioPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useTranslation()
  const values = actionData?.values ?? d.values
  return (
    <>
      <p className="breadcrumbs">
        <Link to={`/reminders?entity=${d.scenario.entityId}`}>{t('bo-reminders.title')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {d.scenario.name} <span className="muted">v{d.scenario.version}</span>
        </h1>
        <div className="actions-cell">
          <Link className="button secondary" to={`/reminders/timeline?scenario=${d.scenario.id}`}>
            {t('bo-reminders.timeline.sample')}
          </Link>
          <Link className="button secondary" to={`/audit?subjectType=reminder_scenario&subjectId=${d.scenario.id}`}>
            {t('bo-reminders.history')}
          </Link>
        </div>
      </div>
      {d.saved && !actionData ? (
        <p className="notice success" role="status">
          {t('bo-reminders.saved.published', { version: d.saved })}
        </p>
      ) : null}
      <p className="lede">{t('bo-reminders.editor.versionsLede')}</p>
      {d.canManage ? (
        <ScenarioEditor
          key={JSON.stringify(values).length + ':' + (values.stepCount ?? '')}
          values={values}
          errors={actionData?.errors ?? {}}
          formErrors={actionData?.formErrors ?? []}
          options={d.options}
          previews={actionData?.previews && Object.keys(actionData.previews).length ? actionData.previews : d.previews}
          submitLabel={t('bo-reminders.editor.publish', { version: d.scenario.version + 1 })}
          busy={navigation.state === 'submitting'}
          hidden={{ basedOn: String(d.scenario.version) }}
        />
      ) : (
        <div className="table-wrap">
          <table className="compact">
            <caption className="visually-hidden">{t('bo-reminders.steps')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-reminders.editor.stepName')}</th>
                <th scope="col">{t('bo-reminders.editor.anchor')}</th>
                <th scope="col">{t('bo-reminders.editor.offsetDays')}</th>
                <th scope="col">{t('bo-reminders.editor.channel')}</th>
              </tr>
            </thead>
            <tbody>
              {d.steps.map((s) => (
                <tr key={s.key}>
                  <th scope="row">{s.name}</th>
                  <td>{t(`bo-reminders.anchor.${s.anchor}`)}</td>
                  <td className="num">{s.offsetDays}</td>
                  <td>
                    {t(`bo-reminders.channel.${s.channel}`)}
                    {s.requiresApproval ? ` · ${t('bo-reminders.approval')}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('bo-reminders.versions')}</h2>
      <ul>
        {d.versions.map((v) => (
          <li key={v.version}>
            v{v.version} · {t('bo-reminders.stepCount', { count: v.steps })} · {v.created}
          </li>
        ))}
      </ul>
    </>
  )
}
