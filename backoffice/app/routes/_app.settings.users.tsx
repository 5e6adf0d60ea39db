import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { STAFF_ROLES, type StaffRole } from '@quittance/domain/staff/permissions'
import { LOCALE_NAMES, SUPPORTED_LOCALES } from '@quittance/i18n/locales'
import { findDefaultTimeZone, listStaffForAdmin } from '@quittance/db/repositories/settings'
import { changeStaffRole } from '@quittance/use-cases/staff-admin/change-staff-role'
import { createStaffMember } from '@quittance/use-cases/staff-admin/create-staff-member'
import { setStaffAccess } from '@quittance/use-cases/staff-admin/set-staff-access'
import adminStyles from '~/components/admin/admin.css?url'
import { Field, firstError, FormError, SavedNotice, type FieldErrors } from '~/components/admin/field'
import { formatInstant, staffLocale } from '~/components/admin/locale.server'
import { SettingsNav } from '~/components/admin/settings-nav'
import { notFound } from '~/utils/responses.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const role = z.enum(STAFF_ROLES, { error: 'bo-admin.error.invalid' })

const UsersActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('create'),
    name: z.string({ error: 'bo-admin.error.required' }).trim().min(1, { error: 'bo-admin.error.required' }).max(200, { error: 'bo-admin.error.tooLong' }),
    email: z.string({ error: 'bo-admin.error.required' }).trim().max(254, { error: 'bo-admin.error.tooLong' }).email({ error: 'bo-admin.error.email' }),
    role,
    locale: z.enum(SUPPORTED_LOCALES, { error: 'bo-admin.error.invalid' }),
    password: z.string().min(12, { error: 'bo-admin.error.passwordTooShort' }).max(1024, { error: 'bo-admin.error.tooLong' }).optional(),
  }),
  z.object({ intent: z.literal('change-role'), staffUserId: z.uuid(), role }),
  z.object({ intent: z.literal('set-access'), staffUserId: z.uuid(), enabled: z.enum(['1', '0']) }),
])

const REFUSALS: Record<string, string> = {
  self: 'bo-admin.users.refused.self',
  'last-admin': 'bo-admin.users.refused.lastAdmin',
  'actor-not-admin': 'bo-admin.users.refused.notAdmin',
  'invalid-role': 'bo-admin.error.invalid',
}

const SAVED: Record<string, string> = {
  created: 'bo-admin.users.saved.created',
  role: 'bo-admin.users.saved.role',
  disabled: 'bo-admin.users.saved.disabled',
  enabled: 'bo-admin.users.saved.enabled',
  unchanged: 'bo-admin.users.saved.unchanged',
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:users')
  const { intl } = staffLocale(staff, request)
  const [members, timeZone] = await Promise.all([listStaffForAdmin(context.db), findDefaultTimeZone(context.db)])
  const now = context.now()
  const saved = new URL(request.url).searchParams.get('saved')
  return {
    me: staff.id,
    savedNotice: saved ? (SAVED[saved] ?? null) : null,
    members: members.map((member) => ({
      id: member.id,
      name: member.name,
      email: member.email,
      role: member.role,
      locale: member.locale,
      enabled: member.disabledAt === null,
      disabledAt: member.disabledAt ? formatInstant(member.disabledAt, intl, timeZone) : null,
      lockedUntil: member.lockedUntil && member.lockedUntil > now ? formatInstant(member.lockedUntil, intl, timeZone) : null,
      lastSignInAt: member.lastSignInAt ? formatInstant(member.lastSignInAt, intl, timeZone) : null,
    })),
  }
}

type ActionResult = {
  intent: string
  fieldErrors: FieldErrors
  formError: string | null
  values: Record<string, string>
  created?: { name: string; email: string; password: string }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:users')
  const submission = parseWithZod(await request.formData(), { schema: UsersActionSchema })
  const payload = submission.payload as Record<string, unknown>
  const intent = typeof payload.intent === 'string' ? payload.intent : ''
  // Never echo a password back into the page.
  const values = Object.fromEntries(Object.entries(payload).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'password'))
  const fail = (result: Partial<ActionResult>, status: number) => data<ActionResult>({ intent, fieldErrors: {}, formError: null, values, ...result }, { status })
  if (submission.status !== 'success') return fail({ fieldErrors: (submission.error ?? {}) as FieldErrors }, 400)
  const actor = { id: staff.id, ipAddress: context.clientIp }
  const input = submission.value
  const back = (saved: string) => redirect(`/settings/users?saved=${saved}`, { status: 303 })

  switch (input.intent) {
    case 'create': {
      const result = await createStaffMember(context.db, {
        name: input.name,
        email: input.email,
        role: input.role,
        locale: input.locale,
        password: input.password ?? null,
        actor,
      })
      if (!result.ok) {
        const fieldErrors: Record<string, string> = {
          'email-taken': 'email',
          'invalid-email': 'email',
          'password-too-short': 'password',
          'password-too-long': 'password',
          'invalid-name': 'name',
          'invalid-locale': 'locale',
          'invalid-role': 'role',
        }
        const messages: Record<string, string> = {
          'email-taken': 'bo-admin.users.refused.emailTaken',
          'invalid-email': 'bo-admin.error.email',
          'password-too-short': 'bo-admin.error.passwordTooShort',
          'password-too-long': 'bo-admin.error.tooLong',
        }
        return fail({ fieldErrors: { [fieldErrors[result.error] ?? 'name']: [messages[result.error] ?? 'bo-admin.error.invalid'] } }, 422)
      }
      if (result.value.generatedPassword === null) return back('created')
      // Shown once, in this response only: it is in no URL, no log and no later page.
      return data<ActionResult>(
        { intent, fieldErrors: {}, formError: null, values: {}, created: { name: input.name, email: input.email.toLowerCase(), password: result.value.generatedPassword } },
        { headers: { 'Cache-Control': 'no-store' } },
      )
    }
    case 'change-role': {
      const result = await changeStaffRole(context.db, { staffUserId: input.staffUserId, role: input.role as StaffRole, actor })
      if (!result.ok) {
        if (result.error === 'not-found') notFound()
        return fail({ formError: REFUSALS[result.error] ?? 'bo-admin.error.invalid' }, 422)
      }
      return back(result.value.changed ? 'role' : 'unchanged')
    }
    case 'set-access': {
      const enabled = input.enabled === '1'
      const result = await setStaffAccess(context.db, { staffUserId: input.staffUserId, enabled, actor, now: context.now() })
      if (!result.ok) {
        if (result.error === 'not-found') notFound()
        return fail({ formError: REFUSALS[result.error] ?? 'bo-admin.error.invalid' }, 422)
      }
      return back(!result.value.changed ? 'unchanged' : enabled ? 'enabled' : 'disabled')
    }
  }
}

export default function Users() {
  const { members, me, savedNotice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const create = actionData?.intent === 'create' && !actionData.created ? actionData : undefined
  const rowError = actionData && actionData.intent !== 'create' ? actionData.formError : null
  return (
    <>
      <div className="page-head">
        <h1>{t('bo-admin.settings.title')}</h1>
      </div>
      <SettingsNav />
      {actionData ? null : <SavedNotice message={savedNotice} />}
      <FormError message={rowError} />
      {actionData?.created ? (
        <div className="notice success" role="status">
          <p>{t('bo-admin.users.generated.title', { name: actionData.created.name, email: actionData.created.email })}</p>
          <p>
            <span className="secret">{actionData.created.password}</span>
          </p>
          <p>{t('bo-admin.users.generated.once')}</p>
        </div>
      ) : null}

      <h2>{t('bo-admin.users.title')}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('bo-admin.users.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo-admin.users.name')}</th>
              <th scope="col">{t('bo-admin.users.role')}</th>
              <th scope="col">{t('bo-admin.users.status')}</th>
              <th scope="col">{t('bo-admin.users.lastSignIn')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const self = member.id === me
              return (
                <tr key={member.id}>
                  <th scope="row">
                    {member.name}
                    {self ? <span className="muted"> {t('bo-admin.users.you')}</span> : null}
                    <div className="muted break">{member.email}</div>
                    <div className="muted">{t('bo-admin.users.language', { language: LOCALE_NAMES[member.locale as keyof typeof LOCALE_NAMES] ?? member.locale })}</div>
                  </th>
                  <td>
                    {self ? (
                      <>
                        <span className="badge badge-role">{t(`role.${member.role}`)}</span>
                        <p className="hint">{t('bo-admin.users.selfHint')}</p>
                      </>
                    ) : (
                      <Form method="post" className="actions-cell">
                        <input type="hidden" name="intent" value="change-role" />
                        <input type="hidden" name="staffUserId" value={member.id} />
                        <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                          {t('bo-admin.users.roleOf', { name: member.name })}
                        </label>
                        <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                          {STAFF_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(`role.${r}`)}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button small secondary" disabled={busy} aria-label={t('bo-admin.users.changeRoleOf', { name: member.name })}>
                          {t('bo-admin.users.changeRole')}
                        </button>
                      </Form>
                    )}
                  </td>
                  <td>
                    <div className="actions-cell">
                      {member.enabled ? (
                        <span className="badge badge-enabled">{t('bo-admin.users.enabled')}</span>
                      ) : (
                        <span className="badge badge-disabled">{t('bo-admin.users.disabled')}</span>
                      )}
                      {self ? null : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="set-access" />
                          <input type="hidden" name="staffUserId" value={member.id} />
                          <input type="hidden" name="enabled" value={member.enabled ? '0' : '1'} />
                          <button
                            type="submit"
                            className={`button small ${member.enabled ? 'danger' : 'secondary'}`}
                            disabled={busy}
                            aria-label={t(member.enabled ? 'bo-admin.users.disableOf' : 'bo-admin.users.enableOf', { name: member.name })}
                          >
                            {member.enabled ? t('bo-admin.users.disable') : t('bo-admin.users.enable')}
                          </button>
                        </Form>
                      )}
                    </div>
                    {member.disabledAt ? <div className="muted">{t('bo-admin.users.disabledSince', { date: member.disabledAt })}</div> : null}
                    {member.lockedUntil ? <div className="muted">{t('bo-admin.users.lockedUntil', { date: member.lockedUntil })}</div> : null}
                  </td>
                  <td>{member.lastSignInAt ?? <span className="muted">{t('bo-admin.users.never')}</span>}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('bo-admin.users.rulesHint')}</p>

      <section className="form-card spaced" aria-labelledby="new-user-title">
        <h2 id="new-user-title">{t('bo-admin.users.new')}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          {create && Object.keys(create.fieldErrors).length > 0 ? (
            <p className="form-error" role="alert">
              {t('common.fixErrors')}
            </p>
          ) : null}
          <div className="form-grid">
            <Field name="name" label={t('bo-admin.users.name')} error={firstError(create?.fieldErrors, 'name')} required>
              {(control) => <input {...control} type="text" defaultValue={create?.values.name ?? ''} autoComplete="off" />}
            </Field>
            <Field name="email" label={t('bo-admin.users.email')} error={firstError(create?.fieldErrors, 'email')} required>
              {(control) => <input {...control} type="email" defaultValue={create?.values.email ?? ''} autoComplete="off" />}
            </Field>
            <Field name="role" label={t('bo-admin.users.role')} error={firstError(create?.fieldErrors, 'role')} required>
              {(control) => (
                <select {...control} defaultValue={create?.values.role ?? 'collector'}>
                  {STAFF_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="locale" label={t('bo-admin.users.languageLabel')} error={firstError(create?.fieldErrors, 'locale')} required>
              {(control) => (
                <select {...control} defaultValue={create?.values.locale ?? 'fr'}>
                  {SUPPORTED_LOCALES.map((l) => (
                    <option key={l} value={l}>
                      {LOCALE_NAMES[l]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="password" label={t('bo-admin.users.initialPassword')} error={firstError(create?.fieldErrors, 'password')} hint={t('bo-admin.users.initialPasswordHint')} className="span-2">
              {(control) => <input {...control} required={undefined} type="password" autoComplete="new-password" minLength={12} />}
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t('bo-admin.users.create')}
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
