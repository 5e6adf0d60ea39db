import { analyseCsvFile } from '@quittance/domain/imports/csv-file'
import type { ImportKind } from '@quittance/domain/imports/import-fields'
import { suggestMapping } from '@quittance/domain/imports/mapping'
import type { FileRejectionReason } from '@quittance/domain/imports/reasons'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { findImportEntity, insertImportJob } from '@quittance/db/repositories/imports'
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ZIP_BYTES } from './import-limits'
import { openInvoicePdfArchive } from './invoice-pdfs'
import { isZip } from './zip-archive'

export type ImportActor = { type: 'staff' | 'system'; id: string | null }

export type UploadImportError = FileRejectionReason | 'unknown_entity' | 'zip_not_for_this_kind'

export type UploadedImport = {
  importId: string
  encoding: string
  delimiter: string
  header: string[]
  estimatedRows: number
  pdfCount: number | null
}

/**
 * Stores an uploaded CSV file (and the optional zip of invoice PDFs) after checking what it is by its content:
 * size, text and not a workbook or a PDF, encoding, separator and header. Nothing is read as rows yet; the
 * suggested mapping is saved with it.
 */
export async function uploadImport(
  db: Db,
  input: {
    entityId: string
    kind: ImportKind
    file: { name: string; bytes: Uint8Array }
    zip?: { name: string; bytes: Uint8Array } | null
    actor: ImportActor
  },
): Promise<Result<UploadedImport, UploadImportError>> {
  if (input.file.bytes.byteLength > MAX_IMPORT_FILE_BYTES) return err('file_too_large')
  const analysis = analyseCsvFile(input.file.bytes)
  if (!analysis.ok) return err(analysis.error)

  let pdfCount: number | null = null
  const zip = input.zip && input.zip.bytes.byteLength > 0 ? input.zip : null
  if (zip) {
    if (input.kind !== 'invoices') return err('zip_not_for_this_kind')
    if (zip.bytes.byteLength > MAX_IMPORT_ZIP_BYTES) return err('zip_too_large')
    const archive = isZip(zip.bytes) ? openInvoicePdfArchive(zip.bytes) : null
    if (!archive) return err('zip_invalid')
    pdfCount = archive.entryCount
  }

  const entity = await findImportEntity(db, { id: input.entityId })
  if (!entity) return err('unknown_entity')
  const { encoding, delimiter, header, estimatedRows } = analysis.value
  const mapping = suggestMapping(input.kind, header)
  const filename = safeFileName(input.file.name)
  const importId = await db.transaction(async (tx) => {
    const { id } = await insertImportJob(tx, {
      entityId: entity.id,
      kind: input.kind,
      filename,
      content: input.file.bytes,
      attachmentsZip: zip?.bytes ?? null,
      encoding,
      delimiter,
      mapping,
      estimatedRows,
      createdBy: input.actor.type === 'staff' ? input.actor.id : null,
    })
    await insertAuditEvent(tx, {
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: 'import.uploaded',
      subjectType: 'import',
      subjectId: id,
      entityId: entity.id,
      after: { kind: input.kind, filename, sizeBytes: input.file.bytes.byteLength, encoding, delimiter, columns: header.length, pdfCount },
    })
    return id
  })
  return ok({ importId, encoding, delimiter, header, estimatedRows, pdfCount })
}

/** The name as shown in lists: no path, no control characters, at most 255 characters. */
export function safeFileName(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return (clean || 'import.csv').slice(0, 255)
}
