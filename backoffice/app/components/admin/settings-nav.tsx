import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from '~/utils/i18n'

/** Tabs between the settings screens (both are for administrators only). */
export function SettingsNav() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const tabs = [
    { to: '/settings', label: t('bo-admin.settings.entities'), active: pathname === '/settings' || pathname.startsWith('/settings/entities') },
    { to: '/settings/users', label: t('bo-admin.settings.users'), active: pathname.startsWith('/settings/users') },
  ]
  return (
    <nav aria-label={t('bo-admin.settings.navLabel')}>
      <ul className="admin-subnav">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <Link to={tab.to} className={tab.active ? 'active' : undefined} aria-current={tab.active ? 'page' : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
