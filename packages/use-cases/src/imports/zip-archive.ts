import { inflateRawSync } from 'node:zlib'
import { err, ok, type Result } from '@quittance/domain/shared/result'

// A small reader for the zip of invoice PDFs: the central directory, then one entry at a time, inflated with a cap
// on its size so a zip bomb cannot fill the memory. Stored and deflated entries are supported; ZIP64, encrypted
// and other methods are not (refused or skipped with a reason).

export type ZipEntry = {
  name: string
  method: number
  encrypted: boolean
  crc32: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const MAX_ENTRIES = 100_000

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)
}

export function readZipDirectory(bytes: Uint8Array): Result<ZipEntry[], 'zip_invalid'> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let eocd = -1
  // The end record is at most 22 bytes + a 65,535-byte comment from the end.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return err('zip_invalid')
  const total = view.getUint16(eocd + 10, true)
  const size = view.getUint32(eocd + 12, true)
  const offset = view.getUint32(eocd + 16, true)
  if (total === 0xffff || offset === 0xffffffff || total > MAX_ENTRIES || offset + size > eocd) return err('zip_invalid')
  const entries: ZipEntry[] = []
  let p = offset
  for (let n = 0; n < total; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) return err('zip_invalid')
    const flags = view.getUint16(p + 8, true)
    const nameLength = view.getUint16(p + 28, true)
    const extraLength = view.getUint16(p + 30, true)
    const commentLength = view.getUint16(p + 32, true)
    if (p + 46 + nameLength > eocd) return err('zip_invalid')
    const rawName = bytes.subarray(p + 46, p + 46 + nameLength)
    // Bit 11: the name is UTF-8; otherwise CP437, whose ASCII part is what invoice numbers use.
    const name = flags & 0x800 ? new TextDecoder().decode(rawName) : String.fromCharCode(...rawName)
    entries.push({
      name,
      method: view.getUint16(p + 10, true),
      encrypted: (flags & 0x1) === 1,
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    })
    p += 46 + nameLength + extraLength + commentLength
  }
  return ok(entries)
}

export type ExtractError = 'zip_invalid' | 'too_large' | 'unsupported'

/** The entry's bytes, checked against its CRC; refused beyond `maxBytes` whatever the header claims. */
export function extractZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Result<Uint8Array, ExtractError> {
  if (entry.encrypted || (entry.method !== 0 && entry.method !== 8)) return err('unsupported')
  if (entry.uncompressedSize > maxBytes) return err('too_large')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = entry.localHeaderOffset
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) return err('zip_invalid')
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  const end = start + entry.compressedSize
  if (end > bytes.length) return err('zip_invalid')
  const data = bytes.subarray(start, end)
  let content: Uint8Array
  if (entry.method === 0) {
    content = data
  } else {
    try {
      content = inflateRawSync(data, { maxOutputLength: maxBytes })
    } catch (error) {
      return err((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError ? 'too_large' : 'zip_invalid')
    }
  }
  if (content.length !== entry.uncompressedSize || crc32(content) !== entry.crc32) return err('zip_invalid')
  return ok(content)
}

let crcTable: Uint32Array | null = null

export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
