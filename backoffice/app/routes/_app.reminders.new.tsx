import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { listScenarios } from '@quittance/db/repositories/reminders-config'
import { createScenario } from '@quittance/use-cases/reminders/create-scenario'
import adminStyles from '~/components/admin/admin.css?url'
import { selectedEntity } from '~/components/reminders/entity.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, 'manage:scenarios')
  const { entity } = await selectedEntity(context, new URL(request.url))
  const scenarios = await listScenarios(context.db, { entityId: entity.id })
  return { entityId: entity.id, scenarios: scenarios.map((s) => ({ id: s.id, name: s.name })) }
}

/** A new scenario starts as a copy of an existing one (the shipped defaults at least), then is edited. */
export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:scenarios')
  const { entity } = await selectedEntity(context, new URL(request.url))
  const form = await request.formData()
  const name = String(form.get('name') ?? '').trim().slice(0, 120)
  const baseId = String(form.get('baseScenarioId') ?? '')
  const base = (await listScenarios(context.db, { entityId: entity.id })).find((s) => s.id === baseId)
  const fieldErrors: Record<string, string> = {}
  if (!name) fieldErrors.name = 'bo-reminders.error.required'
  if (!base) fieldErrors.baseScenarioId = 'bo-reminders.error.choose'
  if (!base || !name) return data({ fieldErrors, values: { name, baseScenarioId: baseId } }, { status: 400 })
  const { id: _id, version: _version, ...definition } = base.scenario
  const created = await createScenario(context.db, { entityId: entity.id, definition: { ...definition, name }, actor: { id: staff.id, ipAddress: context.clientIp } })
  if (!created.ok) return data({ fieldErrors: { name: 'bo-reminders.error.invalidCopy' }, values: { name, baseScenarioId: baseId } }, { status: 422 })
  return redirect(`/reminders/${created.value.scenarioId}`, { status: 303 })
}

export default function NewScenario() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const { t } = useTranslation()
  const errors = (a?.fieldErrors ?? {}) as Record<string, string | undefined>
  return (
    <>
      <p className="breadcrumbs">
        <Link to={`/reminders?entity=${d.entityId}`}>{t('bo-reminders.title')}</Link>
      </p>
      <h1>{t('bo-reminders.newScenario')}</h1>
      <Form method="post" className="form-card" noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="name">{t('bo-reminders.editor.name')}</label>
            <input id="name" name="name" defaultValue={a?.values.name ?? ''} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'name-error' : undefined} />
            {errors.name ? (
              <p id="name-error" className="field-error">
                {t(errors.name)}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="baseScenarioId">{t('bo-reminders.baseScenario')}</label>
            <select id="baseScenarioId" name="baseScenarioId" defaultValue={a?.values.baseScenarioId ?? d.scenarios[0]?.id}>
              {d.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            {errors.baseScenarioId ? <p className="field-error">{t(errors.baseScenarioId)}</p> : null}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('bo-reminders.create')}
          </button>
        </div>
      </Form>
    </>
  )
}
