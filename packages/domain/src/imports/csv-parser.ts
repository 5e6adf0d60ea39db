// An incremental RFC 4180 reader: quoted fields, doubled quotes, CRLF, LF or CR line breaks, line breaks inside
// quotes. Text is pushed in pieces of any size and records come out with the physical line they start on, so an
// error report points at the line a spreadsheet or editor shows. Hostile input cannot make it hold more than
// `maxRecordChars` of one record or stall: a runaway record is reported and reading resumes at the next line.

export type CsvRecordError = 'unterminated_quote' | 'text_after_closing_quote' | 'record_too_long' | 'too_many_columns'

export type CsvRecord = {
  /** 1-based physical line where the record starts. */
  line: number
  fields: string[]
  /** The record as written (without its line break), cut at 2,000 characters: for the rejection report. */
  raw: string
  error: CsvRecordError | null
}

export type CsvParserOptions = { delimiter: string; maxRecordChars?: number; maxFields?: number }

const QUOTE = 34
const LF = 10
const CR = 13
const RAW_LIMIT = 2000
const NEED_MORE = null

export const DEFAULT_MAX_RECORD_CHARS = 1_000_000
export const DEFAULT_MAX_FIELDS = 1_000

export class CsvParser {
  private buffer = ''
  private position = 0
  private line = 1
  private skipping = false
  /** After an incomplete record, wait until the buffer doubles before parsing again: linear time for any chunking. */
  private waitUntilLength = 0
  private readonly delimiter: number
  private readonly maxRecordChars: number
  private readonly maxFields: number

  constructor(options: CsvParserOptions) {
    if (options.delimiter.length !== 1 || options.delimiter === '"' || options.delimiter === '\n' || options.delimiter === '\r') {
      throw new Error(`unusable CSV delimiter ${JSON.stringify(options.delimiter)}`)
    }
    this.delimiter = options.delimiter.charCodeAt(0)
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS
    this.maxFields = options.maxFields ?? DEFAULT_MAX_FIELDS
  }

  /** Adds text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    this.buffer = this.position === 0 ? this.buffer + chunk : this.buffer.slice(this.position) + chunk
    this.position = 0
    if (this.buffer.length < this.waitUntilLength) return []
    this.waitUntilLength = 0
    return this.drain(false)
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord[] {
    const records = this.drain(true)
    this.buffer = ''
    this.position = 0
    return records
  }

  private drain(final: boolean): CsvRecord[] {
    const records: CsvRecord[] = []
    while (this.position < this.buffer.length) {
      if (this.skipping) {
        if (!this.skipToNextLine(final)) break
        continue
      }
      const record = this.readRecord(final)
      if (record === NEED_MORE) {
        this.waitUntilLength = 2 * (this.buffer.length - this.position)
        break
      }
      records.push(record)
    }
    return records
  }

  /** After a runaway record: drop text up to and including the next line break. False when more text is needed. */
  private skipToNextLine(final: boolean): boolean {
    const { buffer } = this
    let i = this.position
    while (i < buffer.length) {
      const c = buffer.charCodeAt(i)
      if (c === LF) break
      if (c === CR) {
        if (i + 1 >= buffer.length && !final) {
          this.position = i
          return false
        }
        break
      }
      i++
    }
    if (i >= buffer.length) {
      this.position = buffer.length
      if (final) this.skipping = false
      return false
    }
    const next = buffer.charCodeAt(i) === CR && buffer.charCodeAt(i + 1) === LF ? i + 2 : i + 1
    this.line += 1
    this.position = next
    this.skipping = false
    return true
  }

  private readRecord(final: boolean): CsvRecord | null {
    const { buffer, delimiter } = this
    const length = buffer.length
    const start = this.position
    const fields: string[] = []
    let error: CsvRecordError | null = null
    let innerBreaks = 0
    let i = start
    let contentEnd = start
    let endedWithBreak = false

    for (;;) {
      let value: string
      if (i < length && buffer.charCodeAt(i) === QUOTE) {
        value = ''
        let from = i + 1
        for (;;) {
          const quote = buffer.indexOf('"', from)
          if (quote === -1) {
            if (!final) return this.needMore(start)
            value += buffer.slice(from)
            innerBreaks += lineBreaksIn(buffer, from, length)
            i = length
            error ??= 'unterminated_quote'
            break
          }
          if (quote + 1 >= length && !final) return this.needMore(start)
          value += buffer.slice(from, quote)
          innerBreaks += lineBreaksIn(buffer, from, quote)
          if (buffer.charCodeAt(quote + 1) === QUOTE) {
            value += '"'
            from = quote + 2
            continue
          }
          i = quote + 1
          break
        }
        if (i < length) {
          const c = buffer.charCodeAt(i)
          if (c !== delimiter && c !== LF && c !== CR) {
            // `"abc"def`: not RFC 4180. Keep the text so the report shows it, and refuse the record.
            error ??= 'text_after_closing_quote'
            let k = i
            while (k < length) {
              const ck = buffer.charCodeAt(k)
              if (ck === delimiter || ck === LF || ck === CR) break
              k++
            }
            if (k >= length && !final) return this.needMore(start)
            value += buffer.slice(i, k)
            i = k
          }
        }
      } else {
        let k = i
        while (k < length) {
          const c = buffer.charCodeAt(k)
          if (c === delimiter || c === LF || c === CR) break
          k++
        }
        if (k >= length && !final) return this.needMore(start)
        value = buffer.slice(i, k)
        i = k
      }

      if (fields.length < this.maxFields) fields.push(value)
      else error ??= 'too_many_columns'

      if (i >= length) {
        contentEnd = length
        break
      }
      const c = buffer.charCodeAt(i)
      if (c === delimiter) {
        i++
        continue
      }
      contentEnd = i
      if (c === CR) {
        if (i + 1 >= length && !final) return this.needMore(start)
        i += buffer.charCodeAt(i + 1) === LF ? 2 : 1
      } else {
        i += 1
      }
      endedWithBreak = true
      break
    }

    if (contentEnd - start > this.maxRecordChars) return this.runaway(start)
    const line = this.line
    this.line += innerBreaks + (endedWithBreak ? 1 : 0)
    this.position = i
    return { line, fields, raw: buffer.slice(start, Math.min(contentEnd, start + RAW_LIMIT)), error }
  }

  /** The record is not complete in the buffer: wait for more text, unless it is already too long to be sane. */
  private needMore(start: number): CsvRecord | null {
    if (this.buffer.length - start > this.maxRecordChars) return this.runaway(start)
    return NEED_MORE
  }

  /**
   * A record longer than the limit (junk, or a quote that never closes): report it on its first line and resume
   * after the next line break, counting the line breaks skipped over.
   */
  private runaway(start: number): CsvRecord {
    const line = this.line
    const raw = this.buffer.slice(start, start + RAW_LIMIT)
    const cut = start + this.maxRecordChars
    this.line += lineBreaksIn(this.buffer, start, cut)
    // Resume at the first line break after the limit (inside the runaway text, line breaks are all we can trust).
    this.position = cut
    this.skipping = true
    return { line, fields: [], raw, error: 'record_too_long' }
  }
}

/** CRLF, LF and lone CR each count once. */
function lineBreaksIn(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c === LF) count++
    else if (c === CR && text.charCodeAt(i + 1) !== LF) count++
  }
  return count
}

/** Whole text at once: for tests, samples and small files. */
export function parseCsv(text: string, options: CsvParserOptions): CsvRecord[] {
  const parser = new CsvParser(options)
  return [...parser.push(text), ...parser.end()]
}

export function isBlankRecord(record: CsvRecord): boolean {
  return record.error === null && record.fields.every((field) => field.trim() === '')
}
