// Which character encoding a CSV file uses, decided from its bytes alone. Spreadsheets and ERPs export UTF-8 (with
// or without a byte-order mark), "Latin-1" (in practice Windows-1252, which also has € and œ) and, for Excel's
// "Unicode text", UTF-16 with a BOM.

export const FILE_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const
export type FileEncoding = (typeof FILE_ENCODINGS)[number]

export function isFileEncoding(value: unknown): value is FileEncoding {
  return typeof value === 'string' && (FILE_ENCODINGS as readonly string[]).includes(value)
}

/** The WHATWG label TextDecoder takes for the Unicode encodings. Its decoder consumes a BOM by itself. */
function decoderLabel(encoding: Exclude<FileEncoding, 'windows-1252'>): 'utf-8' | 'utf-16le' | 'utf-16be' {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding
}

export function byteOrderMarkLength(bytes: Uint8Array): number {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 2
  return 0
}

export type Utf8Scan = { validSequences: number; invalidBytes: number }

/**
 * Counts well-formed multi-byte UTF-8 sequences and the bytes that cannot be UTF-8 (overlong forms, surrogates,
 * stray continuation bytes, truncated sequences), per RFC 3629. ASCII is skipped fast.
 */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let validSequences = 0
  let invalidBytes = 0
  const n = bytes.length
  let i = 0
  while (i < n) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    // Per RFC 3629 table 3-7: the length of the sequence, and the range allowed for its second byte.
    let need = 0
    let min = 0x80
    let max = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b === 0xe0) {
      need = 2
      min = 0xa0
    } else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2
    else if (b === 0xed) {
      need = 2
      max = 0x9f
    } else if (b === 0xf0) {
      need = 3
      min = 0x90
    } else if (b >= 0xf1 && b <= 0xf3) need = 3
    else if (b === 0xf4) {
      need = 3
      max = 0x8f
    } else {
      invalidBytes++
      i++
      continue
    }
    // The continuation bytes are bytes[i + 1] … bytes[i + need]; a sequence cut by the end of the file is invalid.
    let ok = i + need < n
    if (ok) {
      const second = bytes[i + 1]
      ok = second !== undefined && second >= min && second <= max
      for (let k = 2; ok && k <= need; k++) {
        const next = bytes[i + k]
        ok = next !== undefined && next >= 0x80 && next <= 0xbf
      }
    }
    if (ok) {
      validSequences++
      i += need + 1
    } else {
      invalidBytes++
      i++
    }
  }
  return { validSequences, invalidBytes }
}

/**
 * BOM first; then UTF-8 when the bytes are valid UTF-8, or mostly so: Windows-1252 text almost never forms valid
 * multi-byte UTF-8 sequences, so more valid sequences than stray bytes means a UTF-8 file with some damage. It keeps
 * its accents, and only the rows with undecodable characters are refused. Otherwise Windows-1252.
 */
export function detectEncoding(bytes: Uint8Array): FileEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  const { validSequences, invalidBytes } = scanUtf8(bytes)
  if (invalidBytes === 0) return 'utf-8'
  return validSequences > invalidBytes ? 'utf-8' : 'windows-1252'
}

export type BinaryVerdict = 'spreadsheet' | 'pdf' | 'binary' | null

const SAMPLE = 64 * 1024

/**
 * Recognises files that are not text before anything tries to read them as CSV: an Excel or OpenDocument workbook
 * (zip or OLE container), a PDF, or bytes with NULs or many control characters.
 */
export function detectBinary(bytes: Uint8Array, encoding: FileEncoding): BinaryVerdict {
  const starts = (...magic: number[]) => magic.every((b, i) => bytes[i] === b)
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'spreadsheet'
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf'
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return null
  const end = Math.min(bytes.length, SAMPLE)
  let control = 0
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!
    if (b === 0) return 'binary'
    // Tab, LF, FF and CR are what text files contain; other C0 controls and DEL are noise.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) control++
  }
  return end > 0 && control / end > 0.01 ? 'binary' : null
}

// Windows-1252 differs from ISO-8859-1 in 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Node's
// TextDecoder decodes both labels as ISO-8859-1, so we decode it ourselves; its five unassigned bytes become U+FFFD.
// prettier-ignore
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
]
const CP1252 = Uint16Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b))

export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) units[i] = CP1252[bytes[i]!]!
  let text = ''
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192))
  return text
}

/** Splits the bytes into decoded text pieces of about `chunkBytes`, never cutting a character in two. */
export function* decodeChunks(bytes: Uint8Array, encoding: FileEncoding, chunkBytes = 1 << 20): Generator<string> {
  if (encoding === 'windows-1252') {
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      yield decodeWindows1252(bytes.subarray(offset, Math.min(bytes.length, offset + chunkBytes)))
    }
    return
  }
  const decoder = new TextDecoder(decoderLabel(encoding))
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const end = Math.min(bytes.length, offset + chunkBytes)
    const text = decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

/** Counts line feeds (LF, or lone CR for old Mac files): an upper bound of the records, for a first progress bar. */
export function countLineBreaks(bytes: Uint8Array): number {
  let lf = 0
  let cr = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b === 0x0a) lf++
    else if (b === 0x0d) cr++
  }
  return lf > 0 ? lf : cr
}
