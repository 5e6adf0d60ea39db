import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { isPdf, openInvoicePdfArchive } from './invoice-pdfs'
import { makeZip } from './make-zip'
import { extractZipEntry, readZipDirectory } from './zip-archive'

const fixture = new Uint8Array(readFileSync(new URL('./__fixtures__/invoice-pdfs.zip', import.meta.url)))
const utf8 = (text: string) => new TextEncoder().encode(text)
const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }) => {
  if (!result.ok) throw new Error(String(result.error))
  return result.value
}

describe('zip reader', () => {
  test('reads a zip made by Info-ZIP, folders included', () => {
    const entries = unwrap(readZipDirectory(fixture))
    expect(entries.map((e) => e.name)).toEqual(['scans/', 'scans/FA-2024-001.pdf', 'FA_2024_002.pdf', 'FA-2024-003.pdf', 'notes.txt'])
    const pdf = unwrap(extractZipEntry(fixture, entries[1]!, 1024 * 1024))
    expect(isPdf(pdf)).toBe(true)
  })

  test('stored and deflated entries round-trip, with UTF-8 names', () => {
    const zip = makeZip([
      { name: 'Überweisung-é.pdf', content: utf8('%PDF-1.4 deflated') },
      { name: 'stored.pdf', content: utf8('%PDF-1.4 stored'), store: true },
    ])
    const entries = unwrap(readZipDirectory(zip))
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['Überweisung-é.pdf', 8],
      ['stored.pdf', 0],
    ])
    expect(new TextDecoder().decode(unwrap(extractZipEntry(zip, entries[0]!, 100)))).toBe('%PDF-1.4 deflated')
  })

  test('a zip bomb stops at the size limit, whatever its header claims', () => {
    const zip = makeZip([{ name: 'bomb.pdf', content: new Uint8Array(5 * 1024 * 1024) }])
    const [entry] = unwrap(readZipDirectory(zip))
    expect(zip.length).toBeLessThan(10_000)
    expect(extractZipEntry(zip, entry!, 1024 * 1024)).toEqual({ ok: false, error: 'too_large' })
    // The header lies about the size: inflating is capped anyway.
    expect(extractZipEntry(zip, { ...entry!, uncompressedSize: 10 }, 1024 * 1024)).toEqual({ ok: false, error: 'too_large' })
  })

  test.each([
    ['not a zip', utf8('hello, this is not a zip file at all')],
    ['a truncated zip', fixture.subarray(0, fixture.length - 30)],
    ['an empty buffer', new Uint8Array(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(readZipDirectory(bytes)).toEqual({ ok: false, error: 'zip_invalid' })
  })

  test('a corrupted entry fails its CRC check', () => {
    const zip = makeZip([{ name: 'a.pdf', content: utf8('%PDF-1.4 original content'), store: true }])
    const [entry] = unwrap(readZipDirectory(zip))
    const corrupted = new Uint8Array(zip)
    const at = 30 + 'a.pdf'.length + 10
    corrupted[at] = corrupted[at]! ^ 0xff
    expect(extractZipEntry(corrupted, entry!, 1000)).toEqual({ ok: false, error: 'zip_invalid' })
  })
})

describe('invoice PDFs archive', () => {
  const archive = openInvoicePdfArchive(fixture)!

  test('matches by invoice number, with unsafe characters replaced, ignoring folders and case', () => {
    expect(archive.entryCount).toBe(4)
    expect(archive.find({ number: 'FA-2024-001', pdfFilename: null })?.name).toBe('scans/FA-2024-001.pdf')
    expect(archive.find({ number: 'fa-2024-001', pdfFilename: null })?.name).toBe('scans/FA-2024-001.pdf')
    expect(archive.find({ number: 'FA/2024/002', pdfFilename: null })?.name).toBe('FA_2024_002.pdf')
    expect(archive.find({ number: 'FA-2024-999', pdfFilename: null })).toBeNull()
    expect(archive.find({ number: 'whatever', pdfFilename: 'C:\\exports\\FA_2024_002.pdf' })?.name).toBe('FA_2024_002.pdf')
  })

  test('checks the content, not the name', () => {
    expect(archive.check(archive.find({ number: 'FA-2024-001', pdfFilename: null })!)).toMatchObject({ ok: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(archive.check(archive.find({ number: 'FA-2024-003', pdfFilename: null })!)).toEqual({ ok: false, reason: 'pdf_not_pdf' })
    expect(archive.check(archive.find({ number: 'notes', pdfFilename: 'notes.txt' })!)).toEqual({ ok: false, reason: 'pdf_not_pdf' })
  })
})
