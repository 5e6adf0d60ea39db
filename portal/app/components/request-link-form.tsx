import { Form } from '@remix-run/react'
import { useTranslation } from '~/utils/i18n'

/** Asks for a fresh link by e-mail; posts to the login page, which always answers the same way. */
export function RequestLinkForm({ email, error }: { email?: string; error?: string | null }) {
  const { t, locale } = useTranslation()
  return (
    <Form method="post" action={`/${locale}/login`} className="stack" noValidate>
      <div className="field">
        <label htmlFor="email">{t('login.email.label')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          defaultValue={email}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'email-error' : 'email-hint'}
        />
        {error ? (
          <p id="email-error" className="field-error" role="alert">
            {error}
          </p>
        ) : (
          <p id="email-hint" className="hint">
            {t('login.email.hint')}
          </p>
        )}
      </div>
      <button type="submit" className="button">
        {t('login.submit')}
      </button>
    </Form>
  )
}
