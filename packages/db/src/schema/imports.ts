import { sql } from 'drizzle-orm'
import { bigint, char, check, customType, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './columns'
import { creditorEntities } from './entities'
import { staffUsers } from './staff'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

export const importKind = pgEnum('import_kind', ['customers', 'contacts', 'invoices', 'payments'])
export const importMode = pgEnum('import_mode', ['valid_rows', 'all_or_nothing'])
export const importStatus = pgEnum('import_status', [
  'uploaded',
  'validated',
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
])

/** One uploaded file and its life: mapping, validation, the background import and its outcome. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id),
    kind: importKind().notNull(),
    filename: text().notNull(),
    content: bytea().notNull(),
    /** Optional zip of invoice PDFs, matched by invoice number. */
    attachmentsZip: bytea(),
    sizeBytes: integer().notNull(),
    encoding: text(),
    delimiter: text(),
    mapping: jsonb().$type<Record<string, string>>(),
    mode: importMode().notNull().default('valid_rows'),
    status: importStatus().notNull().default('uploaded'),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    importedRows: integer().notNull().default(0),
    unchangedRows: integer().notNull().default(0),
    rejectedRows: integer().notNull().default(0),
    failureReason: text(),
    createdBy: uuid().references(() => staffUsers.id),
    createdAt: createdAt(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('import_jobs_entity_idx').on(t.entityId, t.createdAt),
    check('import_jobs_size_limit', sql`${t.sizeBytes} between 0 and 209715200`),
  ],
)

/** Every refused row: its line in the file, the column and the reason, so the report can be downloaded. */
export const importRejections = pgTable(
  'import_rejections',
  {
    id: id(),
    importJobId: uuid()
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    lineNumber: integer().notNull(),
    column: text(),
    reason: text().notNull(),
    rawLine: text(),
  },
  (t) => [index('import_rejections_job_idx').on(t.importJobId, t.lineNumber)],
)

export const importMappingPresets = pgTable(
  'import_mapping_presets',
  {
    id: id(),
    entityId: uuid()
      .notNull()
      .references(() => creditorEntities.id, { onDelete: 'cascade' }),
    kind: importKind().notNull(),
    name: text().notNull(),
    mapping: jsonb().$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('import_mapping_presets_name_key').on(t.entityId, t.kind, t.name)],
)

/**
 * Valid rows of an invoice import waiting to be written (migration 0006): staged with the job's resume counters,
 * taken out in the transaction that upserts them. What is left is the work still to do.
 */
export const importStagedInvoices = pgTable(
  'import_staged_invoices',
  {
    importJobId: uuid().notNull(),
    line: integer().notNull(),
    number: text().notNull(),
    customerRef: text().notNull(),
    issueDate: date({ mode: 'string' }).notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    subtotalMinor: bigint({ mode: 'number' }).notNull(),
    taxMinor: bigint({ mode: 'number' }).notNull(),
    totalMinor: bigint({ mode: 'number' }).notNull(),
    purchaseOrder: text(),
    rawLine: text(),
  },
  (t) => [primaryKey({ name: 'import_staged_invoices_pkey', columns: [t.importJobId, t.customerRef, t.line] })],
)
