import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { listImportJobs } from '@quittance/db/repositories/imports'
import importStyles from '~/components/imports/imports.css?url'
import { importFormatters, importsLocale } from '~/components/imports/present.server'
import { ImportStatus } from '~/components/imports/ui'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: importStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const PAGE_SIZE = 50
const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const f = importFormatters(importsLocale(staff, request))
  const { rows, total } = await listImportJobs(context.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
  return {
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    imports: rows.map((job) => ({
      id: job.id,
      createdAt: f.instant(job.createdAt),
      entity: job.entityCode,
      kind: job.kind,
      filename: job.filename,
      status: job.status,
      // Until the mapping is confirmed the next step is the mapping; until the start, the preview.
      href: job.status === 'uploaded' ? `/imports/${job.id}/mapping` : job.status === 'validated' ? `/imports/${job.id}/preview` : `/imports/${job.id}`,
      imported: f.count(job.importedRows),
      unchanged: f.count(job.unchangedRows),
      rejected: f.count(job.rejectedRows),
      by: job.createdByName ?? '—',
    })),
  }
}

export default function ImportsList() {
  const { imports, page, pageCount } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <div className="title-row">
        <h1>{t('bo-imports.title')}</h1>
        <Link to="/imports/new" className="button">
          {t('bo-imports.list.new')}
        </Link>
      </div>
      <p className="muted">{t('bo-imports.list.intro')}</p>
      {imports.length === 0 ? (
        <p>{t('bo-imports.list.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('bo-imports.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-imports.list.date')}</th>
                <th scope="col">{t('bo-imports.list.file')}</th>
                <th scope="col">{t('bo-imports.list.kind')}</th>
                <th scope="col">{t('bo-imports.list.entity')}</th>
                <th scope="col">{t('bo-imports.list.status')}</th>
                <th scope="col" className="num">
                  {t('bo-imports.counts.imported')}
                </th>
                <th scope="col" className="num">
                  {t('bo-imports.counts.unchanged')}
                </th>
                <th scope="col" className="num">
                  {t('bo-imports.counts.rejected')}
                </th>
                <th scope="col">{t('bo-imports.list.by')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((job) => (
                <tr key={job.id}>
                  <td>{job.createdAt}</td>
                  <th scope="row">
                    <Link to={job.href}>{job.filename}</Link>
                  </th>
                  <td>{t(`bo-imports.kind.${job.kind}`)}</td>
                  <td>{job.entity}</td>
                  <td>
                    <ImportStatus status={job.status} />
                  </td>
                  <td className="num">{job.imported}</td>
                  <td className="num">{job.unchanged}</td>
                  <td className="num">{job.rejected}</td>
                  <td>{job.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav className="pagination" aria-label={t('bo-imports.list.pages')}>
          {page > 1 ? (
            <Link to={`/imports?page=${page - 1}`} rel="prev">
              {t('common.previous')}
            </Link>
          ) : null}
          <span>{t('common.page', { page, pages: pageCount })}</span>
          {page < pageCount ? (
            <Link to={`/imports?page=${page + 1}`} rel="next">
              {t('common.next')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  )
}
