import { json, redirect, type AppLoadContext } from '@remix-run/node'
import { chooseLocale, type Locale } from '@quittance/i18n/locales'
import { consumeRateLimit, RATE_LIMITS } from '@quittance/use-cases/rate-limits/consume-rate-limit'
import { redeemPortalLink } from '@quittance/use-cases/portal-access/redeem-portal-link'
import { sessionCookieHeader } from './session.server'

export type LinkPageState = 'confirm' | 'unusable' | 'rate-limited'

const NO_STORE = { 'Cache-Control': 'no-store' }

/** Shared by the link's GET (browsers) and POST (after the interstitial shown to scanners). */
export async function redeemLinkAndRedirect(request: Request, context: AppLoadContext, token: string, locale: Locale) {
  const limit = await consumeRateLimit(context.db, {
    rule: RATE_LIMITS.linkRedemption,
    key: context.clientIp ?? 'unknown',
    now: context.now(),
  })
  if (!limit.allowed) {
    return json({ state: 'rate-limited' as LinkPageState }, {
      status: 429,
      headers: { ...NO_STORE, 'Retry-After': String(limit.retryAfterSeconds) },
    })
  }
  const redeemed = await redeemPortalLink(context.db, {
    token,
    now: context.now(),
    userAgent: request.headers.get('User-Agent'),
    ipAddress: context.clientIp,
  })
  if (!redeemed.ok) return json({ state: 'unusable' as LinkPageState }, { status: 410, headers: NO_STORE })
  const target = chooseLocale({
    contactLanguage: redeemed.value.preferredLanguage,
    acceptLanguage: request.headers.get('Accept-Language'),
    fallback: locale,
  })
  // 303 so the browser forgets the token URL; the token never reaches the next page's Referer or history entry.
  return redirect(`/${target}/invoices`, {
    status: 303,
    headers: { ...NO_STORE, 'Set-Cookie': await sessionCookieHeader(context, redeemed.value.sessionToken) },
  })
}
