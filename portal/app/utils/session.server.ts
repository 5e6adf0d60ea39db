import { createCookie, redirect, type AppLoadContext } from '@remix-run/node'
import type { Locale } from '@quittance/i18n/locales'
import { PORTAL_SESSION_ABSOLUTE_MS } from '@quittance/use-cases/portal-access/portal-session-policy'
import { resolvePortalSession, type PortalDebtor } from '@quittance/use-cases/portal-access/resolve-portal-session'

// The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
function sessionCookie(context: AppLoadContext) {
  const secure = context.config.secureCookies
  return createCookie(secure ? '__Host-quittance_portal' : 'quittance_portal', {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: PORTAL_SESSION_ABSOLUTE_MS / 1000,
  })
}

export async function readSessionToken(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await sessionCookie(context).parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}

export async function sessionCookieHeader(context: AppLoadContext, sessionToken: string) {
  return sessionCookie(context).serialize(sessionToken)
}

export async function clearSessionCookieHeader(context: AppLoadContext) {
  return sessionCookie(context).serialize('', { maxAge: 0 })
}

// The layout and the page of one request both need the debtor: look the session up once per request.
const debtorOfRequest = new WeakMap<AppLoadContext, Promise<PortalDebtor | null>>()

export function findDebtor(request: Request, context: AppLoadContext): Promise<PortalDebtor | null> {
  let debtor = debtorOfRequest.get(context)
  if (!debtor) {
    debtor = readSessionToken(request, context).then((sessionToken) =>
      resolvePortalSession(context.db, { sessionToken, now: context.now() }),
    )
    debtorOfRequest.set(context, debtor)
  }
  return debtor
}

/** Every portal loader and action calls this itself: a layout's check does not protect its children. */
export async function requireDebtor(request: Request, context: AppLoadContext, locale: Locale): Promise<PortalDebtor> {
  const debtor = await findDebtor(request, context)
  if (!debtor) throw redirect(`/${locale}/login?reason=session`, { headers: { 'Cache-Control': 'no-store' } })
  return debtor
}
