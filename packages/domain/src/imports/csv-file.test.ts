import { describe, expect, test } from 'vitest'
import { readFixture as fixture } from './__fixtures__/read-fixture'
import { analyseCsvFile, normaliseHeader, readDataRecords, sniffDelimiter } from './csv-file'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('sniffDelimiter', () => {
  test.each([
    ['commas', 'a,b,c\n1,2,3\n', ','],
    ['semicolons with decimal commas', 'a;b;c\n1,5;2,5;3\n4,1;5;6,9\n', ';'],
    ['tabs', 'a\tb\n1\t2\n', '\t'],
    ['pipes', 'a|b|c\n1|2|3\n', '|'],
    ['commas inside quotes do not count', 'a;b\n"1,2,3";"4,5"\n"6,7";8\n', ';'],
    ['a semicolon file with a comma in one name', 'id;name;total\n1;Dupont, Fils;10\n2;Martin;20\n', ';'],
    ['a cut last line is ignored', 'a,b\n1,2\n3,"4', ','],
  ])('%s', (_name, sample, expected) => {
    expect(sniffDelimiter(sample)).toBe(expected)
  })
})

test('normaliseHeader names empty columns and tells duplicates apart', () => {
  expect(normaliseHeader([' Date ', '', 'Date', 'Date'])).toEqual(['Date', '#2', 'Date (2)', 'Date (3)'])
})

describe('analyseCsvFile on the corpus', () => {
  test.each([
    ['invoices-fr-utf8-bom-semicolon.csv', 'utf-8-bom', ';', 'Numéro de facture', 3],
    ['invoices-fr-latin1.csv', 'windows-1252', ';', 'Numéro de facture', 2],
    ['contacts-de-tab.tsv', 'utf-8', '\t', 'Kundennummer', 2],
    ['payments-es-comma.csv', 'utf-8', ',', 'Referencia de pago', 2],
    ['customers-utf16le-tab.txt', 'utf-16le', '\t', 'Customer ID', 2],
    ['customers-mixed-encoding.csv', 'utf-8', ',', 'external_ref', 4],
  ])('%s', (name, encoding, delimiter, firstColumn, rows) => {
    const analysis = analyseCsvFile(fixture(name))
    expect(analysis.ok).toBe(true)
    if (!analysis.ok) return
    expect(analysis.value).toMatchObject({ encoding, delimiter })
    expect(analysis.value.header[0]).toBe(firstColumn)
    expect(analysis.value.estimatedRows).toBeGreaterThanOrEqual(rows)
    const records = [...readDataRecords(fixture(name), analysis.value.encoding, analysis.value.delimiter)]
    expect(records).toHaveLength(rows)
  })

  test('reads Windows-1252 accents and the euro sign', () => {
    const records = [...readDataRecords(fixture('invoices-fr-latin1.csv'), 'windows-1252', ';')]
    expect(records[0]?.fields).toEqual(['FA-é-001', 'CUST-001', '14/02/2024', '15/01/2024', '1 200,00 €'])
  })

  test.each([
    ['an empty file', new Uint8Array(0), 'file_empty'],
    ['only blank lines', utf8('\n\r\n  \n'), 'file_empty'],
    ['one column', utf8('just one\nvalue\n'), 'no_columns'],
    ['an xlsx workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), 'spreadsheet_not_csv'],
    ['a PDF', utf8('%PDF-1.4\n%âãÏÓ\n'), 'pdf_not_csv'],
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256), 'not_text'],
    ['a header of 500 columns', utf8(`${Array.from({ length: 500 }, (_, i) => `c${i}`).join(',')}\n`), 'header_too_long'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(analyseCsvFile(bytes)).toEqual({ ok: false, error: reason })
  })
})
