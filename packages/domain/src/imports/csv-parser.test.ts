import { describe, expect, test } from 'vitest'
import { CsvParser, parseCsv, type CsvRecord } from './csv-parser'

const rows = (text: string, delimiter = ',') => parseCsv(text, { delimiter }).map((r) => ({ line: r.line, fields: r.fields, error: r.error }))

describe('RFC 4180 parsing', () => {
  test.each([
    ['simple LF', 'a,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['CRLF', 'a,b\r\n1,2\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['lone CR (old Mac)', 'a,b\r1,2\r', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['no final line break', 'a,b\n1,2', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['empty fields', ',,\n', [[1, ['', '', '']]]],
    ['trailing delimiter', 'a,b,\n', [[1, ['a', 'b', '']]]],
    ['quoted delimiter', '"a,b",c\n', [[1, ['a,b', 'c']]]],
    ['doubled quotes', '"say ""hi""",x\n', [[1, ['say "hi"', 'x']]]],
    ['empty quoted field', '"",x\n', [[1, ['', 'x']]]],
    ['quote inside an unquoted field is text', 'ab"c,d\n', [[1, ['ab"c', 'd']]]],
    ['LF inside quotes', '"a\nb",c\nd,e\n', [[1, ['a\nb', 'c']], [3, ['d', 'e']]]],
    ['CRLF inside quotes', '"a\r\nb",c\r\nd,e\r\n', [[1, ['a\r\nb', 'c']], [3, ['d', 'e']]]],
    ['blank lines keep their numbers', 'a\n\nb\n', [[1, ['a']], [2, ['']], [3, ['b']]]],
  ] as const)('%s', (_name, text, expected) => {
    expect(rows(text)).toEqual(expected.map(([line, fields]) => ({ line, fields, error: null })))
  })

  test('semicolon and tab delimiters', () => {
    expect(rows('a;"1,5"\n', ';')[0]?.fields).toEqual(['a', '1,5'])
    expect(rows('a\t"b\tc"\n', '\t')[0]?.fields).toEqual(['a', 'b\tc'])
  })

  test.each([
    ['unterminated quote runs to the end of the file', 'a,"b\nc,d\n', 'unterminated_quote'],
    ['text after a closing quote', '"a"b,c\n', 'text_after_closing_quote'],
  ])('%s', (_name, text, error) => {
    expect(parseCsv(text, { delimiter: ',' })[0]?.error).toBe(error)
  })

  test('keeps the raw record for the report, without its line break', () => {
    expect(parseCsv('x,"a\nb"\r\ny\n', { delimiter: ',' }).map((r) => r.raw)).toEqual(['x,"a\nb"', 'y'])
  })

  test('refuses a delimiter that cannot work', () => {
    expect(() => new CsvParser({ delimiter: '"' })).toThrow()
    expect(() => new CsvParser({ delimiter: ';;' })).toThrow()
  })
})

describe('streaming', () => {
  const text = 'id,name,note\r\n1,"Dupont, Fils","a ""quoted""\r\nnote"\r\n2,Martin,\r\n\r\n3,"x",y\n4,z,"\n"\r5,last,end'

  test('gives the same records whatever the chunk boundaries', () => {
    const whole = parseCsv(text, { delimiter: ',' })
    for (let size = 1; size <= text.length; size++) {
      const parser = new CsvParser({ delimiter: ',' })
      const records: CsvRecord[] = []
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)))
      records.push(...parser.end())
      expect(records, `chunk size ${size}`).toEqual(whole)
    }
  })

  test('line numbers count the line breaks inside quotes', () => {
    expect(parseCsv(text, { delimiter: ',' }).map((r) => r.line)).toEqual([1, 2, 4, 5, 6, 7, 9])
  })
})

describe('hostile input', () => {
  test('a runaway record is reported once and reading resumes at the next line', () => {
    const long = 'x'.repeat(5000)
    const records = parseCsv(`a,b\n"${long}\nc,d\n`, { delimiter: ',', maxRecordChars: 1000 })
    expect(records.map((r) => [r.line, r.error])).toEqual([
      [1, null],
      [2, 'record_too_long'],
      [3, null],
    ])
    expect(records[2]?.fields).toEqual(['c', 'd'])
  })

  test('too many columns', () => {
    const [record] = parseCsv(`${'a,'.repeat(20)}a\n`, { delimiter: ',', maxFields: 10 })
    expect(record?.error).toBe('too_many_columns')
    expect(record?.fields).toHaveLength(10)
  })

  test('10 MB of junk: linear time, bounded records, every line accounted for', () => {
    // Deterministic junk: printable characters, quotes, separators and line breaks in random places.
    let seed = 42
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const alphabet = 'abcXYZ019 ,;\t"""\n\r\u00e9\u20ac=+-@'
    const block = Array.from({ length: 1024 * 1024 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
    // Ten megabytes: the block ten times, each rotated at a random point, fed in 64 KB pieces.
    const pieces: string[] = []
    for (let i = 0; i < 10; i++) {
      const cut = Math.floor(random() * block.length)
      const rotated = block.slice(cut) + block.slice(0, cut)
      for (let j = 0; j < rotated.length; j += 65_536) pieces.push(rotated.slice(j, j + 65_536))
    }
    const parser = new CsvParser({ delimiter: ',', maxRecordChars: 100_000 })
    let records = 0
    let lastLine = 0
    let linesInOrder = true
    let maxFieldLength = 0
    for (const piece of pieces) {
      for (const record of parser.push(piece)) {
        records++
        linesInOrder &&= record.line > lastLine
        lastLine = record.line
        for (const field of record.fields) maxFieldLength = Math.max(maxFieldLength, field.length)
      }
    }
    records += parser.end().length
    expect(records).toBeGreaterThan(1000)
    expect(linesInOrder).toBe(true)
    expect(maxFieldLength).toBeLessThanOrEqual(100_000)
    // Speed is measured by bench/imports (a million rows), not here: quadratic work on 10 MB would show as a timeout.
  })

  test('one 10 MB line without a line break', () => {
    const parser = new CsvParser({ delimiter: ',' })
    const records: CsvRecord[] = []
    const chunk = 'z'.repeat(1024 * 1024)
    for (let i = 0; i < 10; i++) records.push(...parser.push(chunk))
    records.push(...parser.end())
    expect(records).toHaveLength(1)
    expect(records[0]?.error).toBe('record_too_long')
    expect(records[0]?.raw.length).toBeLessThanOrEqual(2000)
  })
})
