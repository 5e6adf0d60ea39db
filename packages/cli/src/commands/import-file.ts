import { readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import type { Db } from '@quittance/db/client'
import {
  findImportEntity,
  findImportJob,
  findMappingPreset,
  listImportEntities,
  listImportRejections,
  summariseImportRejections,
  type ImportMode,
} from '@quittance/db/repositories/imports'
import { fieldsOf, isImportKind, IMPORT_KINDS, type ImportKind } from '@quittance/domain/imports/import-fields'
import { applyPreset, checkMapping } from '@quittance/domain/imports/mapping'
import { runJobNow } from '@quittance/jobs/job-runner'
import { loadImportHead } from '@quittance/use-cases/imports/import-file'
import { MAX_IMPORT_FILE_BYTES } from '@quittance/use-cases/imports/import-limits'
import { saveImportMapping } from '@quittance/use-cases/imports/save-import-mapping'
import { startImport } from '@quittance/use-cases/imports/start-import'
import { uploadImport } from '@quittance/use-cases/imports/upload-import'
import { JOB_HANDLERS } from '@quittance/use-cases/jobs/job-handlers'
import { CommandError } from './command-error'

export type ImportCommandOptions = {
  kind: string | undefined
  file: string | undefined
  entity?: string
  mode?: string
  mapping?: string
  zip?: string
  log?: (line: string) => void
}

const ACTOR = { type: 'system', id: 'cli' } as const

/**
 * `quittance import <kind> <file>`: the back office's import from the command line. The mapping is a saved preset
 * (--mapping NAME) or the suggested one; the job runs in this process (unless a worker took it first, then this
 * follows its progress). Returns false when nothing was imported because of the all-or-nothing rule.
 */
export async function importFileCommand(db: Db, options: ImportCommandOptions): Promise<{ imported: boolean }> {
  const log = options.log ?? ((line: string) => console.log(line))
  if (!isImportKind(options.kind)) throw new CommandError(`Give what the file contains: ${IMPORT_KINDS.join(', ')}.`)
  const kind: ImportKind = options.kind
  if (!options.file) throw new CommandError('Give the CSV file to import, for example: pnpm quittance import invoices ./invoices.csv')
  const mode = (options.mode ?? 'valid_rows') as ImportMode
  if (mode !== 'valid_rows' && mode !== 'all_or_nothing') throw new CommandError('--mode must be valid_rows or all_or_nothing.')
  const bytes = readLimited(options.file, MAX_IMPORT_FILE_BYTES)
  const zip = options.zip ? readLimited(options.zip, MAX_IMPORT_FILE_BYTES) : null
  const entity = await chooseEntity(db, options.entity)

  const uploaded = await uploadImport(db, {
    entityId: entity.id,
    kind,
    file: { name: basename(options.file), bytes },
    zip: zip && options.zip ? { name: basename(options.zip), bytes: zip } : null,
    actor: ACTOR,
  })
  if (!uploaded.ok) throw new CommandError(`The file was refused: ${UPLOAD_ERRORS[uploaded.error] ?? uploaded.error}.`)
  const { importId, encoding, delimiter, header } = uploaded.value
  log(`${basename(options.file)}: ${encoding}, separator ${JSON.stringify(delimiter)}, ${header.length} columns. Import ${importId}.`)

  const head = await loadImportHead(db, importId, 0)
  let mapping = head?.job.mapping ?? {}
  if (options.mapping) {
    const preset = await findMappingPreset(db, { entityId: entity.id, kind, name: options.mapping })
    if (!preset) throw new CommandError(`No saved mapping "${options.mapping}" for ${kind} of ${entity.code}.`)
    mapping = applyPreset(kind, header, preset.mapping)
  }
  const problems = checkMapping(kind, header, mapping)
  if (problems.length > 0) {
    throw new CommandError(
      `The columns could not all be matched: ${problems.map((p) => `${p.field} (${p.reason})`).join(', ')}.\n` +
        'Rename the columns of the file, or save a mapping in the back office and pass --mapping NAME.',
    )
  }
  const order = fieldsOf(kind).map((f) => f.key)
  const shown = Object.entries(mapping).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
  log(`Columns: ${shown.map(([field, column]) => `${field} ← "${column}"`).join(', ')}`)
  const saved = await saveImportMapping(db, { importId, mapping, actor: ACTOR })
  if (!saved.ok) throw new CommandError(`The mapping was refused: ${saved.error.code}.`)
  const started = await startImport(db, { importId, mode, actor: ACTOR })
  if (!started.ok) throw new CommandError(`The import could not start: ${started.error.code}.`)

  // Run it here; report progress meanwhile (on PGlite the reads wait for each batch to commit, which is fine).
  let done = false
  const running = runJobNow(db, { jobId: started.value.jobId, handlers: JOB_HANDLERS, workerId: `cli:${process.pid}` }).finally(() => {
    done = true
  })
  let last = ''
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const job = await findImportJob(db, importId)
    if (!job) break
    const line = `${job.status}: ${job.processedRows} rows read, ${job.importedRows} imported, ${job.unchangedRows} unchanged, ${job.rejectedRows} rejected`
    if (line !== last) log(line)
    last = line
    if (job.status === 'completed' || job.status === 'failed') break
  }
  const outcome = await running
  if (outcome === null) {
    // A worker took the job first: follow it to its end.
    for (;;) {
      const job = await findImportJob(db, importId)
      if (!job || job.status === 'completed' || job.status === 'failed') break
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }

  const job = (await findImportJob(db, importId))!
  log(`\n${job.status === 'completed' ? 'Done' : 'Not imported'}: ${job.processedRows} rows read, ${job.importedRows} added or updated, ${job.unchangedRows} unchanged, ${job.rejectedRows} rejected.`)
  const summary = await summariseImportRejections(db, importId)
  if (summary.length > 0) {
    log(`Rejections by reason: ${summary.map((s) => `${s.reason} × ${s.count}`).join(', ')}`)
    const first = await listImportRejections(db, { importId, limit: 20 })
    for (const r of first) log(`  line ${r.lineNumber}${r.column ? `, column "${r.column}"` : ''}: ${r.reason}`)
    if (job.rejectedRows > first.length) log(`  … the full report is in the back office: /imports/${importId}`)
  }
  if (job.status === 'failed') {
    if (job.failureReason === 'all_or_nothing_refused') {
      log('Nothing was imported: some rows are rejected and --mode all_or_nothing was chosen.')
      return { imported: false }
    }
    throw new CommandError(`The import failed (${job.failureReason ?? 'unknown reason'}).`)
  }
  if (outcome === 'retry') throw new CommandError('The import stopped on an error; a worker will retry it. See the back office.')
  return { imported: true }
}

async function chooseEntity(db: Db, code: string | undefined) {
  if (code) {
    const entity = await findImportEntity(db, { code })
    if (!entity) throw new CommandError(`No entity has the code "${code}".`)
    return entity
  }
  const entities = await listImportEntities(db)
  if (entities.length === 1) return entities[0]!
  if (entities.length === 0) throw new CommandError('There is no creditor entity yet: create one first.')
  throw new CommandError(`Several entities exist: choose one with --entity (${entities.map((e) => e.code).join(', ')}).`)
}

function readLimited(path: string, max: number): Uint8Array {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    throw new CommandError(`Cannot read ${path}.`)
  }
  if (size > max) throw new CommandError(`${path} is larger than ${max / (1024 * 1024)} MB.`)
  return new Uint8Array(readFileSync(path))
}

const UPLOAD_ERRORS: Record<string, string> = {
  file_empty: 'the file is empty',
  file_too_large: 'the file is too large',
  not_text: 'it is not a text file',
  spreadsheet_not_csv: 'it is a spreadsheet workbook; save it as CSV first',
  pdf_not_csv: 'it is a PDF, not a CSV file',
  no_columns: 'no columns found (a header line and at least two columns are needed)',
  header_too_long: 'the header line is too long',
  zip_invalid: 'the zip of PDFs cannot be read',
  zip_too_large: 'the zip is too large',
  zip_not_for_this_kind: 'a zip of PDFs only goes with invoices',
  unknown_entity: 'unknown entity',
}
