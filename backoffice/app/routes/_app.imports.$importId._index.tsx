import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { z } from 'zod'
import { findImportJob, listImportRejections, summariseImportRejections } from '@quittance/db/repositories/imports'
import { MAX_STORED_REJECTIONS } from '@quittance/use-cases/imports/import-limits'
import importStyles from '~/components/imports/imports.css?url'
import { describeFormat, importFormatters, importsLocale } from '~/components/imports/present.server'
import { Breadcrumb, ImportStatus, ImportSteps } from '~/components/imports/ui'
import { useTranslation } from '~/utils/i18n'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: importStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const PAGE_SIZE = 100
const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) })
const REFRESH_SECONDS = 2

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  const importId = requireUuid(params.importId)
  const job = await findImportJob(context.db, importId)
  if (!job) notFound()
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const f = importFormatters(importsLocale(staff, request))
  const running = job.status === 'queued' || job.status === 'running'
  const [summary, rejections] = await Promise.all([
    summariseImportRejections(context.db, job.id),
    listImportRejections(context.db, { importId: job.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  ])
  const stored = summary.reduce((sum, s) => sum + s.count, 0)
  // Until the job has read the whole file the total is an estimate (its line count), never below what is done.
  const total = Math.max(job.totalRows, job.processedRows)
  return {
    job: {
      id: job.id,
      filename: job.filename,
      kind: job.kind,
      entity: `${job.entityCode} — ${job.entityName}`,
      mode: job.mode,
      status: job.status,
      running,
      failureReason: job.failureReason,
      createdAt: f.instant(job.createdAt),
      startedAt: f.instant(job.startedAt),
      finishedAt: f.instant(job.finishedAt),
      by: job.createdByName,
      size: f.size(job.sizeBytes),
      ...describeFormat(job),
      processed: job.processedRows,
      total,
      counts: {
        processed: f.count(job.processedRows),
        total: f.count(total),
        imported: f.count(job.importedRows),
        unchanged: f.count(job.unchangedRows),
        rejected: f.count(job.rejectedRows),
      },
    },
    summary: summary.map((s) => ({ reason: s.reason, count: f.count(s.count) })),
    truncated: stored >= MAX_STORED_REJECTIONS && job.rejectedRows > 0,
    maxStored: f.count(MAX_STORED_REJECTIONS),
    rejections,
    page,
    pageCount: Math.max(1, Math.ceil(stored / PAGE_SIZE)),
  }
}

export default function ImportProgress() {
  const { job, summary, rejections, page, pageCount, truncated, maxStored } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  // With JavaScript the page refreshes its data in place; without, the <noscript> meta refresh reloads it.
  useEffect(() => {
    if (!job.running) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, REFRESH_SECONDS * 1000)
    return () => clearInterval(timer)
  }, [job.running, revalidator])
  const editable = job.status === 'uploaded' || job.status === 'validated'
  return (
    <>
      {job.running ? (
        <noscript>
          <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
        </noscript>
      ) : null}
      <Breadcrumb />
      <div className="title-row">
        <h1>{job.filename}</h1>
        <ImportStatus status={job.status} />
      </div>
      <ImportSteps current={editable ? 'preview' : 'import'} importId={job.id} editable={editable} />
      {editable ? (
        <p className="notice">
          <Link to={`/imports/${job.id}/preview`}>{t('bo-imports.progress.notStarted')}</Link>
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>{t('bo-imports.list.kind')}</dt>
          <dd>{t(`bo-imports.kind.${job.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('bo-imports.list.entity')}</dt>
          <dd>{job.entity}</dd>
        </div>
        <div>
          <dt>{t('bo-imports.progress.mode')}</dt>
          <dd>{t(`bo-imports.mode.${job.mode}`)}</dd>
        </div>
        <div>
          <dt>{t('bo-imports.progress.file')}</dt>
          <dd>
            {job.size} · {job.encoding} · {t(`bo-imports.delimiter.${job.delimiter}`)}
          </dd>
        </div>
        <div>
          <dt>{t('bo-imports.progress.uploaded')}</dt>
          <dd>
            {job.createdAt}
            {job.by ? ` · ${job.by}` : ''}
          </dd>
        </div>
        {job.finishedAt ? (
          <div>
            <dt>{t('bo-imports.progress.finished')}</dt>
            <dd>{job.finishedAt}</dd>
          </div>
        ) : null}
      </dl>

      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t('bo-imports.progress.title')}</h2>
        <label htmlFor="import-progress" className="visually-hidden">
          {t('bo-imports.progress.label')}
        </label>
        {job.status === 'queued' ? (
          <progress id="import-progress" className="imp-progress" />
        ) : (
          <progress id="import-progress" className="imp-progress" max={Math.max(1, job.total)} value={job.status === 'completed' ? Math.max(1, job.total) : job.processed} />
        )}
        <p role="status" aria-live="polite">
          {job.status === 'queued'
            ? t('bo-imports.progress.queued')
            : job.running
              ? t('bo-imports.progress.running', { processed: job.counts.processed, total: job.counts.total })
              : job.status === 'completed'
                ? t('bo-imports.progress.completed', { processed: job.counts.processed })
                : job.status === 'failed'
                  ? t(`bo-imports.failure.${job.failureReason ?? 'internal_error'}`)
                  : null}
        </p>
        <dl className="imp-counters">
          <div>
            <dt>{t('bo-imports.counts.processed')}</dt>
            <dd>{job.counts.processed}</dd>
          </div>
          <div>
            <dt>{t('bo-imports.counts.imported')}</dt>
            <dd>{job.counts.imported}</dd>
          </div>
          <div>
            <dt>{t('bo-imports.counts.unchanged')}</dt>
            <dd>{job.counts.unchanged}</dd>
          </div>
          <div>
            <dt>{t('bo-imports.counts.rejected')}</dt>
            <dd>{job.counts.rejected}</dd>
          </div>
        </dl>
      </section>

      {summary.length > 0 ? (
        <section aria-labelledby="rejections-heading">
          <h2 id="rejections-heading">{t('bo-imports.rejections.title')}</h2>
          <ul>
            {summary.map((s) => (
              <li key={s.reason}>
                {t(`bo-imports.reason.${s.reason}`)} — {s.count}
              </li>
            ))}
          </ul>
          {truncated ? <p className="notice">{t('bo-imports.rejections.truncated', { max: maxStored })}</p> : null}
          <p>
            <a className="button secondary" href={`/imports/${job.id}/rejections.csv`} download>
              {t('bo-imports.rejections.download')}
            </a>
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('bo-imports.rejections.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('bo-imports.rejections.line')}
                  </th>
                  <th scope="col">{t('bo-imports.rejections.column')}</th>
                  <th scope="col">{t('bo-imports.rejections.reason')}</th>
                  <th scope="col">{t('bo-imports.rejections.raw')}</th>
                </tr>
              </thead>
              <tbody>
                {rejections.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className="num">
                      {r.lineNumber}
                    </th>
                    <td>{r.column ?? '—'}</td>
                    <td>{t(`bo-imports.reason.${r.reason}`)}</td>
                    <td className="imp-raw">{r.rawLine}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pageCount > 1 ? (
            <nav className="pagination" aria-label={t('bo-imports.rejections.pages')}>
              {page > 1 ? (
                <Link to={`?page=${page - 1}`} rel="prev">
                  {t('common.previous')}
                </Link>
              ) : null}
              <span>{t('common.page', { page, pages: pageCount })}</span>
              {page < pageCount ? (
                <Link to={`?page=${page + 1}`} rel="next">
                  {t('common.next')}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : null}
      <p>
        <Link to="/imports/new">{t('bo-imports.progress.another')}</Link>
      </p>
    </>
  )
}
