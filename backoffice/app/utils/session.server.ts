import { createCookie, redirect, type AppLoadContext } from '@remix-run/node'
import { can, type Permission } from '@quittance/domain/staff/permissions'
import { resolveStaffSession, type StaffMember } from '@quittance/use-cases/staff-auth/resolve-staff-session'
import { STAFF_SESSION_ABSOLUTE_MS } from '@quittance/use-cases/staff-auth/staff-session-policy'

function sessionCookie(context: AppLoadContext) {
  const secure = context.config.secureCookies
  return createCookie(secure ? '__Host-quittance_staff' : 'quittance_staff', {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: STAFF_SESSION_ABSOLUTE_MS / 1000,
  })
}

export async function readSessionToken(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await sessionCookie(context).parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}

export const sessionCookieHeader = (context: AppLoadContext, token: string) => sessionCookie(context).serialize(token)
export const clearSessionCookieHeader = (context: AppLoadContext) => sessionCookie(context).serialize('', { maxAge: 0 })

const staffOfRequest = new WeakMap<AppLoadContext, Promise<StaffMember | null>>()

export function findStaff(request: Request, context: AppLoadContext): Promise<StaffMember | null> {
  let staff = staffOfRequest.get(context)
  if (!staff) {
    staff = readSessionToken(request, context).then((sessionToken) =>
      resolveStaffSession(context.db, { sessionToken, now: context.now() }),
    )
    staffOfRequest.set(context, staff)
  }
  return staff
}

/**
 * Every loader and action that touches data calls this itself, with the permission it needs: a layout's check
 * does not protect its children. No session → sign-in page; not allowed → 403.
 */
export async function requireStaff(request: Request, context: AppLoadContext, permission: Permission): Promise<StaffMember> {
  const staff = await findStaff(request, context)
  if (!staff) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  if (!can(staff.role, permission)) throw new Response('Forbidden', { status: 403 })
  return staff
}
