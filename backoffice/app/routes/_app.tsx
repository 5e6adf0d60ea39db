import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { can, type Permission } from '@quittance/domain/staff/permissions'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

const NAVIGATION: { to: string; label: string; permission: Permission }[] = [
  { to: '/customers', label: 'nav.customers', permission: 'read:customers' },
  { to: '/invoices', label: 'nav.invoices', permission: 'read:customers' },
  { to: '/payments', label: 'nav.payments', permission: 'read:customers' },
  { to: '/credit-notes', label: 'nav.creditNotes', permission: 'read:customers' },
  { to: '/reminders', label: 'bo-reminders.nav.reminders', permission: 'read:customers' },
  { to: '/worklist', label: 'bo-reminders.nav.worklist', permission: 'work:tasks' },
  { to: '/imports', label: 'nav.imports', permission: 'run:imports' },
  { to: '/outbox', label: 'nav.outbox', permission: 'read:outbox' },
  { to: '/audit', label: 'nav.audit', permission: 'read:audit' },
  { to: '/settings', label: 'nav.settings', permission: 'manage:settings' },
  { to: '/account', label: 'bo-admin.account.navLabel', permission: 'read:customers' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  return {
    staff: { name: staff.name, role: staff.role },
    navigation: NAVIGATION.filter((item) => can(staff.role, item.permission)).map(({ to, label }) => ({ to, label })),
  }
}

export default function AppLayout() {
  const { staff, navigation } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <span className="app-name">Quittance</span>
        <span className="muted-on-brand">{t('nav.signedInAs', { name: staff.name, role: t(`role.${staff.role}`) })}</span>
        <div className="header-actions">
          <Form method="post" action="/logout">
            <button type="submit" className="button link">
              {t('nav.signOut')}
            </button>
          </Form>
          <Form method="post" action="/logout">
            <input type="hidden" name="everywhere" value="1" />
            <button type="submit" className="button link">
              {t('nav.signOutEverywhere')}
            </button>
          </Form>
        </div>
      </header>
      <nav aria-label={t('nav.main')} className="app-nav">
        <ul>
          {navigation.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to}>{t(item.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </div>
  )
}
