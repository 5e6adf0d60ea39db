import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { chooseLocale } from '@quittance/i18n/locales'
import stylesheet from './styles.css?url'
import { useTranslation } from './utils/i18n'
import { backofficeMessages } from './utils/messages.server'
import { findStaff } from './utils/session.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await findStaff(request, context)
  // Staff read the back office in the language of their profile; before sign-in, in the browser's.
  const locale = chooseLocale({ contactLanguage: staff?.locale, acceptLanguage: request.headers.get('Accept-Language') })
  return { locale, messages: backofficeMessages(locale), nonce: context.cspNonce, requestId: context.requestId }
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang={data?.locale ?? 'en'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={data?.nonce} />
        <Scripts nonce={data?.nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const requestId = useRouteLoaderData<typeof loader>('root')?.requestId
  const status = isRouteErrorResponse(error) ? error.status : 500
  const kind = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : 'unexpected'
  return (
    <main id="main" className="page narrow">
      <h1>{t(`error.${kind}.title`)}</h1>
      <p>{t(`error.${kind}.body`)}</p>
      {kind === 'unexpected' && requestId ? <p className="muted">{t('error.reference', { id: requestId })}</p> : null}
      <p>
        <a className="button secondary" href="/customers">
          {t('error.back')}
        </a>
      </p>
    </main>
  )
}
