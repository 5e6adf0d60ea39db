import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useContext, type ReactNode } from 'react'
import { chooseLocale, isLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import { intlLocale } from '@quittance/i18n/locales'
import stylesheet from './styles.css?url'
import { localeFromPath, PageTranslationContext, useTranslation } from './utils/i18n'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale: Locale = isLocale(params.locale)
    ? params.locale
    : chooseLocale({ acceptLanguage: request.headers.get('Accept-Language') })
  // No catalogue here: the server renders with its own translator (utils/i18n.ts). A page that hydrates would add
  // `messages: messagesFor(locale, 'portal')` for the client.
  return { locale, nonce: context.cspNonce, requestId: context.requestId }
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const { pathname } = useLocation()
  const locale = data?.locale ?? localeFromPath(pathname)
  // Pages are server-rendered and work without JavaScript; only routes that declare `handle.hydrate` ship the
  // React runtime, which keeps a phone on a slow network from downloading ~90 KB it does not need.
  const hydrate = useMatches().some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate)
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={data?.nonce} />
            <Scripts nonce={data?.nonce} />
          </>
        ) : null}
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t: provided, locale } = useTranslation()
  const pathLocale = localeFromPath(useLocation().pathname)
  // The server always provides a translator, even when the root loader failed. In a browser without it (a page
  // that hydrates, after a client-side error), fall back to the catalogue bundled for this message only.
  const serverTranslation = useContext(PageTranslationContext)
  const rootData = useRouteLoaderData<typeof loader>('root')
  const t =
    serverTranslation || rootData ? provided : createTranslator(intlLocale(pathLocale), FALLBACK_MESSAGES)
  const isNotFound = isRouteErrorResponse(error) && error.status === 404
  const requestId = rootData?.requestId
  return (
    <main id="main" className="page narrow">
      <h1>{isNotFound ? t('error.notFound.title') : t('error.unexpected.title')}</h1>
      <p>{isNotFound ? t('error.notFound.body') : t('error.unexpected.body')}</p>
      {!isNotFound && requestId ? <p className="muted">{t('error.reference', { id: requestId })}</p> : null}
      <p>
        <a className="button secondary" href={`/${locale}/invoices`}>
          {t('error.backToInvoices')}
        </a>
      </p>
    </main>
  )
}

const FALLBACK_MESSAGES = {
  'error.notFound.title': 'Page not found',
  'error.notFound.body': 'This page does not exist or is not part of your account.',
  'error.unexpected.title': 'Something went wrong',
  'error.unexpected.body': 'Please try again in a moment.',
  'error.reference': 'Reference: {id}',
  'error.backToInvoices': 'Back to my invoices',
}
