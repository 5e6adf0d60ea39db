import { isDelimiter, readCsvRecords, readHeader, type Delimiter } from '@quittance/domain/imports/csv-file'
import { isBlankRecord, type CsvRecord } from '@quittance/domain/imports/csv-parser'
import { isFileEncoding, type FileEncoding } from '@quittance/domain/imports/encoding'
import type { Db } from '@quittance/db/client'
import { findImportJob, loadImportFileHead } from '@quittance/db/repositories/imports'
import { IMPORT_HEAD_BYTES } from './import-limits'

// Reading a stored import back: its header from the first bytes only, or its data records.

export type StoredFormat = { encoding: FileEncoding; delimiter: Delimiter }

export function storedFormat(job: { encoding: string | null; delimiter: string | null }): StoredFormat {
  if (!isFileEncoding(job.encoding) || !isDelimiter(job.delimiter)) throw new Error('import without a detected format')
  return { encoding: job.encoding, delimiter: job.delimiter }
}

/** The import with its header and the first records, read from the head of the file. */
export async function loadImportHead(db: Db, importId: string, maxRecords: number) {
  const job = await findImportJob(db, importId)
  if (!job) return null
  const head = await loadImportFileHead(db, { importId, bytes: IMPORT_HEAD_BYTES })
  if (!head) return null
  const format = storedFormat(job)
  const header = readHeader(head, format.encoding, format.delimiter)
  const records: CsvRecord[] = []
  if (Array.isArray(header)) {
    // The head is cut anywhere: keep only records that end before the cut (the last one may be incomplete).
    const complete = head.byteLength < IMPORT_HEAD_BYTES
    let seenHeader = false
    const all = [...readCsvRecords(head, format.encoding, format.delimiter)]
    const usable = complete ? all : all.slice(0, -1)
    for (const record of usable) {
      if (isBlankRecord(record)) continue
      if (!seenHeader) {
        seenHeader = true
        continue
      }
      if (records.length >= maxRecords) break
      records.push(record)
    }
  }
  return { job, format, header: Array.isArray(header) ? header : [], records }
}
