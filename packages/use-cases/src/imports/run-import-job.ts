import { readDataRecords, readHeader } from '@quittance/domain/imports/csv-file'
import { isImportKind, type ImportKind } from '@quittance/domain/imports/import-fields'
import { checkMapping, type ImportMapping } from '@quittance/domain/imports/mapping'
import { createRowValidator, type RowOf } from '@quittance/domain/imports/validate-row'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  addImportProgress,
  clearStagedInvoices,
  countImportRejections,
  countStagedInvoices,
  deleteImportRejections,
  findImportEntity,
  findImportJob,
  finishImport,
  insertImportRejections,
  loadImportFiles,
  markImportRunning,
  planStagedInvoiceChunks,
  saveImportProgress,
  stageImportedInvoices,
  tuneImportTransaction,
  upsertNextStagedInvoices,
  upsertStagedInvoices,
  type ImportCounters,
  type ImportEntity,
  type ImportJobRecord,
  type ImportRejectionInput,
} from '@quittance/db/repositories/imports'
import { PermanentJobError, type JobContext } from '@quittance/jobs/types'
import { storedFormat, type StoredFormat } from './import-file'
import { IMPORT_BATCH_ROWS, IMPORT_BATCH_ROWS_WITH_PDFS, IMPORT_STAGE_ROWS, IMPORT_UPSERT_CHUNK_ROWS, IMPORT_WRITERS, MAX_STORED_REJECTIONS } from './import-limits'
import { openInvoicePdfArchive } from './invoice-pdfs'
import { batchWriterFor, type BatchOutcome, type BatchWriter } from './write-import-batch'

// The background job of an import. It streams the stored file, checks every row, and writes the good ones in
// batches. The rule for bad rows is the user's:
//
// - valid_rows: each batch is one transaction holding its rows, its rejections and the counters. The counters are
//   the resume point: after a crash or a restart the job carries on after the last committed batch, and the counts
//   stay exact. Re-importing the same file writes nothing: every upsert only touches rows that differ.
// - all_or_nothing: a first pass checks every row, with the database checks run in transactions that are rolled
//   back, and refuses the whole file if any row is bad. Only then a second pass writes everything in ONE
//   transaction; a row refused there (something changed in between) rolls it all back. Nothing is half-imported.

export type ImportJobPayload = { importId: string }

const RAW_LINE_LIMIT = 1000

type Run<K extends ImportKind> = {
  db: Db
  job: ImportJobRecord
  kind: K
  entity: ImportEntity
  header: string[]
  mapping: ImportMapping
  content: Uint8Array
  format: StoredFormat
  batchRows: number
  write: BatchWriter<K>
  context: JobContext
  /** Rejections stored so far, against MAX_STORED_REJECTIONS. */
  stored: number
}

/** Stores what still fits under the cap of the report. */
async function storeRejections(db: Db, run: { job: ImportJobRecord; stored: number }, rejections: ImportRejectionInput[]) {
  const room = Math.max(0, MAX_STORED_REJECTIONS - run.stored)
  const kept = rejections.length > room ? rejections.slice(0, room) : rejections
  await insertImportRejections(db, { importId: run.job.id, rejections: kept })
  return kept.length
}

export async function runImportJob(payload: ImportJobPayload, context: JobContext): Promise<void> {
  const { db } = context
  const importId = typeof payload?.importId === 'string' ? payload.importId : ''
  const job = /^[0-9a-f-]{36}$/i.test(importId) ? await findImportJob(db, importId) : null
  if (!job) throw new PermanentJobError(`import ${importId} does not exist`)
  if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') return
  try {
    await runImport(db, job, context)
  } catch (error) {
    // The last attempt records why the import failed, so its page does not say "running" for ever. A stop for
    // shutdown is not a failure: the job goes back to the queue and resumes.
    if (!context.signal.aborted && (context.attempt >= context.maxAttempts || error instanceof PermanentJobError)) {
      await finishImport(db, { importId: job.id, status: 'failed', failureReason: 'internal_error', ...countersOf(await findImportJob(db, job.id)) })
      await clearStagedInvoices(db, job.id)
    }
    throw error
  }
}

async function runImport(db: Db, job: ImportJobRecord, context: JobContext) {
  const kind = job.kind
  const entity = await findImportEntity(db, { id: job.entityId })
  const files = await loadImportFiles(db, job.id)
  if (!isImportKind(kind) || !entity || !files) throw new PermanentJobError(`import ${job.id} is incomplete`)
  const format = storedFormat(job)
  const header = readHeader(files.content, format.encoding, format.delimiter)
  const mapping = job.mapping ?? {}
  if (!Array.isArray(header) || checkMapping(kind, header, mapping).length > 0) {
    await finishImport(db, { importId: job.id, status: 'failed', failureReason: 'invalid_mapping', ...countersOf(job) })
    return
  }
  const pdfs = files.attachmentsZip ? openInvoicePdfArchive(files.attachmentsZip) : null
  await markImportRunning(db, job.id)
  const mappedFields = new Set(Object.keys(mapping))
  // Invoices without PDFs go through the staging table: whole customers per statement (see below).
  const staged = kind === 'invoices' && !pdfs
  const run: Run<ImportKind> = {
    db,
    job,
    kind,
    entity,
    header,
    mapping,
    content: files.content,
    format,
    batchRows: pdfs ? IMPORT_BATCH_ROWS_WITH_PDFS : staged ? IMPORT_STAGE_ROWS : IMPORT_BATCH_ROWS,
    write: batchWriterFor(kind, { importId: job.id, entity, mappedFields, pdfs }),
    context,
    stored: job.mode === 'valid_rows' ? await countImportRejections(db, job.id) : 0,
  }
  const counters = staged
    ? job.mode === 'all_or_nothing'
      ? await stagedAllOrNothing(run as Run<'invoices'>)
      : await stagedValidRows(run as Run<'invoices'>)
    : job.mode === 'all_or_nothing'
      ? await importAllOrNothing(run)
      : await importValidRows(run)
  await insertAuditEvent(db, {
    actorType: 'system',
    actorId: `import:${job.id}`,
    action: counters.refused ? 'import.refused' : 'import.completed',
    subjectType: 'import',
    subjectId: job.id,
    entityId: entity.id,
    after: { kind, mode: job.mode, ...counters.counters },
  })
}

type Batch<K extends ImportKind> = {
  /** Data records consumed so far, this batch included: the resume point. */
  recordsSoFar: number
  rows: RowOf<K>[]
  raw: Map<number, string>
  rejections: ImportRejectionInput[]
  rejectedRows: number
}

/**
 * Batches one step ahead: the next batch is read and checked while the current one is written.
 */
async function* prefetched<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next()
  for (;;) {
    const current = await next
    if (current.done) return
    next = source.next()
    // A failure of the prefetch surfaces when it is awaited; until then it must not be reported as unhandled.
    next.catch(() => {})
    yield current.value
  }
}

/**
 * The file's data records as batches of validated rows and rejections. The first `skip` records were handled by
 * an earlier run: they are validated again (so duplicates across the resume point are still seen) but not given.
 */
async function* batches<K extends ImportKind>(run: Run<K>, skip: number): AsyncGenerator<Batch<K>> {
  const validator = createRowValidator(run.kind, run.header, run.mapping, { currency: run.entity.baseCurrency, country: run.entity.country })
  let batch: Batch<K> = { recordsSoFar: 0, rows: [], raw: new Map(), rejections: [], rejectedRows: 0 }
  let records = 0
  for (const record of readDataRecords(run.content, run.format.encoding, run.format.delimiter)) {
    records++
    // Reading and checking rows is CPU work: give the event loop a turn now and then, so the database round trips
    // of the batch being written (and web requests, in the web process) are not held up by it.
    if (records % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
    const result = validator.validate(record)
    if (records <= skip) continue
    if (result.ok) {
      batch.rows.push(result.row)
      batch.raw.set(result.line, record.raw)
    } else {
      batch.rejectedRows++
      const raw = record.raw.slice(0, RAW_LINE_LIMIT)
      for (const error of result.errors) batch.rejections.push({ lineNumber: error.line, column: error.column, reason: error.reason, rawLine: raw })
    }
    if (batch.rows.length + batch.rejectedRows >= run.batchRows) {
      batch.recordsSoFar = records
      yield batch
      batch = { recordsSoFar: 0, rows: [], raw: new Map(), rejections: [], rejectedRows: 0 }
    }
  }
  batch.recordsSoFar = records
  if (batch.rows.length + batch.rejectedRows > 0) yield batch
}

/** Rejections of the database checks, with the column as the user named it and the row as written. */
function rejectionsOf<K extends ImportKind>(run: Run<K>, batch: Batch<K>, outcomes: readonly BatchOutcome[]) {
  const rejections: ImportRejectionInput[] = []
  for (const o of outcomes) {
    if (o.outcome !== 'rejected') continue
    rejections.push({ lineNumber: o.line, column: run.mapping[o.field] ?? null, reason: o.reason, rawLine: batch.raw.get(o.line)?.slice(0, RAW_LINE_LIMIT) ?? null })
  }
  return rejections
}

function tally(outcomes: readonly BatchOutcome[]) {
  let imported = 0
  let unchanged = 0
  let rejected = 0
  for (const o of outcomes) {
    if (o.outcome === 'inserted' || o.outcome === 'updated') imported++
    else if (o.outcome === 'unchanged') unchanged++
    else rejected++
  }
  return { imported, unchanged, rejected }
}

function countersOf(job: ImportJobRecord | null): ImportCounters {
  return {
    processedRows: job?.processedRows ?? 0,
    importedRows: job?.importedRows ?? 0,
    unchangedRows: job?.unchangedRows ?? 0,
    rejectedRows: job?.rejectedRows ?? 0,
  }
}

function stopIfAsked(context: JobContext) {
  if (context.signal.aborted) throw new Error('import interrupted by shutdown; it resumes when a worker picks it up again')
}

async function importValidRows<K extends ImportKind>(run: Run<K>): Promise<{ counters: ImportCounters; refused: boolean }> {
  const { db, job } = run
  // Resuming: the counters of the last committed batch say where to carry on.
  const counters: ImportCounters = countersOf(job)
  for await (const batch of prefetched(batches(run, counters.processedRows))) {
    stopIfAsked(run.context)
    const next = await db.transaction(async (tx) => {
      await tuneImportTransaction(tx)
      const outcomes = batch.rows.length > 0 ? await run.write(tx, batch.rows) : []
      const stored = await storeRejections(tx, run, [...batch.rejections, ...rejectionsOf(run, batch, outcomes)])
      const { imported, unchanged, rejected } = tally(outcomes)
      const after: ImportCounters = {
        processedRows: batch.recordsSoFar,
        importedRows: counters.importedRows + imported,
        unchangedRows: counters.unchangedRows + unchanged,
        rejectedRows: counters.rejectedRows + batch.rejectedRows + rejected,
      }
      await saveImportProgress(tx, { importId: job.id, ...after })
      return { after, stored }
    })
    Object.assign(counters, next.after)
    run.stored += next.stored
    await run.context.reportProgress()
    // Let waiting requests through between batches (PGlite serves everything on one connection).
    await new Promise((resolve) => setImmediate(resolve))
  }
  await finishImport(db, { importId: job.id, status: 'completed', failureReason: null, ...counters, totalRows: counters.processedRows })
  return { counters, refused: false }
}

class Rollback extends Error {
  constructor(readonly outcomes: BatchOutcome[]) {
    super('rolled back on purpose')
  }
}

async function importAllOrNothing<K extends ImportKind>(run: Run<K>): Promise<{ counters: ImportCounters; refused: boolean }> {
  const { db, job } = run
  // Both passes start from the beginning on every attempt: nothing of a previous attempt was committed.
  await deleteImportRejections(db, job.id)
  let processed = 0
  let rejectedRows = 0
  for await (const batch of prefetched(batches(run, 0))) {
    stopIfAsked(run.context)
    let outcomes: BatchOutcome[] = []
    if (batch.rows.length > 0) {
      try {
        await db.transaction(async (tx) => {
          await tuneImportTransaction(tx)
          throw new Rollback(await run.write(tx, batch.rows))
        })
      } catch (error) {
        if (!(error instanceof Rollback)) throw error
        outcomes = error.outcomes
      }
    }
    run.stored += await storeRejections(db, run, [...batch.rejections, ...rejectionsOf(run, batch, outcomes)])
    processed = batch.recordsSoFar
    rejectedRows += batch.rejectedRows + tally(outcomes).rejected
    await saveImportProgress(db, { importId: job.id, processedRows: processed, importedRows: 0, unchangedRows: 0, rejectedRows })
    await run.context.reportProgress()
  }
  if (rejectedRows > 0) {
    const counters = { processedRows: processed, importedRows: 0, unchangedRows: 0, rejectedRows, totalRows: processed }
    await finishImport(db, { importId: job.id, status: 'failed', failureReason: 'all_or_nothing_refused', ...counters })
    return { counters, refused: true }
  }

  // Every row passed: write them all in one transaction.
  const late: ImportRejectionInput[] = []
  let lateRows = 0
  let result: ImportCounters | null = null
  try {
    result = await db.transaction(async (tx) => {
      await tuneImportTransaction(tx)
      let imported = 0
      let unchanged = 0
      for await (const batch of prefetched(batches(run, 0))) {
        stopIfAsked(run.context)
        const outcomes = batch.rows.length > 0 ? await run.write(tx, batch.rows) : []
        const counts = tally(outcomes)
        imported += counts.imported
        unchanged += counts.unchanged
        if (counts.rejected > 0 || batch.rejectedRows > 0) {
          late.push(...batch.rejections, ...rejectionsOf(run, batch, outcomes))
          lateRows += counts.rejected + batch.rejectedRows
        }
      }
      if (lateRows > 0) throw new Rollback([])
      const counters = { processedRows: processed, importedRows: imported, unchangedRows: unchanged, rejectedRows: 0, totalRows: processed }
      await finishImport(tx, { importId: job.id, status: 'completed', failureReason: null, ...counters })
      return counters
    })
  } catch (error) {
    if (!(error instanceof Rollback)) throw error
  }
  if (result) return { counters: result, refused: false }
  await storeRejections(db, run, late)
  const counters = { processedRows: processed, importedRows: 0, unchangedRows: 0, rejectedRows: lateRows, totalRows: processed }
  await finishImport(db, { importId: job.id, status: 'failed', failureReason: 'all_or_nothing_refused', ...counters })
  return { counters, refused: true }
}

// Invoices through the staging table ---------------------------------------------------------------------------
//
// The balance triggers refresh every customer a statement touches, from all its invoices. Written in file order, a
// file whose customers come round again and again has each customer refreshed once per batch it appears in. Staged
// first, the rows are written a chunk of whole customers at a time: each customer is refreshed about once per file.
//
// valid_rows: 1. every batch of the file is checked and its valid rows staged, in one transaction with its
// rejections and the counters (processedRows is the resume point of this step, as for the other kinds); 2. chunks
// of staged rows are taken out of the staging table and upserted, each in one transaction with its rejections and
// counters: the rows still staged are the resume point of this step. A crash or a stop at any moment resumes with
// exact counts. all_or_nothing: the check pass stages and writes each batch in a transaction rolled back; the
// writing pass stages the whole file and writes it in one transaction.

function stagedRowsOf(batch: Batch<'invoices'>) {
  return batch.rows.map((row) => ({ ...row, rawLine: batch.raw.get(row.line)?.slice(0, RAW_LINE_LIMIT) ?? null }))
}

function chunkRejections(run: Run<'invoices'>, chunk: Awaited<ReturnType<typeof upsertNextStagedInvoices>>): ImportRejectionInput[] {
  return chunk.rejections.map((r) => ({ lineNumber: r.line, column: run.mapping[r.field] ?? null, reason: r.reason, rawLine: r.rawLine }))
}

const upsertChunk = (tx: Db, run: Run<'invoices'>) =>
  upsertNextStagedInvoices(tx, {
    importId: run.job.id,
    entityId: run.entity.id,
    maxRows: IMPORT_UPSERT_CHUNK_ROWS,
    updatePurchaseOrder: run.mapping.purchase_order !== undefined,
  })

async function stagedValidRows(run: Run<'invoices'>): Promise<{ counters: ImportCounters; refused: boolean }> {
  const { db, job } = run
  const counters: ImportCounters = countersOf(job)
  // Every row read is rejected, written (added, updated or unchanged) or still staged. The staging table is
  // UNLOGGED: after a crash of PostgreSQL it is empty while the counters say rows wait there. The import then
  // starts again from its first row; what was written before comes back unchanged.
  const expectedStaged = counters.processedRows - counters.rejectedRows - counters.importedRows - counters.unchangedRows
  if (counters.processedRows > 0 && (await countStagedInvoices(db, job.id)) !== expectedStaged) {
    await db.transaction(async (tx) => {
      await clearStagedInvoices(tx, job.id)
      await deleteImportRejections(tx, job.id)
      await saveImportProgress(tx, { importId: job.id, processedRows: 0, importedRows: 0, unchangedRows: 0, rejectedRows: 0 })
    })
    Object.assign(counters, { processedRows: 0, importedRows: 0, unchangedRows: 0, rejectedRows: 0 })
    run.stored = 0
  }
  // 1. Check and stage, from the resume point.
  for await (const batch of prefetched(batches(run, counters.processedRows))) {
    stopIfAsked(run.context)
    const next = await db.transaction(async (tx) => {
      await tuneImportTransaction(tx)
      await stageImportedInvoices(tx, { importId: job.id, rows: stagedRowsOf(batch) })
      const stored = await storeRejections(tx, run, batch.rejections)
      const after: ImportCounters = { ...counters, processedRows: batch.recordsSoFar, rejectedRows: counters.rejectedRows + batch.rejectedRows }
      await saveImportProgress(tx, { importId: job.id, ...after })
      return { after, stored }
    })
    Object.assign(counters, next.after)
    run.stored += next.stored
    await run.context.reportProgress()
    await new Promise((resolve) => setImmediate(resolve))
  }
  // 2. Write what is staged, whole customers per statement: ranges of customers, written by IMPORT_WRITERS
  // transactions side by side (on PostgreSQL they run on two connections; on PGlite they take turns). Ranges never
  // share a customer, so the writers never wait for each other's rows; each adds its counts to the job's counters.
  const ranges = await planStagedInvoiceChunks(db, { importId: job.id, maxRows: IMPORT_UPSERT_CHUNK_ROWS })
  let nextRange = 0
  let failure: unknown = null
  const writer = async () => {
    while (failure === null && nextRange < ranges.length) {
      const range = ranges[nextRange++]!
      try {
        stopIfAsked(run.context)
        const done = await db.transaction(async (tx) => {
          await tuneImportTransaction(tx)
          const chunk = await upsertStagedInvoices(tx, {
            importId: job.id,
            entityId: run.entity.id,
            range,
            updatePurchaseOrder: run.mapping.purchase_order !== undefined,
          })
          const rejections = chunkRejections(run, chunk)
          // Room in the report is taken before any await, so two writers cannot both use the same room.
          const room = Math.max(0, MAX_STORED_REJECTIONS - run.stored)
          const kept = rejections.slice(0, room)
          run.stored += kept.length
          try {
            await insertImportRejections(tx, { importId: job.id, rejections: kept })
            const added = { importedRows: chunk.inserted + chunk.updated, unchangedRows: chunk.unchanged, rejectedRows: chunk.rejections.length }
            await addImportProgress(tx, { importId: job.id, ...added })
            return added
          } catch (error) {
            run.stored -= kept.length
            throw error
          }
        })
        counters.importedRows += done.importedRows
        counters.unchangedRows += done.unchangedRows
        counters.rejectedRows += done.rejectedRows
        await run.context.reportProgress()
      } catch (error) {
        failure ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: IMPORT_WRITERS }, writer))
  if (failure !== null) throw failure
  // Every staged row belongs to one range: nothing may be left. If something is, the retry writes it.
  const left = await countStagedInvoices(db, job.id)
  if (left > 0) throw new Error(`import ${job.id}: ${left} staged rows were left after the writers`)
  await finishImport(db, { importId: job.id, status: 'completed', failureReason: null, ...counters, totalRows: counters.processedRows })
  return { counters, refused: false }
}

async function stagedAllOrNothing(run: Run<'invoices'>): Promise<{ counters: ImportCounters; refused: boolean }> {
  const { db, job } = run
  // Both passes start from the beginning on every attempt: nothing of a previous attempt was committed.
  await deleteImportRejections(db, job.id)
  await clearStagedInvoices(db, job.id)
  let processed = 0
  let rejectedRows = 0
  for await (const batch of prefetched(batches(run, 0))) {
    stopIfAsked(run.context)
    const found: ImportRejectionInput[] = [...batch.rejections]
    let refused = batch.rejectedRows
    if (batch.rows.length > 0) {
      try {
        await db.transaction(async (tx) => {
          await tuneImportTransaction(tx)
          await stageImportedInvoices(tx, { importId: job.id, rows: stagedRowsOf(batch) })
          for (let chunk = await upsertChunk(tx, run); chunk.taken > 0; chunk = await upsertChunk(tx, run)) {
            found.push(...chunkRejections(run, chunk))
            refused += chunk.rejections.length
          }
          throw new Rollback([])
        })
      } catch (error) {
        if (!(error instanceof Rollback)) throw error
      }
    }
    run.stored += await storeRejections(db, run, found.sort((a, b) => a.lineNumber - b.lineNumber))
    processed = batch.recordsSoFar
    rejectedRows += refused
    await saveImportProgress(db, { importId: job.id, processedRows: processed, importedRows: 0, unchangedRows: 0, rejectedRows })
    await run.context.reportProgress()
  }
  if (rejectedRows > 0) {
    const counters = { processedRows: processed, importedRows: 0, unchangedRows: 0, rejectedRows, totalRows: processed }
    await finishImport(db, { importId: job.id, status: 'failed', failureReason: 'all_or_nothing_refused', ...counters })
    return { counters, refused: true }
  }

  // Every row passed: stage and write them all in one transaction; a row refused now rolls it all back.
  const late: ImportRejectionInput[] = []
  let result: ImportCounters | null = null
  try {
    result = await db.transaction(async (tx) => {
      await tuneImportTransaction(tx)
      for await (const batch of prefetched(batches(run, 0))) {
        stopIfAsked(run.context)
        late.push(...batch.rejections)
        await stageImportedInvoices(tx, { importId: job.id, rows: stagedRowsOf(batch) })
      }
      let imported = 0
      let unchanged = 0
      for (let chunk = await upsertChunk(tx, run); chunk.taken > 0; chunk = await upsertChunk(tx, run)) {
        stopIfAsked(run.context)
        imported += chunk.inserted + chunk.updated
        unchanged += chunk.unchanged
        late.push(...chunkRejections(run, chunk))
      }
      if (late.length > 0) throw new Rollback([])
      const counters = { processedRows: processed, importedRows: imported, unchangedRows: unchanged, rejectedRows: 0, totalRows: processed }
      await finishImport(tx, { importId: job.id, status: 'completed', failureReason: null, ...counters })
      return counters
    })
  } catch (error) {
    if (!(error instanceof Rollback)) throw error
  }
  if (result) return { counters: result, refused: false }
  const lateRows = new Set(late.map((r) => r.lineNumber)).size
  await storeRejections(db, run, late.sort((a, b) => a.lineNumber - b.lineNumber))
  const counters = { processedRows: processed, importedRows: 0, unchangedRows: 0, rejectedRows: lateRows, totalRows: processed }
  await finishImport(db, { importId: job.id, status: 'failed', failureReason: 'all_or_nothing_refused', ...counters })
  return { counters, refused: true }
}
