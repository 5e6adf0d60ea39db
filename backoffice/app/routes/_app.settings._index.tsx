import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatSiren } from '@quittance/domain/identifiers/siren'
import { listEntitiesForSettings } from '@quittance/db/repositories/settings'
import adminStyles from '~/components/admin/admin.css?url'
import { staffLocale } from '~/components/admin/locale.server'
import { SettingsNav } from '~/components/admin/settings-nav'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'manage:settings')
  const { intl } = staffLocale(staff, request)
  const regionNames = new Intl.DisplayNames([intl], { type: 'region' })
  const entities = await listEntitiesForSettings(context.db)
  return {
    entities: entities.map((entity) => ({
      id: entity.id,
      code: entity.code,
      legalName: entity.legalName,
      tradeName: entity.tradeName,
      place: `${entity.city}, ${regionNames.of(entity.country) ?? entity.country}`,
      baseCurrency: entity.baseCurrency,
      siren: entity.siren ? formatSiren(entity.siren) : null,
      vatNumber: entity.vatNumber,
      bankAccountCount: entity.bankAccountCount,
    })),
  }
}


export default function SettingsIndex() {
  const { entities } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <div className="page-head">
        <h1>{t('bo-admin.settings.title')}</h1>
        <Link to="/settings/entities/new" className="button">
          {t('bo-admin.entities.new')}
        </Link>
      </div>
      <SettingsNav />
      <p className="lede">{t('bo-admin.entities.lede')}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('bo-admin.entities.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo-admin.entity.code')}</th>
              <th scope="col">{t('bo-admin.entity.legalName')}</th>
              <th scope="col">{t('bo-admin.entities.place')}</th>
              <th scope="col">{t('bo-admin.entity.siren')}</th>
              <th scope="col">{t('bo-admin.entity.vatNumber')}</th>
              <th scope="col">{t('bo-admin.entity.baseCurrency')}</th>
              <th scope="col" className="num">
                {t('bo-admin.entities.bankAccounts')}
              </th>
            </tr>
          </thead>
          <tbody>
            {entities.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">
                  {t('bo-admin.entities.empty')}
                </td>
              </tr>
            ) : (
              entities.map((entity) => (
                <tr key={entity.id}>
                  <td className="mono">{entity.code}</td>
                  <th scope="row">
                    <Link to={`/settings/entities/${entity.id}`}>{entity.legalName}</Link>
                    {entity.tradeName ? <div className="muted">{entity.tradeName}</div> : null}
                  </th>
                  <td>{entity.place}</td>
                  <td className="nowrap">{entity.siren ?? <span className="muted">—</span>}</td>
                  <td className="mono">{entity.vatNumber ?? <span className="muted">—</span>}</td>
                  <td>{entity.baseCurrency}</td>
                  <td className="num">{entity.bankAccountCount}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  )
}
