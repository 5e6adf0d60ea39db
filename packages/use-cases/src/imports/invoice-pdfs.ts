import { createHash } from 'node:crypto'
import type { RowRejectionReason } from '@quittance/domain/imports/reasons'
import { MAX_IMPORT_PDF_BYTES } from './import-limits'
import { extractZipEntry, readZipDirectory, type ZipEntry } from './zip-archive'

// The zip of invoice PDFs that may come with an invoices file. Entries are matched by file name: the row's PDF
// column when the file has one, otherwise the invoice number (`FA-2024-001.pdf`, or with `/` and other characters
// that file names cannot hold replaced by `_` or `-`). Folders in the zip are ignored; so are macOS's `__MACOSX/`.

export type PdfCheck = { ok: true; sha256: string } | { ok: false; reason: RowRejectionReason }

export type InvoicePdfArchive = {
  entryCount: number
  /** The zip entry for a row, or null when there is none. */
  find(input: { number: string; pdfFilename: string | null }): ZipEntry | null
  /** Extracts, checks the `%PDF-` signature and the size; remembered per entry. */
  check(entry: ZipEntry): PdfCheck
  /** The bytes of an entry that passed `check`. */
  read(entry: ZipEntry): Uint8Array
}

const UNSAFE_IN_FILE_NAMES = /[/\\:*?"<>|]/g

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

const key = (name: string) => name.trim().toLowerCase()
const withoutPdf = (name: string) => name.replace(/\.pdf$/i, '')

export function openInvoicePdfArchive(zip: Uint8Array): InvoicePdfArchive | null {
  const directory = readZipDirectory(zip)
  if (!directory.ok) return null
  const byName = new Map<string, ZipEntry>()
  let entryCount = 0
  for (const entry of directory.value) {
    const name = baseName(entry.name)
    if (!name || entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/') || name.startsWith('._')) continue
    entryCount++
    // With and without the extension; the first entry of a name wins.
    for (const k of [key(name), key(withoutPdf(name))]) if (!byName.has(k)) byName.set(k, entry)
  }
  const checks = new Map<ZipEntry, PdfCheck>()
  return {
    entryCount,
    find({ number, pdfFilename }) {
      if (pdfFilename) return byName.get(key(baseName(pdfFilename))) ?? null
      for (const candidate of [number, number.replace(UNSAFE_IN_FILE_NAMES, '_'), number.replace(UNSAFE_IN_FILE_NAMES, '-')]) {
        const entry = byName.get(key(candidate))
        if (entry) return entry
      }
      return null
    },
    check(entry) {
      let result = checks.get(entry)
      if (!result) {
        const content = extractZipEntry(zip, entry, MAX_IMPORT_PDF_BYTES)
        if (!content.ok) result = { ok: false, reason: content.error === 'too_large' ? 'pdf_too_large' : 'pdf_not_pdf' }
        else if (!isPdf(content.value)) result = { ok: false, reason: 'pdf_not_pdf' }
        else result = { ok: true, sha256: createHash('sha256').update(content.value).digest('hex') }
        checks.set(entry, result)
      }
      return result
    },
    read(entry) {
      const content = extractZipEntry(zip, entry, MAX_IMPORT_PDF_BYTES)
      if (!content.ok) throw new Error(`zip entry ${entry.name} cannot be read: ${content.error}`)
      return content.value
    },
  }
}

/** Checked by content, not by name: a PDF starts with the signature `%PDF-`. */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d
}

export function pdfFileName(entry: ZipEntry): string {
  return baseName(entry.name).slice(0, 255)
}
