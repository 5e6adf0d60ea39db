import { json, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useActionData } from '@remix-run/react'
import { isbot } from 'isbot'
import { requireLocale } from '~/utils/locale.server'
import { redeemLinkAndRedirect, type LinkPageState } from '~/utils/redeem-link.server'
import { useTranslation } from '~/utils/i18n'
import { RequestLinkForm } from '~/components/request-link-form'

export const meta: MetaFunction = () => [{ name: 'robots', content: 'noindex' }]

// A document response carries a loader's or action's headers (Cache-Control, Retry-After) only through this export.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const headers = new Headers(loaderHeaders)
  actionHeaders.forEach((value, name) => headers.set(name, value))
  return headers
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  // Mail scanners open links before people do: they get a page with a button and no session, and the link
  // stays exactly as it was. HEAD requests never start anything either.
  if (request.method === 'HEAD' || isbot(request.headers.get('User-Agent') ?? '')) {
    return json({ state: 'confirm' as LinkPageState }, { headers: { 'Cache-Control': 'no-store' } })
  }
  return redeemLinkAndRedirect(request, context, params.token ?? '', locale)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return redeemLinkAndRedirect(request, context, params.token ?? '', requireLocale(params))
}

export default function PortalLinkPage() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const state = (actionData ?? loaderData).state
  const { t } = useTranslation()
  return (
    <main id="main" className="page narrow">
      {state === 'confirm' ? (
        <>
          <h1>{t('link.confirm.title')}</h1>
          <p>{t('link.confirm.body')}</p>
          <Form method="post">
            <button type="submit" className="button">
              {t('link.confirm.button')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <h1>{state === 'rate-limited' ? t('link.rateLimited.title') : t('link.unusable.title')}</h1>
          <p>{state === 'rate-limited' ? t('link.rateLimited.body') : t('link.unusable.body')}</p>
          <RequestLinkForm />
        </>
      )}
    </main>
  )
}
