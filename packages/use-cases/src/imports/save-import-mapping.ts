import { isImportKind } from '@quittance/domain/imports/import-fields'
import { checkMapping, type ImportMapping, type MappingProblem } from '@quittance/domain/imports/mapping'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { lockImportJob, updateImportMapping, upsertMappingPreset } from '@quittance/db/repositories/imports'
import { loadImportHead } from './import-file'
import type { ImportActor } from './upload-import'

export type SaveMappingError =
  | { code: 'not_found' }
  | { code: 'not_editable' }
  | { code: 'invalid_mapping'; problems: MappingProblem[] }
  | { code: 'preset_name_invalid' }

export const PRESET_NAME_MAX_LENGTH = 80

/**
 * Records which column feeds which field, once checked against the file's header; optionally saves it as a named
 * preset of the entity for this kind of file (same name: replaced). Only before the import starts.
 */
export async function saveImportMapping(
  db: Db,
  input: { importId: string; mapping: ImportMapping; presetName?: string | null; actor: ImportActor },
): Promise<Result<{ presetId: string | null }, SaveMappingError>> {
  const head = await loadImportHead(db, input.importId, 0)
  if (!head || !isImportKind(head.job.kind)) return err({ code: 'not_found' })
  const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, column]) => column !== ''))
  const problems = checkMapping(head.job.kind, head.header, mapping)
  if (problems.length > 0) return err({ code: 'invalid_mapping', problems })
  const presetName = input.presetName?.trim() || null
  if (presetName !== null && presetName.length > PRESET_NAME_MAX_LENGTH) return err({ code: 'preset_name_invalid' })

  return db.transaction(async (tx): Promise<Result<{ presetId: string | null }, SaveMappingError>> => {
    const job = await lockImportJob(tx, input.importId)
    if (!job) return err({ code: 'not_found' })
    if (job.status !== 'uploaded' && job.status !== 'validated') return err({ code: 'not_editable' })
    await updateImportMapping(tx, { importId: job.id, mapping })
    const preset = presetName ? await upsertMappingPreset(tx, { entityId: job.entityId, kind: job.kind, name: presetName, mapping }) : null
    await insertAuditEvent(tx, {
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: 'import.mapping_saved',
      subjectType: 'import',
      subjectId: job.id,
      entityId: job.entityId,
      before: { mapping: job.mapping },
      after: { mapping, presetName },
    })
    return ok({ presetId: preset?.id ?? null })
  })
}
