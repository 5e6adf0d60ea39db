import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { listImportEntities } from '@quittance/db/repositories/imports'
import { IMPORT_KINDS } from '@quittance/domain/imports/import-fields'
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ZIP_BYTES } from '@quittance/use-cases/imports/import-limits'
import { uploadImport } from '@quittance/use-cases/imports/upload-import'
import importStyles from '~/components/imports/imports.css?url'
import { Breadcrumb, ImportSteps } from '~/components/imports/ui'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: importStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const MB = 1024 * 1024

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, 'run:imports')
  const entities = await listImportEntities(context.db)
  const kind = new URL(request.url).searchParams.get('kind')
  return {
    entities: entities.map((e) => ({ id: e.id, label: `${e.code} — ${e.legalName}` })),
    kind: (IMPORT_KINDS as readonly string[]).includes(kind ?? '') ? kind : 'invoices',
    maxFileMb: MAX_IMPORT_FILE_BYTES / MB,
    maxZipMb: MAX_IMPORT_ZIP_BYTES / MB,
  }
}

const UploadSchema = z.object({
  entityId: z.uuid({ error: 'bo-imports.new.entityRequired' }),
  kind: z.enum(IMPORT_KINDS, { error: 'bo-imports.new.kindRequired' }),
})

type FieldErrors = Partial<Record<'entityId' | 'kind' | 'file' | 'zip', string>>

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  // The whole request is refused early when it announces more than the two files together may weigh.
  const announced = Number(request.headers.get('Content-Length') ?? 0)
  if (announced > MAX_IMPORT_FILE_BYTES + MAX_IMPORT_ZIP_BYTES + MB) {
    return data({ fieldErrors: { file: 'bo-imports.reason.file_too_large' } as FieldErrors }, { status: 413 })
  }
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(unstable_createMemoryUploadHandler({ maxPartSize: Math.max(MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ZIP_BYTES) })),
    )
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      const field = error.field === 'zip' ? 'zip' : 'file'
      return data({ fieldErrors: { [field]: `bo-imports.reason.${field === 'zip' ? 'zip_too_large' : 'file_too_large'}` } as FieldErrors }, { status: 413 })
    }
    throw error
  }
  const parsed = UploadSchema.safeParse({ entityId: formData.get('entityId'), kind: formData.get('kind') })
  const file = formData.get('file')
  const zip = formData.get('zip')
  const fieldErrors: FieldErrors = {}
  if (!parsed.success) for (const issue of parsed.error.issues) fieldErrors[issue.path[0] as 'entityId' | 'kind'] = issue.message
  if (!(file instanceof File) || file.size === 0) fieldErrors.file = file instanceof File && file.name ? 'bo-imports.reason.file_empty' : 'bo-imports.new.fileRequired'
  if (!parsed.success || fieldErrors.file) return data({ fieldErrors }, { status: 400 })

  const result = await uploadImport(context.db, {
    entityId: parsed.data.entityId,
    kind: parsed.data.kind,
    file: { name: (file as File).name, bytes: new Uint8Array(await (file as File).arrayBuffer()) },
    zip: zip instanceof File && zip.size > 0 ? { name: zip.name, bytes: new Uint8Array(await zip.arrayBuffer()) } : null,
    actor: { type: 'staff', id: staff.id },
  })
  if (!result.ok) {
    const field = result.error === 'unknown_entity' ? 'entityId' : result.error.startsWith('zip_') ? 'zip' : 'file'
    return data({ fieldErrors: { [field]: `bo-imports.reason.${result.error}` } as FieldErrors }, { status: 422 })
  }
  return redirect(`/imports/${result.value.importId}/mapping`, { status: 303 })
}

export default function NewImport() {
  const { entities, kind, maxFileMb, maxZipMb } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const errors: FieldErrors = actionData?.fieldErrors ?? {}
  const invalid = (name: keyof FieldErrors) =>
    errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${name}-error` } : { 'aria-describedby': `${name}-hint` }
  const error = (name: keyof FieldErrors) =>
    errors[name] ? (
      <p id={`${name}-error`} className="field-error">
        {t(errors[name]!)}
      </p>
    ) : null
  return (
    <>
      <Breadcrumb />
      <h1>{t('bo-imports.new.title')}</h1>
      <ImportSteps current="upload" editable={false} />
      {Object.keys(errors).length > 0 ? (
        <p className="form-error" role="alert">
          {t('common.fixErrors')}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack card" noValidate>
        <div className="field">
          <label htmlFor="entityId">{t('bo-imports.new.entity')}</label>
          <select id="entityId" name="entityId" required defaultValue={entities.length === 1 ? entities[0]!.id : undefined} {...invalid('entityId')}>
            {entities.length > 1 ? <option value="">{t('bo-imports.new.chooseEntity')}</option> : null}
            {entities.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
          <p id="entityId-hint" className="hint">
            {t('bo-imports.new.entityHint')}
          </p>
          {error('entityId')}
        </div>
        <div className="field">
          <label htmlFor="kind">{t('bo-imports.new.kind')}</label>
          <select id="kind" name="kind" required defaultValue={kind ?? 'invoices'} {...invalid('kind')}>
            {['customers', 'contacts', 'invoices', 'payments'].map((k) => (
              <option key={k} value={k}>
                {t(`bo-imports.kind.${k}`)}
              </option>
            ))}
          </select>
          <p id="kind-hint" className="hint">
            {t('bo-imports.new.kindHint')}
          </p>
          {error('kind')}
        </div>
        <div className="field">
          <label htmlFor="file">{t('bo-imports.new.file')}</label>
          <input id="file" name="file" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" required {...invalid('file')} />
          <p id="file-hint" className="hint">
            {t('bo-imports.new.fileHint', { max: maxFileMb })}
          </p>
          {error('file')}
        </div>
        <div className="field">
          <label htmlFor="zip">{t('bo-imports.new.zip')}</label>
          <input id="zip" name="zip" type="file" accept=".zip,application/zip" {...invalid('zip')} />
          <p id="zip-hint" className="hint">
            {t('bo-imports.new.zipHint', { max: maxZipMb })}
          </p>
          {error('zip')}
        </div>
        <div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('bo-imports.new.uploading') : t('bo-imports.new.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
