import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { LOCALE_NAMES, SUPPORTED_LOCALES } from '@quittance/i18n/locales'
import { changeOwnLocale } from '@quittance/use-cases/staff-admin/change-own-locale'
import { changeOwnPassword } from '@quittance/use-cases/staff-admin/change-own-password'
import adminStyles from '~/components/admin/admin.css?url'
import { Field, firstError, FormError, SavedNotice, type FieldErrors } from '~/components/admin/field'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

// Every role reads customers; that is what "signed in to the back office" means here.
const SIGNED_IN = 'read:customers' as const

const AccountSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('locale'), locale: z.enum(SUPPORTED_LOCALES, { error: 'bo-admin.error.invalid' }) }),
  z
    .object({
      intent: z.literal('password'),
      currentPassword: z.string({ error: 'bo-admin.account.error.currentRequired' }).max(1024, { error: 'bo-admin.error.tooLong' }),
      newPassword: z
        .string({ error: 'bo-admin.error.required' })
        .min(12, { error: 'bo-admin.error.passwordTooShort' })
        .max(1024, { error: 'bo-admin.error.tooLong' }),
      confirmPassword: z.string({ error: 'bo-admin.account.error.confirm' }),
    })
    .refine((value) => value.newPassword === value.confirmPassword, { path: ['confirmPassword'], error: 'bo-admin.account.error.confirm' }),
])

const SAVED: Record<string, string> = {
  locale: 'bo-admin.account.saved.locale',
  password: 'bo-admin.account.saved.password',
}

const PASSWORD_REFUSALS: Record<string, { field: string | null; message: string }> = {
  'wrong-password': { field: 'currentPassword', message: 'bo-admin.account.error.wrongPassword' },
  'too-short': { field: 'newPassword', message: 'bo-admin.error.passwordTooShort' },
  'too-long': { field: 'newPassword', message: 'bo-admin.error.tooLong' },
  'same-as-current': { field: 'newPassword', message: 'bo-admin.account.error.same' },
  'rate-limited': { field: null, message: 'bo-admin.account.error.rateLimited' },
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, SIGNED_IN)
  const saved = new URL(request.url).searchParams.get('saved')
  return {
    me: { name: staff.name, email: staff.email, role: staff.role, locale: staff.locale },
    savedNotice: saved ? (SAVED[saved] ?? null) : null,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, SIGNED_IN)
  const submission = parseWithZod(await request.formData(), { schema: AccountSchema })
  const intent = typeof submission.payload.intent === 'string' ? submission.payload.intent : ''
  const fail = (fieldErrors: FieldErrors, formError: string | null, status: number) => data({ intent, fieldErrors, formError }, { status })
  if (submission.status !== 'success') return fail((submission.error ?? {}) as FieldErrors, null, 400)
  const input = submission.value
  if (input.intent === 'locale') {
    const result = await changeOwnLocale(context.db, { staffUserId: staff.id, locale: input.locale, ipAddress: context.clientIp })
    if (!result.ok) return fail({ locale: ['bo-admin.error.invalid'] }, null, 422)
    return redirect('/account?saved=locale', { status: 303 })
  }
  const result = await changeOwnPassword(context.db, {
    staffUserId: staff.id,
    sessionId: staff.sessionId,
    currentPassword: input.currentPassword,
    newPassword: input.newPassword,
    now: context.now(),
    ipAddress: context.clientIp,
  })
  if (!result.ok) {
    const refusal = PASSWORD_REFUSALS[result.error] ?? { field: null, message: 'bo-admin.error.invalid' }
    return fail(refusal.field ? { [refusal.field]: [refusal.message] } : {}, refusal.field ? null : refusal.message, result.error === 'rate-limited' ? 429 : 422)
  }
  return redirect('/account?saved=password', { status: 303 })
}

export default function Account() {
  const { me, savedNotice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const navigation = useNavigation()
  const submitting = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const localeErrors = actionData?.intent === 'locale' ? actionData : undefined
  const passwordErrors = actionData?.intent === 'password' ? actionData : undefined
  return (
    <>
      <div className="page-head">
        <h1>{t('bo-admin.account.title')}</h1>
      </div>
      {actionData ? null : <SavedNotice message={savedNotice} />}
      <dl className="message-facts">
        <div>
          <dt>{t('bo-admin.users.name')}</dt>
          <dd>{me.name}</dd>
        </div>
        <div>
          <dt>{t('bo-admin.users.email')}</dt>
          <dd>{me.email}</dd>
        </div>
        <div>
          <dt>{t('bo-admin.users.role')}</dt>
          <dd>{t(`role.${me.role}`)}</dd>
        </div>
      </dl>

      <div className="grid-2 top">
        <section className="form-card" aria-labelledby="language-title">
          <h2 id="language-title">{t('bo-admin.account.languageTitle')}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="locale" />
            <Field name="locale" label={t('bo-admin.users.languageLabel')} error={firstError(localeErrors?.fieldErrors, 'locale')} hint={t('bo-admin.account.languageHint')}>
              {(control) => (
                <select {...control} defaultValue={me.locale}>
                  {SUPPORTED_LOCALES.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {LOCALE_NAMES[l]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button" disabled={submitting === 'locale'}>
                {t('bo-admin.account.saveLanguage')}
              </button>
            </div>
          </Form>
        </section>

        <section className="form-card" aria-labelledby="password-title">
          <h2 id="password-title">{t('bo-admin.account.passwordTitle')}</h2>
          <p className="hint">{t('bo-admin.account.passwordLede')}</p>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="password" />
            <input type="hidden" name="username" value={me.email} autoComplete="username" />
            <FormError message={passwordErrors?.formError} />
            <Field name="currentPassword" label={t('bo-admin.account.currentPassword')} error={firstError(passwordErrors?.fieldErrors, 'currentPassword')} required>
              {(control) => <input {...control} type="password" autoComplete="current-password" />}
            </Field>
            <Field name="newPassword" label={t('bo-admin.account.newPassword')} error={firstError(passwordErrors?.fieldErrors, 'newPassword')} hint={t('bo-admin.account.newPasswordHint')} required>
              {(control) => <input {...control} type="password" autoComplete="new-password" minLength={12} />}
            </Field>
            <Field name="confirmPassword" label={t('bo-admin.account.confirmPassword')} error={firstError(passwordErrors?.fieldErrors, 'confirmPassword')} required>
              {(control) => <input {...control} type="password" autoComplete="new-password" minLength={12} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button" disabled={submitting === 'password'}>
                {t('bo-admin.account.changePassword')}
              </button>
            </div>
          </Form>
        </section>
      </div>
    </>
  )
}
