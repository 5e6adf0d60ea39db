import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { signOutStaff } from '@quittance/use-cases/staff-auth/sign-out-staff'
import { clearSessionCookieHeader, findStaff, readSessionToken } from '~/utils/session.server'

export async function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

/** `everywhere=1` ends every session of this staff member, on every device. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const staff = await findStaff(request, context)
  await signOutStaff(context.db, {
    sessionToken: await readSessionToken(request, context),
    staffUserId: staff?.id ?? null,
    everywhere: form.get('everywhere') === '1',
    now: context.now(),
  })
  return redirect('/login?signedOut=1', { status: 303, headers: { 'Set-Cookie': await clearSessionCookieHeader(context) } })
}
