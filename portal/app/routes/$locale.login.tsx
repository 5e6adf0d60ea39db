import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { consumeRateLimit, RATE_LIMITS } from '@quittance/use-cases/rate-limits/consume-rate-limit'
import { requestPortalLink } from '@quittance/use-cases/portal-access/request-portal-link'
import { RequestLinkForm } from '~/components/request-link-form'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'

export const meta: MetaFunction = () => [{ name: 'robots', content: 'noindex' }]

const RequestLinkSchema = z.object({
  email: z.email({ error: 'login.email.invalid' }).max(254, { error: 'login.email.invalid' }),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params)
  const search = new URL(request.url).searchParams
  return { sent: search.get('sent') === '1', sessionEnded: search.get('reason') === 'session' }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const submission = parseWithZod(await request.formData(), { schema: RequestLinkSchema })
  if (submission.status !== 'success') {
    const email = submission.payload.email
    return json(
      { error: submission.error?.email?.[0] ?? 'login.email.invalid', email: typeof email === 'string' ? email : '' },
      { status: 400 },
    )
  }
  const now = context.now()
  const email = submission.value.email.toLowerCase()
  const [perIp, perAddress] = await Promise.all([
    consumeRateLimit(context.db, { rule: RATE_LIMITS.linkRequestPerIp, key: context.clientIp ?? 'unknown', now }),
    consumeRateLimit(context.db, { rule: RATE_LIMITS.linkRequestPerAddress, key: email, now }),
  ])
  // Over the limit we quietly send nothing: the answer must not differ, or it would tell what is on file.
  if (perIp.allowed && perAddress.allowed) {
    await requestPortalLink(context.db, { email, portalBaseUrl: context.config.publicUrl, now, fallbackLocale: locale })
  }
  return redirect(`/${locale}/login?sent=1`, { status: 303 })
}

export default function LoginPage() {
  const { sent, sessionEnded } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <main id="main" className="page narrow">
      <h1>{t('login.title')}</h1>
      {sent ? (
        <div className="notice" role="status">
          <p>{t('login.sent')}</p>
        </div>
      ) : null}
      {sessionEnded && !sent ? (
        <div className="notice" role="status">
          <p>{t('login.sessionEnded')}</p>
        </div>
      ) : null}
      <p>{t('login.intro')}</p>
      <RequestLinkForm email={actionData?.email} error={actionData ? t(actionData.error) : null} />
    </main>
  )
}
