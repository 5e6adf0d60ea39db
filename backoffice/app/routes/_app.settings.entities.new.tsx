import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { FRENCH_DEFAULT_PENALTY_RATE_BP, formatBasisPointsAsPercent } from '@quittance/domain/legal/late-payment-mentions'
import { createEntity } from '@quittance/use-cases/settings/create-entity'
import adminStyles from '~/components/admin/admin.css?url'
import {
  currentRateFloor,
  EntityProfileFields,
  entityFormOptions,
  formErrorsOf,
  formValuesOf,
  profileFromForm,
  submittedValues,
} from '~/components/admin/entity-form.server'
import { EntityForm } from '~/components/admin/entity-form'
import type { FieldErrors } from '~/components/admin/field'
import { staffLocale } from '~/components/admin/locale.server'
import { SettingsNav } from '~/components/admin/settings-nav'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const NewEntitySchema = z.object({
  code: z
    .string({ error: 'bo-admin.error.required' })
    .trim()
    .min(1, { error: 'bo-admin.error.required' })
    .max(20, { error: 'bo-admin.error.code' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: 'bo-admin.error.code' }),
  ...EntityProfileFields,
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:settings')
  const { locale, intl } = staffLocale(staff, request)
  return {
    values: formValuesOf(null, locale),
    options: entityFormOptions(intl),
    rateFloor: currentRateFloor('FR', 'Europe/Paris', context.now(), intl),
    statutoryDefaultRate: formatBasisPointsAsPercent(FRENCH_DEFAULT_PENALTY_RATE_BP, intl),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:settings')
  const submission = parseWithZod(await request.formData(), { schema: NewEntitySchema })
  const payload = submission.payload as Record<string, unknown>
  const values = { ...submittedValues(payload), code: typeof payload.code === 'string' ? payload.code : '' }
  if (submission.status !== 'success') {
    return data({ fieldErrors: (submission.error ?? {}) as FieldErrors, formError: null as string | null, values }, { status: 400 })
  }
  const { code, ...form } = submission.value
  const result = await createEntity(context.db, {
    code,
    profile: profileFromForm(form),
    actor: { id: staff.id, ipAddress: context.clientIp },
    now: context.now(),
  })
  if (!result.ok) {
    const error = result.error
    if (error.kind === 'invalid') return data({ fieldErrors: formErrorsOf(error), formError: null, values }, { status: 422 })
    const codeError = error.kind === 'code-taken' ? 'bo-admin.error.codeTaken' : 'bo-admin.error.code'
    return data({ fieldErrors: { code: [codeError] } as FieldErrors, formError: null, values }, { status: 422 })
  }
  return redirect(`/settings/entities/${result.value.id}?saved=created`, { status: 303 })
}

export default function NewEntity() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const values = actionData?.values ?? loaderData.values
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/settings">{t('bo-admin.settings.title')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('bo-admin.entities.newTitle')}</h1>
      </div>
      <SettingsNav />
      <EntityForm
        values={values}
        errors={actionData?.fieldErrors}
        formError={actionData?.formError}
        options={loaderData.options}
        rateFloor={loaderData.rateFloor}
        statutoryDefaultRate={loaderData.statutoryDefaultRate}
        code={{ value: actionData?.values.code ?? '', error: actionData?.fieldErrors.code?.[0] ?? undefined }}
        busy={busy}
        submitLabel={t('bo-admin.entities.create')}
      />
    </>
  )
}
