import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { signInStaff } from '@quittance/use-cases/staff-auth/sign-in-staff'
import { useTranslation } from '~/utils/i18n'
import { findStaff, readSessionToken, sessionCookieHeader } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const SignInSchema = z.object({
  email: z.string({ error: 'login.emailRequired' }).trim().min(1, { error: 'login.emailRequired' }).max(254),
  password: z.string({ error: 'login.passwordRequired' }).min(1, { error: 'login.passwordRequired' }).max(1024),
  redirectTo: z.string().optional(),
})

/** Only our own paths: "//evil.example" or an absolute URL would make this an open redirect. */
function safeRedirect(target: string | undefined | null) {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/customers'
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  if (await findStaff(request, context)) throw redirect(safeRedirect(url.searchParams.get('redirectTo')))
  return { redirectTo: url.searchParams.get('redirectTo') ?? '', signedOut: url.searchParams.get('signedOut') === '1' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SignInSchema })
  if (submission.status !== 'success') {
    return data({ fieldErrors: (submission.error ?? {}) as Record<string, string[] | null>, formError: null, email: String(submission.payload.email ?? '') }, { status: 400 })
  }
  const result = await signInStaff(context.db, {
    email: submission.value.email,
    password: submission.value.password,
    now: context.now(),
    previousSessionToken: await readSessionToken(request, context),
    userAgent: request.headers.get('User-Agent'),
    ipAddress: context.clientIp,
  })
  if (!result.ok) {
    const formError = result.error === 'locked' ? 'login.locked' : 'login.invalid'
    return data({ fieldErrors: {} as Record<string, string[] | null>, formError, email: submission.value.email }, { status: result.error === 'locked' ? 429 : 401 })
  }
  return redirect(safeRedirect(submission.value.redirectTo), {
    status: 303,
    headers: { 'Set-Cookie': await sessionCookieHeader(context, result.value.sessionToken) },
  })
}

export default function Login() {
  const { redirectTo, signedOut } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const emailError = actionData?.fieldErrors.email?.[0]
  const passwordError = actionData?.fieldErrors.password?.[0]
  return (
    <main id="main" className="page narrow">
      <h1>{t('login.title')}</h1>
      {signedOut && !actionData ? (
        <p className="notice" role="status">
          {t('login.signedOut')}
        </p>
      ) : null}
      {actionData?.formError ? (
        <p className="form-error" role="alert" id="form-error">
          {t(actionData.formError)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate aria-describedby={actionData?.formError ? 'form-error' : undefined}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field">
          <label htmlFor="email">{t('login.email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={actionData?.email}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? 'email-error' : undefined}
          />
          {emailError ? (
            <p id="email-error" className="field-error">
              {t(emailError)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">{t('login.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? 'password-error' : undefined}
          />
          {passwordError ? (
            <p id="password-error" className="field-error">
              {t(passwordError)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('login.submit')}
        </button>
      </Form>
    </main>
  )
}
