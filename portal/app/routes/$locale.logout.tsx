import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endPortalSession } from '@quittance/use-cases/portal-access/end-portal-session'
import { requireLocale } from '~/utils/locale.server'
import { clearSessionCookieHeader, readSessionToken } from '~/utils/session.server'

// Action only: a GET here is answered 405, so no link or prefetch can sign anyone out.
export async function loader() {
  return new Response(null, { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  await endPortalSession(context.db, { sessionToken: await readSessionToken(request, context), now: context.now() })
  return redirect(`/${locale}/login`, { status: 303, headers: { 'Set-Cookie': await clearSessionCookieHeader(context) } })
}
