import { err, ok, type Result } from '../shared/result'
import { CsvParser, isBlankRecord, type CsvRecord } from './csv-parser'
import { countLineBreaks, decodeChunks, detectBinary, detectEncoding, type FileEncoding } from './encoding'
import type { FileRejectionReason } from './reasons'

// Reading a whole CSV file held in memory: what it is (encoding, separator, header) and its records, one by one.

export const DELIMITERS = [',', ';', '\t', '|'] as const
export type Delimiter = (typeof DELIMITERS)[number]

export function isDelimiter(value: unknown): value is Delimiter {
  return typeof value === 'string' && (DELIMITERS as readonly string[]).includes(value)
}

const SNIFF_RECORDS = 50
const MAX_HEADER_COLUMNS = 200

/**
 * Picks the separator whose records have the same number of fields as the first one, most consistently, with at
 * least two columns; quotes are respected, so `"1,5";"2,5"` is a semicolon file. Ties go to the order `;` `,` tab
 * `|` (French exports use `;` precisely because `,` is their decimal separator).
 */
export function sniffDelimiter(sample: string): Delimiter {
  // Only complete lines: a sample cut in the middle of a record would make it look inconsistent.
  const lastBreak = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'))
  const text = lastBreak > 0 ? sample.slice(0, lastBreak + 1) : sample
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: -1 }
  for (const delimiter of [';', ',', '\t', '|'] as const) {
    const parser = new CsvParser({ delimiter, maxRecordChars: 100_000 })
    const records = [...parser.push(text), ...parser.end()].filter((r) => !isBlankRecord(r)).slice(0, SNIFF_RECORDS)
    const width = records[0]?.fields.length ?? 0
    if (width < 2) continue
    const rest = records.slice(1)
    const consistent = rest.length === 0 ? 1 : rest.filter((r) => r.fields.length === width && !r.error).length / rest.length
    const score = consistent * 1000 + Math.min(width, 100)
    if (score > best.score) best = { delimiter, score }
  }
  return best.delimiter
}

/** Header names as the user will see them: trimmed, never empty, never twice the same. */
export function normaliseHeader(fields: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return fields.map((field, index) => {
    const base = field.trim() || `#${index + 1}`
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base} (${count})`
  })
}

export type CsvFileAnalysis = {
  encoding: FileEncoding
  delimiter: Delimiter
  header: string[]
  /** Upper bound of the data rows (line breaks minus the header), for the progress bar before the exact count. */
  estimatedRows: number
}

const SAMPLE_BYTES = 256 * 1024

/** Refuses what is not a CSV file, then finds its encoding, separator and header. */
export function analyseCsvFile(bytes: Uint8Array): Result<CsvFileAnalysis, FileRejectionReason> {
  if (bytes.length === 0) return err('file_empty')
  const encoding = detectEncoding(bytes)
  const binary = detectBinary(bytes, encoding)
  if (binary === 'spreadsheet') return err('spreadsheet_not_csv')
  if (binary === 'pdf') return err('pdf_not_csv')
  if (binary === 'binary') return err('not_text')
  const sample = firstText(bytes.subarray(0, SAMPLE_BYTES), encoding)
  if (sample.trim() === '') return err('file_empty')
  const delimiter = sniffDelimiter(sample)
  const header = readHeader(bytes, encoding, delimiter)
  if (header === null) return err('file_empty')
  if (header === 'too_long' || header.length > MAX_HEADER_COLUMNS) return err('header_too_long')
  if (header.length < 2) return err('no_columns')
  return ok({ encoding, delimiter, header, estimatedRows: Math.max(0, countLineBreaks(bytes) - 1) })
}

function firstText(bytes: Uint8Array, encoding: FileEncoding): string {
  let text = ''
  for (const chunk of decodeChunks(bytes, encoding)) text += chunk
  return text
}

/** The first non-blank record, as header names; null when the file has none. */
export function readHeader(bytes: Uint8Array, encoding: FileEncoding, delimiter: Delimiter): string[] | 'too_long' | null {
  for (const record of readCsvRecords(bytes, encoding, delimiter)) {
    if (isBlankRecord(record)) continue
    if (record.error === 'record_too_long' || record.error === 'too_many_columns') return 'too_long'
    return normaliseHeader(record.fields)
  }
  return null
}

/** Every record of the file, header included, decoded and parsed a megabyte at a time. */
export function* readCsvRecords(
  bytes: Uint8Array,
  encoding: FileEncoding,
  delimiter: Delimiter,
  options: { chunkBytes?: number } = {},
): Generator<CsvRecord> {
  const parser = new CsvParser({ delimiter })
  for (const chunk of decodeChunks(bytes, encoding, options.chunkBytes)) yield* parser.push(chunk)
  yield* parser.end()
}

/** The data records: the first non-blank record is the header and is left out, blank lines are skipped. */
export function* readDataRecords(
  bytes: Uint8Array,
  encoding: FileEncoding,
  delimiter: Delimiter,
  options: { chunkBytes?: number } = {},
): Generator<CsvRecord> {
  let headerSeen = false
  for (const record of readCsvRecords(bytes, encoding, delimiter, options)) {
    if (isBlankRecord(record)) continue
    if (!headerSeen) {
      headerSeen = true
      continue
    }
    yield record
  }
}
