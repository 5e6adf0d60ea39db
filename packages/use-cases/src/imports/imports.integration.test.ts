import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ImportKind } from '@quittance/domain/imports/import-fields'
import type { ImportMapping } from '@quittance/domain/imports/mapping'
import {
  clearStagedInvoices,
  countImportRejections,
  countStagedInvoices,
  findImportJob,
  listImportRejections,
  listMappingPresets,
  summariseImportRejections,
  type ImportMode,
} from '@quittance/db/repositories/imports'
import { createCustomer, createEntity, createInvoice, createPayment } from '@quittance/db/seed/factories'
import {
  allocationsOfInvoice,
  contactsOfEntity,
  countOfEntity,
  customersOfEntity,
  invoiceIdByNumber,
  invoicesOfEntity,
  openBalanceOf,
} from '@quittance/db/testing/imports-inspection'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { runJobNow, runJobsUntilIdle, startJobRunner } from '@quittance/jobs/job-runner'
import type { JobHandlers } from '@quittance/jobs/types'
import { JOB_HANDLERS } from '../jobs/job-handlers'
import { IMPORT_JOB_NAME } from './import-job-name'
import { IMPORT_BATCH_ROWS, IMPORT_STAGE_ROWS, IMPORT_UPSERT_CHUNK_ROWS, MAX_STORED_REJECTIONS } from './import-limits'
import { makeZip } from './make-zip'
import { previewImport } from './preview-import'
import { rejectionReportCsv } from './rejection-report'
import { runImportJob } from './run-import-job'
import { saveImportMapping } from './save-import-mapping'
import { startImport } from './start-import'
import { uploadImport } from './upload-import'

const corpus = (name: string) => new Uint8Array(readFileSync(new URL(`../../../domain/src/imports/__fixtures__/${name}`, import.meta.url)))
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)))
const utf8 = (text: string) => new TextEncoder().encode(text)
const ACTOR = { type: 'system', id: 'test' } as const
const PDF = (text: string) => utf8(`%PDF-1.4\n% ${text}\n%%EOF\n`)

describe.each(TEST_DATABASE_KINDS)('CSV imports on %s', (kind) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  async function newEntity() {
    return createEntity(database.db, { baseCurrency: 'EUR', country: 'FR' })
  }

  /** Upload, map (suggested unless given), start, and run the job to its end, as the back office does. */
  async function importFile(input: {
    entityId: string
    kind: ImportKind
    bytes: Uint8Array
    mode?: ImportMode
    mapping?: ImportMapping
    zip?: Uint8Array
    name?: string
  }) {
    const uploaded = await uploadImport(database.db, {
      entityId: input.entityId,
      kind: input.kind,
      file: { name: input.name ?? 'file.csv', bytes: input.bytes },
      zip: input.zip ? { name: 'pdfs.zip', bytes: input.zip } : null,
      actor: ACTOR,
    })
    if (!uploaded.ok) throw new Error(`upload refused: ${uploaded.error}`)
    if (input.mapping) {
      const saved = await saveImportMapping(database.db, { importId: uploaded.value.importId, mapping: input.mapping, actor: ACTOR })
      if (!saved.ok) throw new Error(`mapping refused: ${JSON.stringify(saved.error)}`)
    }
    const started = await startImport(database.db, { importId: uploaded.value.importId, mode: input.mode ?? 'valid_rows', actor: ACTOR })
    if (!started.ok) throw new Error(`start refused: ${JSON.stringify(started.error)}`)
    await runJobsUntilIdle(database.db, { handlers: JOB_HANDLERS })
    const job = (await findImportJob(database.db, uploaded.value.importId))!
    const rejections = await listImportRejections(database.db, { importId: job.id, limit: 1000 })
    return { job, rejections: rejections.map((r) => `${r.lineNumber} ${r.column ?? '-'}: ${r.reason}`) }
  }

  const counts = (job: { status: string; processedRows: number; importedRows: number; unchangedRows: number; rejectedRows: number }) => ({
    status: job.status,
    processed: job.processedRows,
    imported: job.importedRows,
    unchanged: job.unchangedRows,
    rejected: job.rejectedRows,
  })

  describe('upload refuses what is not a CSV file, with a clear reason', () => {
    test.each([
      ['an Excel workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 'spreadsheet_not_csv'],
      ['a PDF', PDF('x'), 'pdf_not_csv'],
      ['binary junk', Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7919 + 13) % 256), 'not_text'],
      ['an empty file', new Uint8Array(0), 'file_empty'],
    ])('%s', async (_name, bytes, reason) => {
      const entity = await newEntity()
      expect(await uploadImport(database.db, { entityId: entity.id, kind: 'invoices', file: { name: 'x.csv', bytes }, actor: ACTOR })).toEqual({ ok: false, error: reason })
    })

    test('a zip with customers, a zip that is not one', async () => {
      const entity = await newEntity()
      const file = { name: 'x.csv', bytes: utf8('number,customer\nA,B\n') }
      expect(await uploadImport(database.db, { entityId: entity.id, kind: 'customers', file, zip: { name: 'p.zip', bytes: makeZip([]) }, actor: ACTOR })).toEqual({ ok: false, error: 'zip_not_for_this_kind' })
      expect(await uploadImport(database.db, { entityId: entity.id, kind: 'invoices', file, zip: { name: 'p.zip', bytes: PDF('no') }, actor: ACTOR })).toEqual({ ok: false, error: 'zip_invalid' })
    })
  })

  test('customers: suggested mapping, upsert by reference, re-import changes nothing, changes update', async () => {
    const entity = await newEntity()
    const file = utf8('Code client;Raison sociale;Pays;E-mail;Ville\nC-1;Boulangerie Martin;FR;compta@martin.example;Lyon\nC-2;Müller GmbH;DE;;Berlin\n')
    const first = await importFile({ entityId: entity.id, kind: 'customers', bytes: file })
    expect(counts(first.job)).toEqual({ status: 'completed', processed: 2, imported: 2, unchanged: 0, rejected: 0 })
    expect(await customersOfEntity(database.db, entity.id)).toEqual([
      { externalRef: 'C-1', name: 'Boulangerie Martin', language: 'fr', country: 'FR', currency: 'EUR', city: 'Lyon' },
      { externalRef: 'C-2', name: 'Müller GmbH', language: 'de', country: 'DE', currency: 'EUR', city: 'Berlin' },
    ])
    expect(await contactsOfEntity(database.db, entity.id)).toEqual([
      { email: 'compta@martin.example', name: 'Boulangerie Martin', phone: null, role: 'billing', language: null, isPrimary: true },
    ])

    const again = await importFile({ entityId: entity.id, kind: 'customers', bytes: file })
    expect(counts(again.job)).toEqual({ status: 'completed', processed: 2, imported: 0, unchanged: 2, rejected: 0 })

    const changed = await importFile({ entityId: entity.id, kind: 'customers', bytes: utf8('Code client;Raison sociale;Pays\nC-1;Boulangerie Martin & Fils;FR\nC-2;Müller GmbH;DE\n') })
    expect(counts(changed.job)).toEqual({ status: 'completed', processed: 2, imported: 1, unchanged: 1, rejected: 0 })
    // A column the file does not have is left alone.
    expect((await customersOfEntity(database.db, entity.id))[0]).toMatchObject({ name: 'Boulangerie Martin & Fils', city: 'Lyon' })
  })

  test('UTF-16 customers and German contacts from the corpus', async () => {
    const entity = await newEntity()
    await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-001', name: 'Existing 1' })
    const customers = await importFile({ entityId: entity.id, kind: 'customers', bytes: corpus('customers-utf16le-tab.txt') })
    expect(counts(customers.job)).toEqual({ status: 'completed', processed: 2, imported: 2, unchanged: 0, rejected: 0 })
    const contacts = await importFile({ entityId: entity.id, kind: 'contacts', bytes: corpus('contacts-de-tab.tsv') })
    expect(counts(contacts.job)).toEqual({ status: 'completed', processed: 2, imported: 2, unchanged: 0, rejected: 0 })
    const again = await importFile({ entityId: entity.id, kind: 'contacts', bytes: corpus('contacts-de-tab.tsv') })
    expect(counts(again.job)).toMatchObject({ imported: 0, unchanged: 2 })
    expect(await contactsOfEntity(database.db, entity.id)).toEqual([
      { name: 'Anna Weiß', email: null, phone: '+49 89 7654321', role: 'billing', language: 'de', isPrimary: true },
      { name: 'Jürgen Groß', email: 'j.gross@example.test', phone: '+49 30 1234567', role: 'Buchhaltung', language: 'de', isPrimary: true },
    ])
  })

  test('invoices: French BOM file, balances kept by the triggers, idempotent re-import, settled invoices protected', async () => {
    const entity = await newEntity()
    const c1 = await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-001' })
    await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-002' })
    const first = await importFile({ entityId: entity.id, kind: 'invoices', bytes: corpus('invoices-fr-utf8-bom-semicolon.csv') })
    expect(counts(first.job)).toEqual({ status: 'completed', processed: 3, imported: 3, unchanged: 0, rejected: 0 })
    expect(await openBalanceOf(database.db, c1.id)).toEqual([{ currency: 'EUR', outstanding: 120_000 + 148_140, count: 2 }])

    const again = await importFile({ entityId: entity.id, kind: 'invoices', bytes: corpus('invoices-fr-utf8-bom-semicolon.csv') })
    expect(counts(again.job)).toEqual({ status: 'completed', processed: 3, imported: 0, unchanged: 3, rejected: 0 })

    // FA-2024-001 is now half paid: a file lowering its total below that, or moving it, is refused for that row.
    const preview = await previewImport(database.db, { importId: again.job.id })
    expect(preview?.rows.map((r) => r.status)).toEqual(['existing', 'existing', 'existing'])
    const invoiceId = (await invoiceIdByNumber(database.db, entity.id, 'FA-2024-001'))!
    await createPayment(database.db, { entityId: entity.id, customerId: c1.id, currency: 'EUR', amountMinor: 60_000, receivedOn: '2024-02-01', allocations: [{ invoiceId, amountMinor: 60_000 }] })
    const lowered = await importFile({
      entityId: entity.id,
      kind: 'invoices',
      bytes: utf8('number;customer_ref;issue_date;due_date;total\nFA-2024-001;CUST-001;15/01/2024;14/02/2024;500,00\nFA-2024-002;CUST-002;16/01/2024;20/02/2024;119,88\nFA-2024-009;NOBODY;16/01/2024;20/02/2024;10\n'),
    })
    expect(counts(lowered.job)).toEqual({ status: 'completed', processed: 3, imported: 1, unchanged: 0, rejected: 2 })
    expect(lowered.rejections).toEqual(['2 total: invoice_settled_conflict', '4 customer_ref: unknown_customer'])
  })

  test('invoices: the corpus of bad amounts and dates, each rejection with its line, column and reason', async () => {
    const entity = await newEntity()
    await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-001' })
    await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-002' })
    const amounts = await importFile({ entityId: entity.id, kind: 'invoices', bytes: corpus('invoices-bad-amounts.csv') })
    expect(counts(amounts.job)).toEqual({ status: 'completed', processed: 7, imported: 1, unchanged: 0, rejected: 6 })
    expect(amounts.rejections).toEqual([
      '2 total: negative_amount',
      '3 total: invalid_amount',
      '4 total: too_many_decimals',
      '5 total: amount_too_large',
      '6 total: invalid_amount',
      '7 -: extra_columns',
    ])
    const dates = await importFile({ entityId: entity.id, kind: 'invoices', bytes: corpus('invoices-bad-dates.csv') })
    expect(counts(dates.job)).toMatchObject({ imported: 1, rejected: 7 })
    const duplicates = await importFile({ entityId: entity.id, kind: 'invoices', bytes: corpus('invoices-duplicates.csv') })
    expect(duplicates.rejections).toEqual(['4 number: duplicate_in_file'])
    expect(counts(duplicates.job)).toMatchObject({ imported: 3, rejected: 1 })
    expect(await summariseImportRejections(database.db, amounts.job.id)).toEqual([
      { reason: 'invalid_amount', count: 2 },
      { reason: 'amount_too_large', count: 1 },
      { reason: 'extra_columns', count: 1 },
      { reason: 'negative_amount', count: 1 },
      { reason: 'too_many_decimals', count: 1 },
    ])
  })

  test('all or nothing: one bad row and nothing is written; a clean file is written whole', async () => {
    const entity = await newEntity()
    await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-001' })
    const bad = utf8('number,customer_ref,issue_date,due_date,total\nA-1,CUST-001,2024-01-01,2024-01-31,10\nA-2,CUST-404,2024-01-01,2024-01-31,10\nA-3,CUST-001,2024-01-01,2024-01-31,-1\n')
    const refused = await importFile({ entityId: entity.id, kind: 'invoices', bytes: bad, mode: 'all_or_nothing' })
    expect(refused.job).toMatchObject({ status: 'failed', failureReason: 'all_or_nothing_refused', importedRows: 0, rejectedRows: 2 })
    expect(refused.rejections).toEqual(['3 customer_ref: unknown_customer', '4 total: negative_amount'])
    expect(await countOfEntity(database.db, 'invoices', entity.id)).toBe(0)

    const good = utf8('number,customer_ref,issue_date,due_date,total\nA-1,CUST-001,2024-01-01,2024-01-31,10\nA-2,CUST-001,2024-01-01,2024-01-31,20\n')
    const done = await importFile({ entityId: entity.id, kind: 'invoices', bytes: good, mode: 'all_or_nothing' })
    expect(counts(done.job)).toEqual({ status: 'completed', processed: 2, imported: 2, unchanged: 0, rejected: 0 })
  })

  test('payments: allocated to the named invoice under lock, surplus as credit, re-import unchanged, changed refused', async () => {
    const entity = await newEntity()
    const c1 = await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-001' })
    const c2 = await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-002' })
    const invoice = await createInvoice(database.db, { entityId: entity.id, customerId: c1.id, number: 'FA-2024-001', issueDate: '2024-01-15', dueDate: '2024-02-14', totalMinor: 100_000 })
    await createInvoice(database.db, { entityId: entity.id, customerId: c2.id, number: 'FA-OTHER', issueDate: '2024-01-15', dueDate: '2024-02-14', totalMinor: 5000 })
    const first = await importFile({ entityId: entity.id, kind: 'payments', bytes: corpus('payments-es-comma.csv') })
    expect(counts(first.job)).toEqual({ status: 'completed', processed: 2, imported: 2, unchanged: 0, rejected: 0 })
    // 1,200.00 paid on a 1,000.00 invoice: 1,000.00 allocated, 200.00 stays as the customer's credit.
    expect((await invoicesOfEntity(database.db, entity.id)).find((i) => i.number === 'FA-2024-001')?.paid).toBe(100_000)
    expect(await allocationsOfInvoice(database.db, invoice.id)).toEqual([{ amount: 100_000, externalRef: 'PAY-1', provider: 'import' }])

    const again = await importFile({ entityId: entity.id, kind: 'payments', bytes: corpus('payments-es-comma.csv') })
    expect(counts(again.job)).toEqual({ status: 'completed', processed: 2, imported: 0, unchanged: 2, rejected: 0 })

    const tricky = utf8(
      'external_ref,customer_ref,received_on,amount,invoice_number\n' +
        'PAY-1,CUST-001,2024-02-20,999.00,FA-2024-001\n' +
        'PAY-3,CUST-001,2024-02-22,10.00,FA-NOPE\n' +
        'PAY-4,CUST-001,2024-02-22,10.00,FA-OTHER\n' +
        'PAY-5,CUST-002,2024-02-22,0,\n' +
        'PAY-6,CUST-002,2024-02-22,30.00,FA-OTHER\n' +
        'PAY-7,CUST-002,2024-02-22,30.00,FA-OTHER\n',
    )
    const third = await importFile({ entityId: entity.id, kind: 'payments', bytes: tricky })
    expect(third.rejections).toEqual([
      '2 external_ref: payment_changed',
      '3 invoice_number: unknown_invoice',
      '4 invoice_number: invoice_of_other_customer',
      '5 amount: zero_amount',
    ])
    // Two payments of 30.00 on an invoice of 50.00 in one batch: 30.00 + 20.00, never more than it owes.
    expect((await invoicesOfEntity(database.db, entity.id)).find((i) => i.number === 'FA-OTHER')?.paid).toBe(5000)
  })

  test('invoice PDFs from a zip: matched by number, checked by content, attached once', async () => {
    const entity = await newEntity()
    await createCustomer(database.db, { entityId: entity.id, externalRef: 'CUST-001' })
    const csv = utf8('number,customer_ref,issue_date,due_date,total\nFA-2024-001,CUST-001,2024-01-01,2024-01-31,10\nFA/2024/002,CUST-001,2024-01-01,2024-01-31,10\nFA-2024-003,CUST-001,2024-01-01,2024-01-31,10\nFA-2024-004,CUST-001,2024-01-01,2024-01-31,10\n')
    const zip = fixture('invoice-pdfs.zip')
    const first = await importFile({ entityId: entity.id, kind: 'invoices', bytes: csv, zip })
    expect(first.rejections).toEqual(['4 number: pdf_not_pdf'])
    expect(counts(first.job)).toMatchObject({ imported: 3, rejected: 1 })
    expect((await invoicesOfEntity(database.db, entity.id)).map(({ number, filename, contentType }) => ({ number, filename, contentType }))).toEqual([
      { number: 'FA-2024-001', filename: 'FA-2024-001.pdf', contentType: 'application/pdf' },
      { number: 'FA-2024-004', filename: null, contentType: null },
      { number: 'FA/2024/002', filename: 'FA_2024_002.pdf', contentType: 'application/pdf' },
    ])
    const again = await importFile({ entityId: entity.id, kind: 'invoices', bytes: csv, zip })
    expect(counts(again.job)).toMatchObject({ imported: 0, unchanged: 3, rejected: 1 })
    expect(await countOfEntity(database.db, 'documents', entity.id)).toBe(2)

    // A PDF column names the file; a missing one is refused, a new version replaces the original.
    const named = utf8('number,customer_ref,issue_date,due_date,total,pdf\nFA-2024-004,CUST-001,2024-01-01,2024-01-31,10,scan-4.pdf\nFA-2024-001,CUST-001,2024-01-01,2024-01-31,10,missing.pdf\n')
    const third = await importFile({ entityId: entity.id, kind: 'invoices', bytes: named, zip: makeZip([{ name: 'scan-4.pdf', content: PDF('four') }]) })
    expect(third.rejections).toEqual(['3 pdf: pdf_not_found'])
    expect(counts(third.job)).toMatchObject({ imported: 1 })
  })

  test('mapping: checked against the header, saved as a preset, refused when a required field is missing', async () => {
    const entity = await newEntity()
    const uploaded = await uploadImport(database.db, { entityId: entity.id, kind: 'invoices', file: { name: 'm.csv', bytes: utf8('Ref;Kunde;Datum;Fällig;Summe\nR1;K1;2024-01-01;2024-01-31;10\n') }, actor: ACTOR })
    if (!uploaded.ok) throw new Error(uploaded.error)
    const importId = uploaded.value.importId
    const missing = await saveImportMapping(database.db, { importId, mapping: { number: 'Ref', customer_ref: 'Kunde' }, actor: ACTOR })
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_mapping' } })
    expect(await startImport(database.db, { importId, mode: 'valid_rows', actor: ACTOR })).toMatchObject({ ok: false, error: { code: 'invalid_mapping' } })
    const mapping = { number: 'Ref', customer_ref: 'Kunde', issue_date: 'Datum', due_date: 'Fällig', total: 'Summe' }
    expect(await saveImportMapping(database.db, { importId, mapping, presetName: 'ERP export', actor: ACTOR })).toMatchObject({ ok: true })
    expect(await listMappingPresets(database.db, { entityId: entity.id, kind: 'invoices' })).toEqual([expect.objectContaining({ name: 'ERP export', mapping })])

    const preview = await previewImport(database.db, { importId })
    expect(preview?.rows).toEqual([
      expect.objectContaining({ line: 2, status: 'rejected', errors: [expect.objectContaining({ column: 'Kunde', reason: 'unknown_customer' })] }),
    ])
    expect(await startImport(database.db, { importId, mode: 'valid_rows', actor: ACTOR })).toMatchObject({ ok: true })
    expect(await startImport(database.db, { importId, mode: 'valid_rows', actor: ACTOR })).toEqual({ ok: false, error: { code: 'already_started' } })
    expect(await saveImportMapping(database.db, { importId, mapping, actor: ACTOR })).toEqual({ ok: false, error: { code: 'not_editable' } })
    await runJobsUntilIdle(database.db, { handlers: JOB_HANDLERS })
  })

  test('the rejection report neutralises formulas from the file', async () => {
    const entity = await newEntity()
    const file = utf8("external_ref,name,@country\n=cmd|' /C calc'!A0,Evil,ZZ\n+1,Plus,FR\n")
    const result = await importFile({ entityId: entity.id, kind: 'customers', bytes: file, mapping: { external_ref: 'external_ref', name: 'name', country: '@country' } })
    expect(result.rejections).toEqual(['2 @country: invalid_country'])
    let csv = ''
    const titles = ['Line', 'Column', 'Code', 'Reason', 'Row'] as const
    for await (const part of rejectionReportCsv(database.db, { importId: result.job.id, delimiter: ';', titles, describe: (r) => `-${r}` })) csv += part
    expect(csv).toBe('\uFEFF"Line";"Column";"Code";"Reason";"Row"\r\n"2";"\'@country";"invalid_country";"\'-invalid_country";"\'=cmd|\' /C calc\'!A0,Evil,ZZ"\r\n')
    // Stored as written: neutralising is for what we export, not for the data.
    expect((await customersOfEntity(database.db, entity.id)).map((c) => c.externalRef)).toEqual(['+1'])
  })

  test('10 MB of junk text: every line accounted for, nothing imported, the job ends', async () => {
    const entity = await newEntity()
    let seed = 7
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const alphabet = 'abc XYZ 019,;"\n\r\t=+-@é€'
    const block = Array.from({ length: 1024 * 1024 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
    const junk = utf8(`external_ref,name,country\n${block.repeat(10)}`)
    const result = await importFile({ entityId: entity.id, kind: 'customers', bytes: junk })
    expect(result.job.status).toBe('completed')
    expect(result.job.processedRows).toBeGreaterThan(1000)
    expect(result.job.importedRows + result.job.unchangedRows + result.job.rejectedRows).toBe(result.job.processedRows)
    expect(result.job.rejectedRows).toBeGreaterThan(result.job.processedRows * 0.9)
    // The report keeps the first 100,000 problems; the counters stay exact.
    expect(await countImportRejections(database.db, result.job.id)).toBe(MAX_STORED_REJECTIONS)
  }, 300_000)

  test('a stopped import resumes after its last committed batch, with exact counts', async () => {
    const entity = await newEntity()
    const lines = ['external_ref,name,country']
    for (let i = 1; i <= 25_000; i++) lines.push(`R-${i},Customer ${i},${i % 1000 === 0 ? 'ZZ' : 'FR'}`)
    const uploaded = await uploadImport(database.db, { entityId: entity.id, kind: 'customers', file: { name: 'big.csv', bytes: utf8(lines.join('\n')) }, actor: ACTOR })
    if (!uploaded.ok) throw new Error(uploaded.error)
    const started = await startImport(database.db, { importId: uploaded.value.importId, mode: 'valid_rows', actor: ACTOR })
    if (!started.ok) throw new Error('not started')
    // A worker that is stopped (shutdown) as soon as its first batch is committed.
    const shutdown = new AbortController()
    const stopping: JobHandlers = {
      [IMPORT_JOB_NAME]: (payload, context) => runImportJob(payload, { ...context, signal: shutdown.signal, reportProgress: async () => shutdown.abort() }),
    }
    expect(await runJobNow(database.db, { jobId: started.value.jobId, handlers: stopping, signal: shutdown.signal })).toBe('released')
    const stopped = await findImportJob(database.db, uploaded.value.importId)
    expect(stopped).toMatchObject({ status: 'running', processedRows: IMPORT_BATCH_ROWS })
    await runJobsUntilIdle(database.db, { handlers: JOB_HANDLERS })
    const done = await findImportJob(database.db, uploaded.value.importId)
    expect(counts(done!)).toEqual({ status: 'completed', processed: 25_000, imported: 24_975, unchanged: 0, rejected: 25 })
    expect(await countOfEntity(database.db, 'customers', entity.id)).toBe(24_975)
  }, 60_000)

  test('a stopped invoice import resumes: staged batches, then whole customers per chunk, with exact counts', async () => {
    const entity = await newEntity()
    const ids: string[] = []
    for (let c = 1; c <= 50; c++) ids.push((await createCustomer(database.db, { entityId: entity.id, externalRef: `SC-${c}` })).id)
    const rows = IMPORT_STAGE_ROWS + 5_000
    expect(rows).toBeLessThan(IMPORT_UPSERT_CHUNK_ROWS)
    const lines = ['number,customer_ref,issue_date,due_date,total']
    // Customers come round again and again; every 1,000th row names a customer that does not exist.
    for (let i = 1; i <= rows; i++) lines.push(`ST-${i},${i % 1000 === 0 ? 'NOBODY' : `SC-${1 + (i % 50)}`},2026-01-01,2026-01-31,${i % 7 === 0 ? '-1' : '10.00'}`)
    const uploaded = await uploadImport(database.db, { entityId: entity.id, kind: 'invoices', file: { name: 'staged.csv', bytes: utf8(lines.join('\n')) }, actor: ACTOR })
    if (!uploaded.ok) throw new Error(uploaded.error)
    const started = await startImport(database.db, { importId: uploaded.value.importId, mode: 'valid_rows', actor: ACTOR })
    if (!started.ok) throw new Error('not started')
    // Stopped as soon as the first staged batch is committed: its rows wait in the staging table.
    const shutdown = new AbortController()
    const stopping: JobHandlers = {
      [IMPORT_JOB_NAME]: (payload, context) => runImportJob(payload, { ...context, signal: shutdown.signal, reportProgress: async () => shutdown.abort() }),
    }
    expect(await runJobNow(database.db, { jobId: started.value.jobId, handlers: stopping, signal: shutdown.signal })).toBe('released')
    const negativeIn = (n: number) => Math.floor(n / 7)
    expect(await findImportJob(database.db, uploaded.value.importId)).toMatchObject({ status: 'running', processedRows: IMPORT_STAGE_ROWS, importedRows: 0, rejectedRows: negativeIn(IMPORT_STAGE_ROWS) })
    expect(await countStagedInvoices(database.db, uploaded.value.importId)).toBe(IMPORT_STAGE_ROWS - negativeIn(IMPORT_STAGE_ROWS))
    expect(await countOfEntity(database.db, 'invoices', entity.id)).toBe(0)

    await runJobsUntilIdle(database.db, { handlers: JOB_HANDLERS })
    const done = await findImportJob(database.db, uploaded.value.importId)
    const rejected = negativeIn(rows) + Math.floor(rows / 1000) - Math.floor(rows / 7000)
    expect(counts(done!)).toEqual({ status: 'completed', processed: rows, imported: rows - rejected, unchanged: 0, rejected })
    expect(await countOfEntity(database.db, 'invoices', entity.id)).toBe(rows - rejected)
    expect(await countStagedInvoices(database.db, uploaded.value.importId)).toBe(0)
    expect(await countImportRejections(database.db, uploaded.value.importId)).toBe(rejected)
    const unknown = (await listImportRejections(database.db, { importId: uploaded.value.importId, limit: 1000 })).filter((r) => r.reason === 'unknown_customer')
    expect(unknown[0]).toMatchObject({ lineNumber: 1001, column: 'customer_ref', rawLine: 'ST-1000,NOBODY,2026-01-01,2026-01-31,10.00' })
    // A crash of PostgreSQL empties the UNLOGGED staging table: the next attempt sees the rows its counters promise
    // are gone and starts again from the first row, with exact counts.
    const again = await uploadImport(database.db, { entityId: entity.id, kind: 'invoices', file: { name: 'again.csv', bytes: utf8(lines.slice(0, 101).join('\n')) }, actor: ACTOR })
    if (!again.ok) throw new Error(again.error)
    const restarted = await startImport(database.db, { importId: again.value.importId, mode: 'valid_rows', actor: ACTOR })
    if (!restarted.ok) throw new Error('not started')
    const halt = new AbortController()
    const halting: JobHandlers = {
      [IMPORT_JOB_NAME]: (payload, context) => runImportJob(payload, { ...context, signal: halt.signal, reportProgress: async () => halt.abort() }),
    }
    expect(await runJobNow(database.db, { jobId: restarted.value.jobId, handlers: halting, signal: halt.signal })).toBe('released')
    expect(await countStagedInvoices(database.db, again.value.importId)).toBe(100 - 14)
    await clearStagedInvoices(database.db, again.value.importId)
    await runJobsUntilIdle(database.db, { handlers: JOB_HANDLERS })
    expect(counts((await findImportJob(database.db, again.value.importId))!)).toEqual({ status: 'completed', processed: 100, imported: 0, unchanged: 86, rejected: 14 })
    expect(await countImportRejections(database.db, again.value.importId)).toBe(14)

    // Each customer's balance is exact: 10.00 per invoice it got.
    const perCustomer = Array.from({ length: rows }, (_, k) => k + 1).filter((i) => i % 1000 !== 0 && i % 7 !== 0 && 1 + (i % 50) === 1).length
    expect(await openBalanceOf(database.db, ids[0]!)).toEqual([{ currency: 'EUR', outstanding: perCustomer * 1000, count: perCustomer }])
  }, 120_000)
})

describe('payment imports racing on PostgreSQL', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase('postgres')
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('two imports paying one invoice at once never settle more than it owes', async () => {
    const entity = await createEntity(database.db)
    const customer = await createCustomer(database.db, { entityId: entity.id, externalRef: 'C-RACE' })
    const invoice = await createInvoice(database.db, { entityId: entity.id, customerId: customer.id, number: 'INV-RACE', issueDate: '2024-01-01', dueDate: '2024-01-31', totalMinor: 10_000 })
    const ids: string[] = []
    for (const ref of ['P-A', 'P-B']) {
      const uploaded = await uploadImport(database.db, {
        entityId: entity.id,
        kind: 'payments',
        file: { name: `${ref}.csv`, bytes: utf8(`external_ref,customer_ref,received_on,amount,invoice_number\n${ref},C-RACE,2024-01-10,80.00,INV-RACE\n`) },
        actor: ACTOR,
      })
      if (!uploaded.ok) throw new Error(uploaded.error)
      await startImport(database.db, { importId: uploaded.value.importId, mode: 'valid_rows', actor: ACTOR })
      ids.push(uploaded.value.importId)
    }
    const runners = [0, 1].map((i) => startJobRunner({ db: database.db, handlers: JOB_HANDLERS, pollMs: 5, workerId: `w${i}` }))
    for (;;) {
      const jobs = await Promise.all(ids.map((id) => findImportJob(database.db, id)))
      if (jobs.every((j) => j?.status === 'completed')) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await Promise.all(runners.map((r) => r.stop()))
    expect((await invoicesOfEntity(database.db, entity.id))[0]?.paid).toBe(10_000)
    const allocations = await allocationsOfInvoice(database.db, invoice.id)
    expect(allocations.reduce((sum, a) => sum + a.amount, 0)).toBe(10_000)
  })
})
