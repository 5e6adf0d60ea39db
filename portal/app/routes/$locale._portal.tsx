import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { LanguageSwitcher } from '~/components/language-switcher'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'
import { requireDebtor } from '~/utils/session.server'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const debtor = await requireDebtor(request, context, requireLocale(params))
  return { customerName: debtor.customerName, entityName: debtor.entityName }
}

export default function PortalLayout() {
  const { customerName, entityName } = useLoaderData<typeof loader>()
  const { t, locale } = useTranslation()
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <div className="brand">
            <span className="brand-name">{entityName}</span>
            <span className="brand-sub">{t('header.portalFor', { customer: customerName })}</span>
          </div>
          <LanguageSwitcher />
          <Form method="post" action={`/${locale}/logout`}>
            <button type="submit" className="button link">
              {t('nav.logout')}
            </button>
          </Form>
        </div>
        <nav aria-label={t('nav.main')} className="main-nav">
          <ul>
            <li>
              <NavLink to={`/${locale}/invoices`} end>
                {t('nav.invoices')}
              </NavLink>
            </li>
            <li>
              <NavLink to={`/${locale}/history`}>{t('nav.history')}</NavLink>
            </li>
            <li>
              <a href={`/${locale}/statement/pdf`} download>
                {t('nav.statement')}
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  )
}
