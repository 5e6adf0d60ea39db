import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { findImportJob } from '@quittance/db/repositories/imports'
import { previewImport } from '@quittance/use-cases/imports/preview-import'
import { startImport } from '@quittance/use-cases/imports/start-import'
import importStyles from '~/components/imports/imports.css?url'
import { importFormatters, importsLocale } from '~/components/imports/present.server'
import { Breadcrumb, ImportSteps } from '~/components/imports/ui'
import { useTranslation } from '~/utils/i18n'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: importStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  const importId = requireUuid(params.importId)
  const job = await findImportJob(context.db, importId)
  if (!job) notFound()
  if (job.status !== 'uploaded' && job.status !== 'validated') throw redirect(`/imports/${job.id}`)
  const preview = await previewImport(context.db, { importId })
  if (!preview) notFound()
  const f = importFormatters(importsLocale(staff, request))
  return {
    job: { id: job.id, filename: job.filename, kind: preview.kind, rows: f.count(job.totalRows), hasAttachments: job.hasAttachments, mode: job.mode },
    problems: preview.problems,
    fields: preview.fields.map((key) => ({ key, column: preview.mapping[key]! })),
    rows: preview.rows.map((row) => ({
      line: row.line,
      status: row.status,
      cells: preview.fields.map((key) => row.cells[key] ?? ''),
      errors: row.errors.map((e) => ({ column: e.column, reason: e.reason })),
    })),
  }
}

const StartSchema = z.object({ mode: z.enum(['valid_rows', 'all_or_nothing'], { error: 'bo-imports.preview.modeRequired' }) })
type StartFeedback = { fieldErrors: { mode?: string }; formError: string | null }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  const importId = requireUuid(params.importId)
  const parsed = StartSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data<StartFeedback>({ fieldErrors: { mode: 'bo-imports.preview.modeRequired' }, formError: null }, { status: 400 })
  const result = await startImport(context.db, { importId, mode: parsed.data.mode, actor: { type: 'staff', id: staff.id } })
  if (!result.ok) {
    if (result.error.code === 'not_found') notFound()
    if (result.error.code === 'already_started') throw redirect(`/imports/${importId}`, { status: 303 })
    return data<StartFeedback>({ fieldErrors: {}, formError: 'bo-imports.preview.mappingInvalid' }, { status: 422 })
  }
  return redirect(`/imports/${importId}`, { status: 303 })
}

export default function ImportPreview() {
  const { job, problems, fields, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const rejected = rows.filter((r) => r.status === 'rejected').length
  return (
    <>
      <Breadcrumb />
      <h1>{t('bo-imports.preview.title', { file: job.filename })}</h1>
      <ImportSteps current="preview" importId={job.id} editable />
      {problems.length > 0 || actionData?.formError ? (
        <div className="form-error" role="alert">
          <p>{t('bo-imports.preview.mappingInvalid')}</p>
          <p>
            <Link to={`/imports/${job.id}/mapping`}>{t('bo-imports.preview.backToMapping')}</Link>
          </p>
        </div>
      ) : null}
      <p>{t('bo-imports.preview.intro', { count: rows.length, rows: job.rows })}</p>
      <p className={rejected > 0 ? 'field-error' : 'muted'} role="status">
        {t('bo-imports.preview.summary', { count: rejected, shown: rows.length })}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('bo-imports.preview.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('bo-imports.rejections.line')}
              </th>
              <th scope="col">{t('bo-imports.preview.check')}</th>
              {fields.map((field) => (
                <th scope="col" key={field.key}>
                  {t(`bo-imports.field.${job.kind}.${field.key}`)}
                  <br />
                  <span className="muted">{field.column}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.line} className={row.status === 'rejected' ? 'imp-row-rejected' : undefined}>
                <th scope="row" className="num">
                  {row.line}
                </th>
                <td>
                  {row.status === 'rejected' ? (
                    <ul className="imp-errors">
                      {row.errors.map((e, i) => (
                        <li key={i}>
                          {e.column ? `${e.column} : ` : ''}
                          {t(`bo-imports.reason.${e.reason}`)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t(`bo-imports.preview.${row.status}`)
                  )}
                </td>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" className="stack" noValidate>
        <fieldset className="imp-modes" aria-describedby={actionData?.fieldErrors.mode ? 'mode-error' : undefined}>
          <legend>{t('bo-imports.preview.mode')}</legend>
          <div>
            <input type="radio" id="mode-valid" name="mode" value="valid_rows" defaultChecked={job.mode === 'valid_rows'} />
            <label htmlFor="mode-valid">{t('bo-imports.mode.valid_rows')}</label>
            <p className="hint">{t('bo-imports.mode.valid_rows.hint')}</p>
          </div>
          <div>
            <input type="radio" id="mode-all" name="mode" value="all_or_nothing" defaultChecked={job.mode === 'all_or_nothing'} />
            <label htmlFor="mode-all">{t('bo-imports.mode.all_or_nothing')}</label>
            <p className="hint">{t('bo-imports.mode.all_or_nothing.hint')}</p>
          </div>
          {actionData?.fieldErrors.mode ? (
            <p id="mode-error" className="field-error">
              {t(actionData.fieldErrors.mode)}
            </p>
          ) : null}
        </fieldset>
        <p className="hint">{t('bo-imports.preview.idempotent')}</p>
        <div className="imp-actions">
          <button type="submit" className="button" disabled={busy || problems.length > 0}>
            {t('bo-imports.preview.start')}
          </button>
          <Link to={`/imports/${job.id}/mapping`}>{t('bo-imports.preview.backToMapping')}</Link>
        </div>
      </Form>
    </>
  )
}
