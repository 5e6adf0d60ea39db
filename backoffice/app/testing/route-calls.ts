import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import type { Db } from '@quittance/db/client'
import { STAFF_ROLES, type StaffRole } from '@quittance/domain/staff/permissions'
import { createStaffUser } from '@quittance/use-cases/staff-auth/create-staff-user'
import { signInStaff } from '@quittance/use-cases/staff-auth/sign-in-staff'
import { sessionCookieHeader } from '~/utils/session.server'

// For tests that call a route's own loader and action with a real staff session, as the browser would: what came
// back (or was thrown) as status, redirect target and data.

export type RouteOutcome = { status: number; location: string | null; data: unknown; headers: Headers | null; body: Response | null }

export async function callRoute(fn: (args: never) => unknown, args: LoaderFunctionArgs | ActionFunctionArgs): Promise<RouteOutcome> {
  try {
    const result = (await fn(args as never)) as unknown
    if (result instanceof Response) return { status: result.status, location: result.headers.get('Location'), data: null, headers: result.headers, body: result }
    if (result && typeof result === 'object' && (result as { type?: string }).type === 'DataWithResponseInit') {
      const { data, init } = result as { data: unknown; init: ResponseInit | null }
      return { status: init?.status ?? 200, location: null, data, headers: new Headers(init?.headers), body: null }
    }
    return { status: 200, location: null, data: result, headers: null, body: null }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get('Location'), data: null, headers: thrown.headers, body: thrown }
    throw thrown
  }
}

export const TEST_STAFF_PASSWORD = 'correct horse battery staple'

/** One signed-in staff member per role (`<role>@quittance.test`): their ids and session cookies. */
export async function signInEveryRole(db: Db, context: AppLoadContext, now: Date) {
  const cookies = {} as Record<StaffRole, string>
  const ids = {} as Record<StaffRole, string>
  for (const role of STAFF_ROLES) {
    const email = `${role}@quittance.test`
    const created = await createStaffUser(db, { email, name: `The ${role}`, role, password: TEST_STAFF_PASSWORD, locale: 'en', actor: { type: 'system', id: null } })
    if (!created.ok) throw new Error(created.error)
    ids[role] = created.value.id
    const signedIn = await signInStaff(db, { email, password: TEST_STAFF_PASSWORD, now, previousSessionToken: null, userAgent: 'test', ipAddress: null })
    if (!signedIn.ok) throw new Error(signedIn.error)
    cookies[role] = (await sessionCookieHeader(context, signedIn.value.sessionToken)).split(';')[0]!
  }
  return { cookies, ids }
}
