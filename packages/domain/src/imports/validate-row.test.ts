import { describe, expect, test } from 'vitest'
import { readFixture } from './__fixtures__/read-fixture'
import { analyseCsvFile, readDataRecords } from './csv-file'
import { parseCsv } from './csv-parser'
import type { ImportKind } from './import-fields'
import { checkMapping, suggestMapping, type ImportMapping } from './mapping'
import { createRowValidator, type ValidatedRow } from './validate-row'

const DEFAULTS = { currency: 'EUR', country: 'FR' }

/** The whole pipeline on one corpus file: analyse, suggest the mapping, validate every row. */
function validateFixture<K extends ImportKind>(name: string, kind: K, mapping?: ImportMapping) {
  const bytes = readFixture(name)
  const analysis = analyseCsvFile(bytes)
  if (!analysis.ok) throw new Error(analysis.error)
  const { header, encoding, delimiter } = analysis.value
  const used = mapping ?? suggestMapping(kind, header)
  const validator = createRowValidator(kind, header, used, DEFAULTS)
  const results = [...readDataRecords(bytes, encoding, delimiter)].map((record) => validator.validate(record))
  return { results, mapping: used, header, problems: checkMapping(kind, header, used) }
}

const summary = (results: ValidatedRow<ImportKind>[]) =>
  results.map((r) => (r.ok ? [r.line, 'ok'] : [r.line, ...r.errors.map((e) => `${e.column ?? '-'}: ${e.reason}`)]))

describe('the corpus of nasty files', () => {
  test('French export with BOM, semicolons, decimal commas and day-first dates', () => {
    const { results, problems } = validateFixture('invoices-fr-utf8-bom-semicolon.csv', 'invoices')
    expect(problems).toEqual([])
    expect(summary(results)).toEqual([[2, 'ok'], [3, 'ok'], [4, 'ok']])
    expect(results[0]).toMatchObject({
      row: { number: 'FA-2024-001', customerRef: 'CUST-001', issueDate: '2024-01-15', dueDate: '2024-02-14', currency: 'EUR', subtotalMinor: 100_000, taxMinor: 20_000, totalMinor: 120_000 },
    })
    expect(results[2]).toMatchObject({ row: { issueDate: '2024-01-17', totalMinor: 148_140 } })
  })

  test('Windows-1252 file with a euro sign in the amounts', () => {
    const { results } = validateFixture('invoices-fr-latin1.csv', 'invoices')
    expect(summary(results)).toEqual([[2, 'ok'], [3, 'ok']])
    expect(results[0]).toMatchObject({ row: { number: 'FA-é-001', issueDate: '2024-01-15', dueDate: '2024-02-14', totalMinor: 120_000, currency: 'EUR' } })
  })

  test('UTF-16 customers from Excel "Unicode text"', () => {
    const { results } = validateFixture('customers-utf16le-tab.txt', 'customers')
    expect(results.map((r) => r.ok && r.row)).toEqual([
      expect.objectContaining({ externalRef: 'CUST-001', name: 'Boulangerie Martin', country: 'FR', language: 'fr', kind: 'professional' }),
      expect.objectContaining({ externalRef: 'CUST-002', name: 'Müller GmbH', country: 'DE', language: 'de' }),
    ])
  })

  test('German contacts, tab-separated', () => {
    const { results } = validateFixture('contacts-de-tab.tsv', 'contacts')
    expect(results.map((r) => r.ok && r.row)).toEqual([
      { line: 2, customerRef: 'CUST-001', name: 'Jürgen Groß', email: 'j.gross@example.test', phone: '+49 30 1234567', language: 'de', role: 'Buchhaltung', isPrimary: null },
      { line: 3, customerRef: 'CUST-002', name: 'Anna Weiß', email: null, phone: '+49 89 7654321', language: 'de', role: null, isPrimary: null },
    ])
  })

  test('Spanish payments with quoted decimal commas', () => {
    const { results } = validateFixture('payments-es-comma.csv', 'payments')
    expect(results.map((r) => r.ok && r.row)).toEqual([
      { line: 2, externalRef: 'PAY-1', customerRef: 'CUST-001', receivedOn: '2024-02-20', currency: 'EUR', amountMinor: 120_000, method: 'bank_transfer', invoiceNumber: 'FA-2024-001' },
      { line: 3, externalRef: 'PAY-2', customerRef: 'CUST-002', receivedOn: '2024-02-21', currency: 'EUR', amountMinor: 5000, method: 'card', invoiceNumber: null },
    ])
  })

  test('a required column missing from the header, and a short row', () => {
    const { results, problems } = validateFixture('invoices-missing-columns.csv', 'invoices')
    expect(problems).toEqual([{ field: 'due_date', reason: 'required_field_unmapped' }])
    expect(summary(results)).toEqual([
      [2, '-: required'],
      [3, 'issue_date: missing_columns'],
    ])
  })

  test('duplicate references: the first valid row wins, references are case-sensitive', () => {
    const { results } = validateFixture('invoices-duplicates.csv', 'invoices')
    expect(summary(results)).toEqual([[2, 'ok'], [3, 'ok'], [4, 'number: duplicate_in_file'], [5, 'ok']])
  })

  test('negative, non-numeric, over-precise and huge amounts; an unquoted decimal comma shifts the columns', () => {
    const { results } = validateFixture('invoices-bad-amounts.csv', 'invoices')
    expect(summary(results)).toEqual([
      [2, 'total: negative_amount'],
      [3, 'total: invalid_amount'],
      [4, 'total: too_many_decimals'],
      [5, 'total: amount_too_large'],
      [6, 'total: invalid_amount'],
      [7, '-: extra_columns'],
      [8, 'ok'],
    ])
  })

  test('dates that do not exist', () => {
    const { results } = validateFixture('invoices-bad-dates.csv', 'invoices')
    expect(summary(results)).toEqual([
      [2, 'issue_date: invalid_date'],
      [3, 'issue_date: invalid_date'],
      [4, 'ok'],
      [5, 'issue_date: invalid_date'],
      [6, 'issue_date: invalid_date'],
      [7, 'due_date: due_before_issue'],
      [8, 'issue_date: date_out_of_range'],
      [9, 'issue_date: invalid_date'],
    ])
  })

  test('formulas are ordinary text on the way in', () => {
    const { results } = validateFixture('customers-formula-injection.csv', 'customers')
    expect(results.map((r) => r.ok && r.row.name)).toEqual(["=cmd|' /C calc'!A0", '+33 formula', '@SUM(A1:A2)', '-2+3'])
  })

  test('quoted separators, doubled quotes and line breaks inside quotes keep their line numbers', () => {
    const { results } = validateFixture('customers-quoted-multiline.csv', 'customers')
    expect(results.map((r) => r.ok && [r.line, r.row.name, r.row.addressLines])).toEqual([
      [2, 'Dupont, Fils & Cie', ['12 rue "du Port"']],
      [3, 'Martin\nSARL', ['Bâtiment B\r\n3 allée des Tilleuls']],
      [6, 'Durand', []],
    ])
  })

  test('a quote that never closes is reported on its line', () => {
    const { results } = validateFixture('customers-unterminated-quote.csv', 'customers')
    expect(summary(results)).toEqual([[2, 'ok'], [3, '-: unterminated_quote']])
  })

  test('a UTF-8 file with one broken byte: only that row is refused', () => {
    const { results } = validateFixture('customers-mixed-encoding.csv', 'customers')
    expect(summary(results)).toEqual([[2, 'ok'], [3, 'ok'], [4, 'name: invalid_characters'], [5, 'ok']])
    expect(results[0]).toMatchObject({ row: { name: 'Société Générale', city: 'Île-de-France' } })
  })

  test('text after a closing quote, extra cells, blank and separator-only lines', () => {
    const { results } = validateFixture('customers-structure.csv', 'customers')
    expect(summary(results)).toEqual([[3, '-: text_after_closing_quote'], [5, '-: extra_columns'], [6, 'ok']])
  })
})

describe('rules between cells', () => {
  const header = ['number', 'customer', 'issued', 'due', 'net', 'vat', 'total', 'currency']
  const mapping = { number: 'number', customer_ref: 'customer', issue_date: 'issued', due_date: 'due', subtotal: 'net', tax: 'vat', total: 'total', currency: 'currency' }
  const validate = (line: string) => {
    const validator = createRowValidator('invoices', header, mapping, DEFAULTS)
    const [record] = parseCsv(line, { delimiter: ';' })
    return validator.validate(record!)
  }

  test.each([
    ['net + VAT = total', 'A;C;2024-01-01;2024-01-31;100;20;120;EUR', { subtotalMinor: 10_000, taxMinor: 2000, totalMinor: 12_000 }],
    ['only the total', 'A;C;2024-01-01;2024-01-31;;;120;EUR', { subtotalMinor: 12_000, taxMinor: 0, totalMinor: 12_000 }],
    ['total and net', 'A;C;2024-01-01;2024-01-31;100;;120;EUR', { subtotalMinor: 10_000, taxMinor: 2000, totalMinor: 12_000 }],
    ['total and VAT', 'A;C;2024-01-01;2024-01-31;;20;120;EUR', { subtotalMinor: 10_000, taxMinor: 2000, totalMinor: 12_000 }],
    ['no currency: the entity default', 'A;C;2024-01-01;2024-01-31;;;120;', { currency: 'EUR' }],
    ['yen have no decimals', 'A;C;2024-01-01;2024-01-31;;;1500;JPY', { totalMinor: 1500, currency: 'JPY' }],
  ])('%s', (_name, line, expected) => {
    const result = validate(line)
    expect(result.ok && result.row).toMatchObject(expected)
  })

  test.each([
    ['net + VAT ≠ total', 'A;C;2024-01-01;2024-01-31;100;20;121;EUR', ['total: totals_mismatch']],
    ['net above total', 'A;C;2024-01-01;2024-01-31;130;;120;EUR', ['total: totals_mismatch']],
    ['unknown currency', 'A;C;2024-01-01;2024-01-31;;;120;EUX', ['currency: unknown_currency']],
    ['every problem of the row at once', ';;31/02/2024;;;;-5;EUR', ['number: required', 'customer: required', 'issued: invalid_date', 'due: required', 'total: negative_amount']],
  ])('%s', (_name, line, reasons) => {
    const result = validate(line)
    expect(result.ok ? [] : result.errors.map((e) => `${e.column}: ${e.reason}`)).toEqual(reasons)
  })

  test('a payment of zero is refused; unknown methods too', () => {
    const validator = createRowValidator('payments', ['ref', 'cust', 'date', 'amount', 'method'], { external_ref: 'ref', customer_ref: 'cust', received_on: 'date', amount: 'amount', method: 'method' }, DEFAULTS)
    const [zero, bitcoin] = parseCsv('P1,C,2024-01-01,0,cash\nP2,C,2024-01-01,5,bitcoin\n', { delimiter: ',' })
    expect(validator.validate(zero!)).toMatchObject({ ok: false, errors: [{ column: 'amount', reason: 'zero_amount' }] })
    expect(validator.validate(bitcoin!)).toMatchObject({ ok: false, errors: [{ column: 'method', reason: 'invalid_payment_method' }] })
  })

  test('a contact needs an e-mail or a phone, and is a duplicate by e-mail in any case', () => {
    const validator = createRowValidator('contacts', ['cust', 'name', 'email'], { customer_ref: 'cust', name: 'name', email: 'email' }, DEFAULTS)
    const records = parseCsv('C1,Ann,\nC1,Ann,ann@example.test\nC1,Ann B,ANN@example.test\nC2,Ann,ann@example.test\n', { delimiter: ',' })
    expect(records.map((r) => validator.validate(r)).map((r) => (r.ok ? 'ok' : r.errors.map((e) => e.reason).join()))).toEqual([
      'contact_channel_required',
      'ok',
      'duplicate_in_file',
      'ok',
    ])
  })

  test('customers: defaults from the entity, language from the country, credit limit in the currency', () => {
    const validator = createRowValidator('customers', ['ref', 'name', 'country', 'limit', 'currency'], { external_ref: 'ref', name: 'name', country: 'country', credit_limit: 'limit', currency: 'currency' }, DEFAULTS)
    const [es, blank] = parseCsv('C1,Ñandú SL,es,"5.000",\nC2,Nobody,,,\n', { delimiter: ',' })
    expect(validator.validate(es!)).toMatchObject({ ok: true, row: { country: 'ES', language: 'es', currency: 'EUR', creditLimitMinor: 500_000, kind: 'professional' } })
    expect(validator.validate(blank!)).toMatchObject({ ok: true, row: { country: 'FR', language: 'fr', creditLimitMinor: null } })
    expect([...validator.mappedFields].sort()).toEqual(['country', 'credit_limit', 'currency', 'external_ref', 'name'])
  })
})
