import { isImportKind } from '@quittance/domain/imports/import-fields'
import { checkMapping, type MappingProblem } from '@quittance/domain/imports/mapping'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { lockImportJob, markImportQueued, type ImportMode } from '@quittance/db/repositories/imports'
import { enqueueJob } from '@quittance/jobs/enqueue-job'
import { loadImportHead } from './import-file'
import { IMPORT_JOB_NAME } from './import-job-name'
import type { ImportActor } from './upload-import'

export type StartImportError = { code: 'not_found' } | { code: 'already_started' } | { code: 'invalid_mapping'; problems: MappingProblem[] }

/**
 * Chooses the rule for bad rows and hands the import to a background job, in one transaction with the status
 * change: starting twice (double click, two tabs) enqueues one job. Every row is checked by the job itself, before
 * anything is written when the rule is all-or-nothing: a large file is never read inside a web request.
 */
export async function startImport(
  db: Db,
  input: { importId: string; mode: ImportMode; actor: ImportActor },
): Promise<Result<{ jobId: number }, StartImportError>> {
  const head = await loadImportHead(db, input.importId, 0)
  if (!head || !isImportKind(head.job.kind)) return err({ code: 'not_found' })
  const problems = checkMapping(head.job.kind, head.header, head.job.mapping ?? {})
  if (problems.length > 0) return err({ code: 'invalid_mapping', problems })
  return db.transaction(async (tx): Promise<Result<{ jobId: number }, StartImportError>> => {
    const job = await lockImportJob(tx, input.importId)
    if (!job) return err({ code: 'not_found' })
    if (job.status !== 'uploaded' && job.status !== 'validated') return err({ code: 'already_started' })
    await markImportQueued(tx, { importId: job.id, mode: input.mode })
    const queued = await enqueueJob(tx, { name: IMPORT_JOB_NAME, payload: { importId: job.id }, maxAttempts: 5 })
    await insertAuditEvent(tx, {
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: 'import.started',
      subjectType: 'import',
      subjectId: job.id,
      entityId: job.entityId,
      after: { mode: input.mode, jobId: queued.id, mapping: job.mapping },
    })
    return ok({ jobId: queued.id })
  })
}
