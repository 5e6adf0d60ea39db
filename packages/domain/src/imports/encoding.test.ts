import { describe, expect, test } from 'vitest'
import { countLineBreaks, decodeChunks, detectBinary, detectEncoding, scanUtf8 } from './encoding'

const bytes = (...values: number[]) => new Uint8Array(values)
const utf8 = (text: string) => new TextEncoder().encode(text)

describe('detectEncoding', () => {
  test.each([
    ['UTF-8 with a BOM', bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8-bom'],
    ['UTF-16LE with a BOM', bytes(0xff, 0xfe, 0x61, 0x00), 'utf-16le'],
    ['UTF-16BE with a BOM', bytes(0xfe, 0xff, 0x00, 0x61), 'utf-16be'],
    ['plain ASCII', utf8('number;total\nA;1\n'), 'utf-8'],
    ['UTF-8 accents', utf8('Numéro;Échéance;Straße;€'), 'utf-8'],
    ['Windows-1252 é and €', bytes(0x4e, 0x75, 0x6d, 0xe9, 0x72, 0x6f, 0x3b, 0x80), 'windows-1252'],
    ['Latin-1 "Café" then a UTF-8-looking pair is still Latin-1', bytes(0x43, 0x61, 0x66, 0xe9, 0x20, 0xe0, 0x20, 0xe8), 'windows-1252'],
    ['UTF-8 with one stray byte stays UTF-8', new Uint8Array([...utf8('Société Générale Île'), 0xe9, 0x0a]), 'utf-8'],
    ['a truncated UTF-8 sequence at the end', bytes(0x61, 0xc3), 'windows-1252'],
  ])('%s', (_name, input, expected) => {
    expect(detectEncoding(input)).toBe(expected)
  })
})

describe('scanUtf8 refuses what RFC 3629 refuses', () => {
  test.each([
    ['overlong slash C0 AF', bytes(0xc0, 0xaf)],
    ['overlong E0 80 AF', bytes(0xe0, 0x80, 0xaf)],
    ['UTF-16 surrogate ED A0 80', bytes(0xed, 0xa0, 0x80)],
    ['above U+10FFFF F4 90 80 80', bytes(0xf4, 0x90, 0x80, 0x80)],
    ['lone continuation byte', bytes(0x80)],
    ['F5 is never valid', bytes(0xf5, 0x80, 0x80, 0x80)],
  ])('%s', (_name, input) => {
    expect(scanUtf8(input).invalidBytes).toBeGreaterThan(0)
  })

  test('counts well-formed sequences of every length', () => {
    expect(scanUtf8(utf8('é€𝄞'))).toEqual({ validSequences: 3, invalidBytes: 0 })
  })
})

describe('detectBinary', () => {
  test.each([
    ['an .xlsx (zip) workbook', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00), 'spreadsheet'],
    ['an old .xls (OLE) workbook', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'spreadsheet'],
    ['a PDF', utf8('%PDF-1.7\n'), 'pdf'],
    ['NUL bytes', bytes(0x61, 0x00, 0x62), 'binary'],
    ['many control characters', new Uint8Array(200).fill(0x01), 'binary'],
    ['CSV text', utf8('a,b\r\n1,2\r\n'), null],
  ])('%s', (_name, input, expected) => {
    expect(detectBinary(input, 'utf-8')).toBe(expected)
  })

  test('UTF-16 text has NUL bytes and is still text', () => {
    expect(detectBinary(bytes(0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00), 'utf-16le')).toBeNull()
  })
})

describe('decodeChunks', () => {
  test('never cuts a multi-byte character, whatever the chunk size', () => {
    const text = 'é€𝄞 Straße; Ñandú\n'.repeat(20)
    for (const size of [1, 2, 3, 5, 7, 64]) {
      expect([...decodeChunks(utf8(text), 'utf-8', size)].join('')).toBe(text)
    }
  })

  test('drops the BOM and decodes Windows-1252', () => {
    expect([...decodeChunks(bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8-bom')].join('')).toBe('a')
    expect([...decodeChunks(bytes(0x80, 0xe9, 0x9c), 'windows-1252')].join('')).toBe('€éœ')
    expect([...decodeChunks(bytes(0xff, 0xfe, 0x61, 0x00, 0xe9, 0x00), 'utf-16le', 3)].join('')).toBe('aé')
  })
})

test('countLineBreaks counts LF, or CR alone for old Mac files', () => {
  expect(countLineBreaks(utf8('a\r\nb\r\nc'))).toBe(2)
  expect(countLineBreaks(utf8('a\rb\rc\r'))).toBe(3)
})
