import { expect, test } from 'vitest'
import { csvCell, csvDelimiterForLocale, csvLine, neutraliseSpreadsheetFormula } from './csv-export'
import { parseCsv } from './csv-parser'

test.each([
  ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ['=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
  ['+33 4 72 00 00 00', "'+33 4 72 00 00 00"],
  ['-2+3', "'-2+3"],
  ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
  ['\t=1+1', "'\t=1+1"],
  ['\r=1+1', "'\r=1+1"],
  ['Dupont & Fils', 'Dupont & Fils'],
  ['', ''],
  [' =1', ' =1'],
])('neutraliseSpreadsheetFormula(%j) = %j', (input, expected) => {
  expect(neutraliseSpreadsheetFormula(input)).toBe(expected)
})

test('every cell is quoted, quotes doubled, formulas neutralised', () => {
  expect(csvCell('say "hi"')).toBe('"say ""hi"""')
  expect(csvCell(null)).toBe('""')
  expect(csvCell(12)).toBe('"12"')
  expect(csvLine(['a;b', '=1+1', 'line\nbreak'], ';')).toBe('"a;b";"\'=1+1";"line\nbreak"\r\n')
})

test('what we write reads back as the same cells (except the neutralising quote)', () => {
  const cells = ['Dupont, "Fils"', 'multi\r\nline', '=cmd|x', '']
  const [record] = parseCsv(csvLine(cells, ','), { delimiter: ',' })
  expect(record?.fields).toEqual(['Dupont, "Fils"', 'multi\r\nline', "'=cmd|x", ''])
})

test('spreadsheets in decimal-comma languages get semicolons', () => {
  expect(['fr', 'de', 'es', 'en'].map(csvDelimiterForLocale)).toEqual([';', ';', ';', ','])
})
