import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { findMappingPreset, listMappingPresets } from '@quittance/db/repositories/imports'
import { fieldsOf, isImportKind } from '@quittance/domain/imports/import-fields'
import { applyPreset } from '@quittance/domain/imports/mapping'
import { loadImportHead } from '@quittance/use-cases/imports/import-file'
import { PRESET_NAME_MAX_LENGTH, saveImportMapping } from '@quittance/use-cases/imports/save-import-mapping'
import importStyles from '~/components/imports/imports.css?url'
import { describeFormat, importFormatters, importsLocale } from '~/components/imports/present.server'
import { Breadcrumb, ImportSteps } from '~/components/imports/ui'
import { useTranslation } from '~/utils/i18n'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: importStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const SAMPLE_ROWS = 3

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  const importId = requireUuid(params.importId)
  const head = await loadImportHead(context.db, importId, SAMPLE_ROWS)
  if (!head || !isImportKind(head.job.kind)) notFound()
  const { job, header, records } = head
  if (job.status !== 'uploaded' && job.status !== 'validated') throw redirect(`/imports/${job.id}`)
  const kind = head.job.kind as Parameters<typeof fieldsOf>[0]
  const presets = await listMappingPresets(context.db, { entityId: job.entityId, kind })
  const presetId = new URL(request.url).searchParams.get('preset')
  const preset = presetId && /^[0-9a-f-]{36}$/i.test(presetId) ? await findMappingPreset(context.db, { entityId: job.entityId, kind, id: presetId }) : null
  const mapping = preset ? applyPreset(kind, header, preset.mapping) : (job.mapping ?? {})
  const f = importFormatters(importsLocale(staff, request))
  return {
    job: { id: job.id, kind, filename: job.filename, entity: job.entityCode, size: f.size(job.sizeBytes), rows: f.count(job.totalRows), ...describeFormat(job) },
    header,
    samples: header.map((_, index) =>
      records
        .map((r) => (r.fields[index] ?? '').trim())
        .filter(Boolean)
        .join(' · ')
        .slice(0, 120),
    ),
    fields: fieldsOf(kind).map((field) => ({ key: field.key, required: field.required })),
    mapping,
    presets: presets.map((p) => ({ id: p.id, name: p.name })),
    loadedPreset: preset?.name ?? null,
    presetNameMax: PRESET_NAME_MAX_LENGTH,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  const importId = requireUuid(params.importId)
  const formData = await request.formData()
  const mapping: Record<string, string> = {}
  for (const [name, value] of formData.entries()) {
    if (name.startsWith('field.') && typeof value === 'string' && value !== '') mapping[name.slice('field.'.length)] = value
  }
  const presetName = String(formData.get('presetName') ?? '').trim()
  const result = await saveImportMapping(context.db, { importId, mapping, presetName: presetName || null, actor: { type: 'staff', id: staff.id } })
  if (!result.ok) {
    if (result.error.code === 'not_found') notFound()
    if (result.error.code === 'not_editable') throw redirect(`/imports/${importId}`, { status: 303 })
    const fieldErrors: Record<string, string> = {}
    if (result.error.code === 'invalid_mapping') for (const p of result.error.problems) fieldErrors[p.field] = `bo-imports.reason.${p.reason}`
    if (result.error.code === 'preset_name_invalid') fieldErrors.presetName = 'bo-imports.mapping.presetNameTooLong'
    return data({ fieldErrors, mapping, presetName }, { status: result.error.code === 'invalid_mapping' ? 422 : 400 })
  }
  return redirect(`/imports/${importId}/preview`, { status: 303 })
}

export default function ImportMapping() {
  const { job, header, samples, fields, mapping, presets, loadedPreset, presetNameMax } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors = actionData?.fieldErrors ?? {}
  const selected = actionData?.mapping ?? mapping
  return (
    <>
      <Breadcrumb />
      <h1>{t('bo-imports.mapping.title', { file: job.filename })}</h1>
      <ImportSteps current="mapping" importId={job.id} editable />
      <p className="muted">
        {t('bo-imports.mapping.detected', { kind: t(`bo-imports.kind.${job.kind}`), entity: job.entity, encoding: job.encoding, delimiter: t(`bo-imports.delimiter.${job.delimiter}`), rows: job.rows, size: job.size })}
      </p>
      {loadedPreset ? (
        <p className="notice" role="status">
          {t('bo-imports.mapping.presetLoaded', { name: loadedPreset })}
        </p>
      ) : null}
      {presets.length > 0 ? (
        <Form method="get" className="toolbar">
          <div className="field">
            <label htmlFor="preset">{t('bo-imports.mapping.loadPreset')}</label>
            <select id="preset" name="preset" defaultValue="">
              <option value="">{t('bo-imports.mapping.choosePreset')}</option>
              {presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button secondary">
            {t('bo-imports.mapping.load')}
          </button>
        </Form>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t('bo-imports.mapping.fix')}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <div className="table-wrap">
          <table className="imp-mapping">
            <caption className="visually-hidden">{t('bo-imports.mapping.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-imports.mapping.field')}</th>
                <th scope="col">{t('bo-imports.mapping.column')}</th>
                <th scope="col">{t('bo-imports.mapping.sample')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => {
                const id = `field-${field.key}`
                const column = selected[field.key] ?? ''
                const error = errors[field.key]
                return (
                  <tr key={field.key}>
                    <th scope="row">
                      <label htmlFor={id}>
                        {t(`bo-imports.field.${job.kind}.${field.key}`)}
                        {field.required ? <span className="muted"> ({t('bo-imports.mapping.required')})</span> : null}
                      </label>
                    </th>
                    <td>
                      <select
                        // A preset loaded or an answer from the server re-selects: a new key makes a new select.
                        key={`${id}:${column}`}
                        id={id}
                        name={`field.${field.key}`}
                        defaultValue={column}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${id}-error` : undefined}
                      >
                        <option value="">{field.required ? t('bo-imports.mapping.chooseColumn') : t('bo-imports.mapping.notImported')}</option>
                        {header.map((name) => (
                          <option key={name} value={name}>
                            {name}
                          </option>
                        ))}
                      </select>
                      {error ? (
                        <p id={`${id}-error`} className="field-error">
                          {t(error)}
                        </p>
                      ) : null}
                    </td>
                    <td className="imp-sample">{column ? samples[header.indexOf(column)] : ''}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <div className="field">
          <label htmlFor="presetName">{t('bo-imports.mapping.saveAs')}</label>
          <input
            id="presetName"
            name="presetName"
            maxLength={presetNameMax}
            defaultValue={actionData?.presetName ?? ''}
            aria-invalid={errors.presetName ? true : undefined}
            aria-describedby={errors.presetName ? 'presetName-error' : 'presetName-hint'}
          />
          <p id="presetName-hint" className="hint">
            {t('bo-imports.mapping.saveAsHint')}
          </p>
          {errors.presetName ? (
            <p id="presetName-error" className="field-error">
              {t(errors.presetName)}
            </p>
          ) : null}
        </div>
        <div className="imp-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('bo-imports.mapping.submit')}
          </button>
          <Link to="/imports/new">{t('bo-imports.mapping.otherFile')}</Link>
        </div>
      </Form>
    </>
  )
}
