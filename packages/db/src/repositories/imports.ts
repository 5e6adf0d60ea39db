import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type postgres from 'postgres'
import { queryRows, type Db } from '../client'
import {
  creditorEntities,
  documents,
  importJobs,
  importMappingPresets,
  importRejections,
  invoices,
  staffUsers,
} from '../schema/index'

// Imports: the uploaded files and their life, the rejection report, mapping presets, and the batch writers that
// upsert a few thousand rows per statement. Rows travel to PostgreSQL as one JSON parameter read back with
// jsonb_to_recordset: a fixed number of parameters whatever the batch size, and the same SQL on PGlite.

export type ImportKind = (typeof importJobs.$inferSelect)['kind']
export type ImportMode = (typeof importJobs.$inferSelect)['mode']
export type ImportStatus = (typeof importJobs.$inferSelect)['status']
export type ImportMappingRecord = Record<string, string>

// ---------------------------------------------------------------------------------------------------------------
// Entities

export type ImportEntity = { id: string; code: string; legalName: string; baseCurrency: string; country: string }

const entityColumns = {
  id: creditorEntities.id,
  code: creditorEntities.code,
  legalName: creditorEntities.legalName,
  baseCurrency: creditorEntities.baseCurrency,
  country: creditorEntities.country,
}

export async function listImportEntities(db: Db): Promise<ImportEntity[]> {
  return db.select(entityColumns).from(creditorEntities).orderBy(asc(creditorEntities.code))
}

export async function findImportEntity(db: Db, input: { id?: string; code?: string }): Promise<ImportEntity | null> {
  const where = input.id ? eq(creditorEntities.id, input.id) : input.code ? eq(creditorEntities.code, input.code) : null
  if (!where) return null
  const [row] = await db.select(entityColumns).from(creditorEntities).where(where)
  return row ?? null
}

// ---------------------------------------------------------------------------------------------------------------
// Import jobs

export async function insertImportJob(
  db: Db,
  input: {
    entityId: string
    kind: ImportKind
    filename: string
    content: Uint8Array
    attachmentsZip: Uint8Array | null
    encoding: string
    delimiter: string
    mapping: ImportMappingRecord
    estimatedRows: number
    createdBy: string | null
  },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(importJobs)
    .values({
      entityId: input.entityId,
      kind: input.kind,
      filename: input.filename,
      content: input.content,
      attachmentsZip: input.attachmentsZip,
      sizeBytes: input.content.byteLength,
      encoding: input.encoding,
      delimiter: input.delimiter,
      mapping: input.mapping,
      totalRows: input.estimatedRows,
      createdBy: input.createdBy,
    })
    .returning({ id: importJobs.id })
  return row!
}

const importJobColumns = {
  id: importJobs.id,
  entityId: importJobs.entityId,
  entityCode: creditorEntities.code,
  entityName: creditorEntities.legalName,
  kind: importJobs.kind,
  filename: importJobs.filename,
  sizeBytes: importJobs.sizeBytes,
  hasAttachments: sql<boolean>`${importJobs.attachmentsZip} is not null`,
  encoding: importJobs.encoding,
  delimiter: importJobs.delimiter,
  mapping: importJobs.mapping,
  mode: importJobs.mode,
  status: importJobs.status,
  totalRows: importJobs.totalRows,
  processedRows: importJobs.processedRows,
  importedRows: importJobs.importedRows,
  unchangedRows: importJobs.unchangedRows,
  rejectedRows: importJobs.rejectedRows,
  failureReason: importJobs.failureReason,
  createdBy: importJobs.createdBy,
  createdByName: staffUsers.name,
  createdAt: importJobs.createdAt,
  startedAt: importJobs.startedAt,
  finishedAt: importJobs.finishedAt,
}

export type ImportJobRecord = NonNullable<Awaited<ReturnType<typeof findImportJob>>>

/** Everything about an import except its file. */
export async function findImportJob(db: Db, importId: string) {
  const [row] = await db
    .select(importJobColumns)
    .from(importJobs)
    .innerJoin(creditorEntities, eq(creditorEntities.id, importJobs.entityId))
    .leftJoin(staffUsers, eq(staffUsers.id, importJobs.createdBy))
    .where(eq(importJobs.id, importId))
  return row ?? null
}

export async function listImportJobs(db: Db, input: { limit: number; offset: number }) {
  const rows = await db
    .select(importJobColumns)
    .from(importJobs)
    .innerJoin(creditorEntities, eq(creditorEntities.id, importJobs.entityId))
    .leftJoin(staffUsers, eq(staffUsers.id, importJobs.createdBy))
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(input.limit)
    .offset(input.offset)
  const [total] = await db.select({ n: count() }).from(importJobs)
  return { rows, total: Number(total?.n ?? 0) }
}

/** The whole uploaded file and its optional zip of PDFs. */
export async function loadImportFiles(db: Db, importId: string) {
  const [row] = await db
    .select({ content: importJobs.content, attachmentsZip: importJobs.attachmentsZip })
    .from(importJobs)
    .where(eq(importJobs.id, importId))
  return row ? { content: toBytes(row.content), attachmentsZip: row.attachmentsZip ? toBytes(row.attachmentsZip) : null } : null
}

/** The first bytes of the file: enough for its header and a preview without loading 100 MB. */
export async function loadImportFileHead(db: Db, input: { importId: string; bytes: number }): Promise<Uint8Array | null> {
  const [row] = await queryRows<{ head: Uint8Array }>(
    db,
    sql`select substring(content from 1 for ${input.bytes}) as head from import_jobs where id = ${input.importId}`,
  )
  return row ? toBytes(row.head) : null
}

/** postgres.js gives a Buffer, PGlite a Uint8Array; a Buffer may be a view on a shared pool. */
function toBytes(value: Uint8Array): Uint8Array {
  return value instanceof Uint8Array && value.constructor === Uint8Array ? value : new Uint8Array(value)
}

/** Locks the import row for a decision (start, mapping) in the caller's transaction. */
export async function lockImportJob(tx: Db, importId: string) {
  const [row] = await tx
    .select({ id: importJobs.id, status: importJobs.status, kind: importJobs.kind, entityId: importJobs.entityId, mapping: importJobs.mapping })
    .from(importJobs)
    .where(eq(importJobs.id, importId))
    .for('update')
  return row ?? null
}

export async function updateImportMapping(tx: Db, input: { importId: string; mapping: ImportMappingRecord }) {
  await tx.update(importJobs).set({ mapping: input.mapping, status: 'validated' }).where(eq(importJobs.id, input.importId))
}

export async function markImportQueued(tx: Db, input: { importId: string; mode: ImportMode }) {
  await tx
    .update(importJobs)
    .set({ mode: input.mode, status: 'queued', processedRows: 0, importedRows: 0, unchangedRows: 0, rejectedRows: 0, failureReason: null })
    .where(eq(importJobs.id, input.importId))
}

export async function markImportRunning(db: Db, importId: string) {
  await db
    .update(importJobs)
    .set({ status: 'running', startedAt: sql`coalesce(${importJobs.startedAt}, now())` })
    .where(eq(importJobs.id, importId))
}

export type ImportCounters = {
  processedRows: number
  importedRows: number
  unchangedRows: number
  rejectedRows: number
  totalRows?: number
}

/** Absolute counters: written in the same transaction as the batch they count, they double as the resume point. */
export async function saveImportProgress(db: Db, input: { importId: string } & ImportCounters) {
  const { importId, ...counters } = input
  await db.update(importJobs).set(counters).where(eq(importJobs.id, importId))
}

/** Adds to the counters, in the transaction of the chunk they count (writers running side by side each add theirs). */
export async function addImportProgress(db: Db, input: { importId: string; importedRows: number; unchangedRows: number; rejectedRows: number }) {
  await db
    .update(importJobs)
    .set({
      importedRows: sql`${importJobs.importedRows} + ${input.importedRows}`,
      unchangedRows: sql`${importJobs.unchangedRows} + ${input.unchangedRows}`,
      rejectedRows: sql`${importJobs.rejectedRows} + ${input.rejectedRows}`,
    })
    .where(eq(importJobs.id, input.importId))
}

export async function finishImport(
  db: Db,
  input: { importId: string; status: 'completed' | 'failed'; failureReason: string | null } & ImportCounters,
) {
  const { importId, status, failureReason, ...counters } = input
  await db
    .update(importJobs)
    .set({ ...counters, status, failureReason, finishedAt: sql`now()` })
    .where(eq(importJobs.id, importId))
}

// ---------------------------------------------------------------------------------------------------------------
// Rejections

export type ImportRejectionInput = { lineNumber: number; column: string | null; reason: string; rawLine: string | null }

export async function insertImportRejections(db: Db, input: { importId: string; rejections: readonly ImportRejectionInput[] }) {
  for (let start = 0; start < input.rejections.length; start += 2000) {
    const slice = input.rejections.slice(start, start + 2000)
    await db.execute(sql`
      insert into import_rejections (import_job_id, line_number, "column", reason, raw_line)
      select ${input.importId}::uuid, x.line_number, x.col, x.reason, x.raw_line
        from jsonb_to_recordset(${JSON.stringify(slice.map((r) => ({ line_number: r.lineNumber, col: r.column, reason: r.reason, raw_line: r.rawLine })))}::jsonb)
          as x(line_number int, col text, reason text, raw_line text)`)
  }
}

export async function deleteImportRejections(db: Db, importId: string) {
  await db.delete(importRejections).where(eq(importRejections.importJobId, importId))
}

/** A page of rejections in line order; `after` continues from the last row of the previous page (keyset). */
export async function listImportRejections(
  db: Db,
  input: { importId: string; limit: number; offset?: number; after?: { lineNumber: number; id: string } },
) {
  return db
    .select({
      id: importRejections.id,
      lineNumber: importRejections.lineNumber,
      column: importRejections.column,
      reason: importRejections.reason,
      rawLine: importRejections.rawLine,
    })
    .from(importRejections)
    .where(
      and(
        eq(importRejections.importJobId, input.importId),
        input.after ? sql`(${importRejections.lineNumber}, ${importRejections.id}) > (${input.after.lineNumber}, ${input.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(importRejections.lineNumber), asc(importRejections.id))
    .limit(input.limit)
    .offset(input.offset ?? 0)
}

export async function countImportRejections(db: Db, importId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(importRejections).where(eq(importRejections.importJobId, importId))
  return Number(row?.n ?? 0)
}

/** Rejections per reason, most frequent first: the summary above the table and in the command line. */
export async function summariseImportRejections(db: Db, importId: string) {
  const rows = await db
    .select({ reason: importRejections.reason, n: count() })
    .from(importRejections)
    .where(eq(importRejections.importJobId, importId))
    .groupBy(importRejections.reason)
    .orderBy(desc(count()), asc(importRejections.reason))
  return rows.map((r) => ({ reason: r.reason, count: Number(r.n) }))
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping presets

export async function listMappingPresets(db: Db, input: { entityId: string; kind: ImportKind }) {
  return db
    .select({ id: importMappingPresets.id, name: importMappingPresets.name, mapping: importMappingPresets.mapping })
    .from(importMappingPresets)
    .where(and(eq(importMappingPresets.entityId, input.entityId), eq(importMappingPresets.kind, input.kind)))
    .orderBy(asc(importMappingPresets.name))
}

export async function findMappingPreset(db: Db, input: { entityId: string; kind: ImportKind; name?: string; id?: string }) {
  const [row] = await db
    .select({ id: importMappingPresets.id, name: importMappingPresets.name, mapping: importMappingPresets.mapping })
    .from(importMappingPresets)
    .where(
      and(
        eq(importMappingPresets.entityId, input.entityId),
        eq(importMappingPresets.kind, input.kind),
        input.id ? eq(importMappingPresets.id, input.id) : eq(importMappingPresets.name, input.name ?? ''),
      ),
    )
  return row ?? null
}

/** Saving under an existing name replaces that preset. */
export async function upsertMappingPreset(db: Db, input: { entityId: string; kind: ImportKind; name: string; mapping: ImportMappingRecord }) {
  const [row] = await db
    .insert(importMappingPresets)
    .values(input)
    .onConflictDoUpdate({
      target: [importMappingPresets.entityId, importMappingPresets.kind, importMappingPresets.name],
      set: { mapping: input.mapping },
    })
    .returning({ id: importMappingPresets.id })
  return row!
}

// ---------------------------------------------------------------------------------------------------------------
// Reads for the preview: which keys already exist, which customers are unknown

export async function findExistingKeys(db: Db, input: { entityId: string; kind: 'customers' | 'invoices' | 'payments'; keys: readonly string[] }) {
  if (input.keys.length === 0) return new Set<string>()
  const table = { customers: ['customers', 'external_ref'], invoices: ['invoices', 'number'], payments: ['payments', 'external_ref'] }[input.kind]
  const rows = await queryRows<{ key: string }>(
    db,
    sql`select ${sql.identifier(table[1]!)} as key from ${sql.identifier(table[0]!)}
         where entity_id = ${input.entityId}
           and ${sql.identifier(table[1]!)} in (select jsonb_array_elements_text(${JSON.stringify(input.keys)}::jsonb))`,
  )
  return new Set(rows.map((r) => r.key))
}

// ---------------------------------------------------------------------------------------------------------------
// Batch writers. Each returns one outcome per input line.

/**
 * Settings for the transaction of one import batch, and only for it (SET LOCAL):
 * - every statement of a batch reaches rows by key (the batch's references, the customers it touches), but the
 *   planner sees `jsonb_to_recordset` as 100 rows and `customer_id = ANY(<10,000 ids>)` as a large share of the
 *   table, and picks sequential scans of all invoices in the balance triggers: a cost that grows with the table, for
 *   every batch. Index paths are what these statements need;
 * - JIT would compile the triggers' statements again for every batch (tens of ms each, for one run);
 * - a batch's aggregates fit in memory with a little more work_mem;
 * - a batch need not wait for its WAL flush: its rows, rejections and resume counters commit together, so after a
 *   crash the import resumes from the last batch that reached the disk, never from a half-written one.
 */
export async function tuneImportTransaction(tx: Db) {
  await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true),
                              set_config('synchronous_commit', 'off', true), set_config('work_mem', '32MB', true)`)
}

export type RowOutcome =
  | { line: number; outcome: 'inserted' | 'updated' | 'unchanged' }
  | { line: number; outcome: 'rejected'; reason: string; field: string }

type Outcome = 'inserted' | 'updated' | 'unchanged'

const json = (rows: readonly unknown[]) => sql`${JSON.stringify(rows)}::jsonb`

/** `set a = excluded.a, …` and the matching IS DISTINCT FROM guard, for the columns the file provides. */
function conflictUpdate(alias: string, columns: readonly string[]): { set: SQL; changed: SQL } {
  const target = sql.raw(alias)
  return {
    set: sql.join(
      columns.map((c) => sql`${sql.identifier(c)} = excluded.${sql.identifier(c)}`),
      sql`, `,
    ),
    changed: sql`(${sql.join(
      columns.map((c) => sql`${target}.${sql.identifier(c)}`),
      sql`, `,
    )}) is distinct from (${sql.join(
      columns.map((c) => sql`excluded.${sql.identifier(c)}`),
      sql`, `,
    )})`,
  }
}

// Customers ------------------------------------------------------------------------------------------------------

export const CUSTOMER_IMPORT_COLUMNS = [
  'name',
  'kind',
  'country',
  'language',
  'currency',
  'segment',
  'vat_number',
  'siren',
  'address_lines',
  'postal_code',
  'city',
  'credit_limit_minor',
] as const
export type CustomerImportColumn = (typeof CUSTOMER_IMPORT_COLUMNS)[number]

export type CustomerImportRow = {
  line: number
  externalRef: string
  name: string
  kind: string
  country: string
  language: string
  currency: string
  segment: string | null
  vatNumber: string | null
  siren: string | null
  addressLines: string[]
  postalCode: string | null
  city: string | null
  creditLimitMinor: number | null
}

/**
 * Upserts customers by (entity, external reference). New customers get every value; existing ones only the
 * columns the file provides (`update`), and only when one of them differs, so a re-import changes nothing.
 */
export async function upsertImportedCustomers(
  tx: Db,
  input: { entityId: string; rows: readonly CustomerImportRow[]; update: readonly CustomerImportColumn[] },
): Promise<(RowOutcome & { customerId?: string })[]> {
  if (input.rows.length === 0) return []
  const columns = input.update.length > 0 ? input.update : (['name'] as const)
  const update = conflictUpdate('c', columns)
  const unchanged = {
    changed: sql`(${sql.join(columns.map((c) => sql`e.${sql.identifier(c)}`), sql`, `)}) is distinct from (${sql.join(
      columns.map((c) => (c === 'currency' || c === 'country' ? sql`i.${sql.identifier(c)}::char(${sql.raw(c === 'currency' ? '3' : '2')})` : sql`i.${sql.identifier(c)}`)),
      sql`, `,
    )})`,
  }
  const rows = await queryRows<{ line: number; id: string | null; inserted: boolean | null; existing_id: string | null }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${json(
            input.rows.map((r) => ({
              line: r.line,
              external_ref: r.externalRef,
              name: r.name,
              kind: r.kind,
              country: r.country,
              language: r.language,
              currency: r.currency,
              segment: r.segment,
              vat_number: r.vatNumber,
              siren: r.siren,
              address_lines: r.addressLines,
              postal_code: r.postalCode,
              city: r.city,
              credit_limit_minor: r.creditLimitMinor,
            })),
          )}) as x(line int, external_ref text, name text, kind customer_kind, country text, language text,
                   currency text, segment text, vat_number text, siren text, address_lines text[], postal_code text,
                   city text, credit_limit_minor bigint)
        ),
        written as (
          insert into customers as c (entity_id, external_ref, name, kind, country, language, currency, segment,
                                      vat_number, siren, address_lines, postal_code, city, credit_limit_minor)
          select ${input.entityId}::uuid, i.external_ref, i.name, i.kind, i.country, i.language, i.currency, i.segment,
                 i.vat_number, i.siren, i.address_lines, i.postal_code, i.city, i.credit_limit_minor
            from input i
            left join customers e on e.entity_id = ${input.entityId}::uuid and e.external_ref = i.external_ref
           -- Unchanged rows never reach the INSERT: a re-import then neither writes nor locks anything.
           where e.id is null or ${unchanged.changed}
          on conflict (entity_id, external_ref) do update set ${update.set}, updated_at = now()
           where ${update.changed}
          returning c.id, c.external_ref, (xmax = 0) as inserted
        )
        select i.line, w.id, w.inserted, e.id as existing_id
          from input i
          left join written w on w.external_ref = i.external_ref
          left join customers e on e.entity_id = ${input.entityId}::uuid and e.external_ref = i.external_ref`,
  )
  return rows.map((r) => ({
    line: r.line,
    outcome: (r.id === null ? 'unchanged' : r.inserted ? 'inserted' : 'updated') as Outcome,
    customerId: (r.id ?? r.existing_id)!,
  }))
}

// Contacts -------------------------------------------------------------------------------------------------------

export type ContactImportRow = {
  line: number
  customerRef: string
  name: string
  email: string | null
  phone: string | null
  language: string | null
  role: string | null
  isPrimary: boolean | null
}

export const CONTACT_IMPORT_COLUMNS = ['name', 'email', 'phone', 'language', 'role', 'is_primary'] as const
export type ContactImportColumn = (typeof CONTACT_IMPORT_COLUMNS)[number]

/**
 * Contacts have no external reference: one is recognised among its customer's live contacts by e-mail (any case),
 * else by phone digits, else by name. The customers are locked first so two imports cannot both add the same
 * contact. A new contact becomes the primary one when its customer has none.
 */
export async function upsertImportedContacts(
  tx: Db,
  input: { entityId: string; rows: readonly ContactImportRow[]; update: readonly ContactImportColumn[] },
): Promise<RowOutcome[]> {
  if (input.rows.length === 0) return []
  const refs = [...new Set(input.rows.map((r) => r.customerRef))]
  await tx.execute(sql`
    select id from customers
     where entity_id = ${input.entityId}::uuid
       and external_ref in (select jsonb_array_elements_text(${JSON.stringify(refs)}::jsonb))
     order by id for no key update`)
  // Nothing to update when the file provides none of the contact's columns: existing contacts stay as they are.
  const columns = input.update
  const value = (c: ContactImportColumn) =>
    c === 'role' ? sql`coalesce(r.role, ct.role)` : c === 'is_primary' ? sql`coalesce(r.is_primary, ct.is_primary)` : sql`r.${sql.identifier(c)}`
  const changed =
    columns.length === 0
      ? sql`false`
      : sql`(${sql.join(columns.map((c) => sql`ct.${sql.identifier(c)}`), sql`, `)}) is distinct from (${sql.join(columns.map(value), sql`, `)})`
  const set = columns.length === 0 ? sql`name = ct.name` : sql.join(columns.map((c) => sql`${sql.identifier(c)} = ${value(c)}`), sql`, `)
  const rows = await queryRows<{ line: number; customer_id: string | null; contact_id: string | null; updated: boolean }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${json(
            input.rows.map((r) => ({
              line: r.line,
              customer_ref: r.customerRef,
              name: r.name,
              email: r.email,
              phone: r.phone,
              language: r.language,
              role: r.role,
              is_primary: r.isPrimary,
            })),
          )}) as x(line int, customer_ref text, name text, email text, phone text, language text, role text,
                   is_primary boolean)
        ),
        resolved as (
          select i.*, c.id as customer_id,
                 (select ct.id from contacts ct
                   where ct.customer_id = c.id and ct.deleted_at is null
                     and case when i.email is not null then lower(ct.email) = lower(i.email)
                              when i.phone is not null then regexp_replace(coalesce(ct.phone, ''), '[^0-9]', '', 'g')
                                                            = regexp_replace(i.phone, '[^0-9]', '', 'g')
                              else ct.email is null and ct.phone is null and lower(ct.name) = lower(i.name) end
                   order by ct.created_at, ct.id limit 1) as contact_id,
                 exists (select 1 from contacts p where p.customer_id = c.id and p.is_primary and p.deleted_at is null)
                   as has_primary
            from input i
            left join customers c on c.entity_id = ${input.entityId}::uuid and c.external_ref = i.customer_ref
        ),
        updated as (
          update contacts ct set ${set}, updated_at = now()
            from resolved r
           where ct.id = r.contact_id and ${changed}
          returning ct.id
        ),
        inserted as (
          insert into contacts (customer_id, name, email, phone, language, role, is_primary)
          select customer_id, name, email, phone, language, coalesce(role, 'billing'),
                 coalesce(is_primary, not has_primary and row_number() over (partition by customer_id order by line) = 1)
            from resolved
           where customer_id is not null and contact_id is null
          returning id
        )
        select r.line, r.customer_id, r.contact_id, exists (select 1 from updated u where u.id = r.contact_id) as updated
          from resolved r`,
  )
  return rows.map((r): RowOutcome => {
    if (r.customer_id === null) return { line: r.line, outcome: 'rejected', reason: 'unknown_customer', field: 'customer_ref' }
    return { line: r.line, outcome: r.contact_id === null ? 'inserted' : r.updated ? 'updated' : 'unchanged' }
  })
}

// Invoices -------------------------------------------------------------------------------------------------------

export type InvoiceImportRow = {
  line: number
  number: string
  customerRef: string
  issueDate: string
  dueDate: string
  currency: string
  subtotalMinor: number
  taxMinor: number
  totalMinor: number
  purchaseOrder: string | null
}

/** An invoice row as the JSON record the statements read with jsonb_to_recordset. */
const invoiceRecord = (r: InvoiceImportRow) => ({
  line: r.line,
  number: r.number,
  customer_ref: r.customerRef,
  issue_date: r.issueDate,
  due_date: r.dueDate,
  currency: r.currency,
  subtotal_minor: r.subtotalMinor,
  tax_minor: r.taxMinor,
  total_minor: r.totalMinor,
  purchase_order: r.purchaseOrder,
})

/**
 * The `resolved` and `written` parts of an invoice upsert from `source` (rows with line, number, customer_ref and the
 * invoice columns): an invoice that is already (partly) settled keeps what settles it (its customer and currency
 * cannot change and its total cannot fall below what is settled, otherwise the row is a conflict), and unchanged
 * rows are not written.
 */
function resolveAndWriteInvoices(input: { source: SQL; entityId: string; updatePurchaseOrder: boolean }): SQL {
  const columns = ['customer_id', 'issue_date', 'due_date', 'currency', 'subtotal_minor', 'tax_minor', 'total_minor']
  if (input.updatePurchaseOrder) columns.push('purchase_order')
  const update = conflictUpdate('v', columns)
  const incoming = (col: string) =>
    col === 'customer_id' ? sql`c.id` : col === 'currency' ? sql`i.currency::char(3)` : sql`i.${sql.identifier(col)}`
  return sql`resolved as (
          select i.*, c.id as customer_id, e.id as existing_id,
                 coalesce(e.id is not null and (e.paid_minor + e.credited_minor + e.written_off_minor) > 0
                   and (i.total_minor < e.paid_minor + e.credited_minor + e.written_off_minor
                        or i.currency <> e.currency or c.id <> e.customer_id), false) as conflict,
                 -- Unchanged rows never reach the INSERT: a re-import then neither writes nor locks anything.
                 e.id is not null and (${sql.join(columns.map((col) => sql`e.${sql.identifier(col)}`), sql`, `)})
                   is not distinct from (${sql.join(columns.map(incoming), sql`, `)}) as same
            from ${input.source} i
            left join customers c on c.entity_id = ${input.entityId}::uuid and c.external_ref = i.customer_ref
            left join invoices e on e.entity_id = ${input.entityId}::uuid and e.number = i.number
        ),
        written as (
          insert into invoices as v (entity_id, customer_id, number, issue_date, due_date, currency, subtotal_minor,
                                     tax_minor, total_minor, purchase_order)
          select ${input.entityId}::uuid, customer_id, number, issue_date, due_date, currency, subtotal_minor,
                 tax_minor, total_minor, purchase_order
            from resolved
           where customer_id is not null and not conflict and not same
           order by customer_id, number
          on conflict (entity_id, number) do update set ${update.set}, updated_at = now()
           where ${update.changed}
             -- Re-checked on the row as it is now: a payment committed since this statement began still wins.
             and v.paid_minor + v.credited_minor + v.written_off_minor <= excluded.total_minor
          returning v.id, v.number, (xmax = 0) as inserted
        )`
}

/**
 * Upserts invoices by (entity, number), by the rules of resolveAndWriteInvoices. One statement per batch, so the
 * customer_balances triggers run once per batch.
 */
export async function upsertImportedInvoices(
  tx: Db,
  input: { entityId: string; rows: readonly InvoiceImportRow[]; updatePurchaseOrder: boolean },
): Promise<(RowOutcome & { invoiceId?: string; customerId?: string })[]> {
  if (input.rows.length === 0) return []
  const rows = await queryRows<{
    line: number
    customer_id: string | null
    invoice_id: string | null
    written: boolean
    inserted: boolean | null
    conflict: boolean
  }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${json(
            input.rows.map(invoiceRecord),
          )}) as x(line int, number text, customer_ref text, issue_date date, due_date date, currency text,
                   subtotal_minor bigint, tax_minor bigint, total_minor bigint, purchase_order text)
        ),
        ${resolveAndWriteInvoices({ source: sql`input`, entityId: input.entityId, updatePurchaseOrder: input.updatePurchaseOrder })}
        select r.line, r.customer_id, coalesce(w.id, r.existing_id) as invoice_id, w.id is not null as written,
               w.inserted, coalesce(r.conflict, false) as conflict
          from resolved r
          left join written w on w.number = r.number`,
  )
  return rows.map((r) => {
    if (r.customer_id === null) return { line: r.line, outcome: 'rejected', reason: 'unknown_customer', field: 'customer_ref' }
    if (r.conflict) return { line: r.line, outcome: 'rejected', reason: 'invoice_settled_conflict', field: 'total' }
    return {
      line: r.line,
      outcome: !r.written ? 'unchanged' : r.inserted ? 'inserted' : 'updated',
      invoiceId: r.invoice_id ?? undefined,
      customerId: r.customer_id,
    }
  })
}

// Staged invoices (migration 0006) ---------------------------------------------------------------------------------
// A large invoice file is written in two steps. The job stages the valid rows, then takes them out of the staging
// table a chunk of customers at a time, each chunk one INSERT … SELECT … ON CONFLICT statement: the customer_balances
// triggers (one refresh per statement, of every customer it touches) then refresh each customer about once for the
// whole file instead of once per batch it appears in.

export type StagedInvoiceRow = InvoiceImportRow & { rawLine: string | null }

const STAGE_INSERT_ROWS = 5_000

/**
 * Adds valid rows to the staging table of an import, in the caller's transaction: streamed with COPY on PostgreSQL
 * (postgres.js), as multi-row INSERTs on PGlite.
 */
export async function stageImportedInvoices(tx: Db, input: { importId: string; rows: readonly StagedInvoiceRow[] }) {
  if (input.rows.length === 0) return
  const client = postgresClientOf(tx)
  if (client) return copyStagedInvoices(client, input)
  for (let start = 0; start < input.rows.length; start += STAGE_INSERT_ROWS) {
    const slice = input.rows.slice(start, start + STAGE_INSERT_ROWS)
    await tx.execute(sql`
      insert into import_staged_invoices (import_job_id, line, number, customer_ref, issue_date, due_date, currency,
                                          subtotal_minor, tax_minor, total_minor, purchase_order, raw_line)
      select ${input.importId}::uuid, x.line, x.number, x.customer_ref, x.issue_date, x.due_date, x.currency,
             x.subtotal_minor, x.tax_minor, x.total_minor, x.purchase_order, x.raw_line
        from jsonb_to_recordset(${json(
          slice.map((r) => ({ ...invoiceRecord(r), raw_line: r.rawLine })),
        )}) as x(line int, number text, customer_ref text, issue_date date, due_date date, currency text,
                 subtotal_minor bigint, tax_minor bigint, total_minor bigint, purchase_order text, raw_line text)`)
  }
}

/** The postgres.js connection behind a drizzle database or transaction; null on PGlite. */
function postgresClientOf(db: Db): postgres.Sql | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client
  return client && typeof (client as { unsafe?: unknown }).unsafe === 'function' && typeof client === 'function' ? (client as postgres.Sql) : null
}

/** COPY's text format: tab between fields, \N for null, backslash escapes for the four special characters. */
function copyText(value: string | null): string {
  if (value === null) return '\\N'
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value
}

async function copyStagedInvoices(client: postgres.Sql, input: { importId: string; rows: readonly StagedInvoiceRow[] }) {
  const writable = await client`copy import_staged_invoices (import_job_id, line, number, customer_ref, issue_date, due_date,
    currency, subtotal_minor, tax_minor, total_minor, purchase_order, raw_line) from stdin`.writable()
  const importId = input.importId
  function* chunks() {
    let chunk = ''
    for (const r of input.rows) {
      chunk += `${importId}\t${r.line}\t${copyText(r.number)}\t${copyText(r.customerRef)}\t${r.issueDate}\t${r.dueDate}\t${copyText(r.currency)}\t${r.subtotalMinor}\t${r.taxMinor}\t${r.totalMinor}\t${copyText(r.purchaseOrder)}\t${copyText(r.rawLine)}\n`
      if (chunk.length >= 1 << 20) {
        yield chunk
        chunk = ''
      }
    }
    if (chunk) yield chunk
  }
  await pipeline(Readable.from(chunks()), writable)
}

export async function countStagedInvoices(db: Db, importId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from import_staged_invoices where import_job_id = ${importId}::uuid`)
  return Number(row?.n ?? 0)
}

export async function clearStagedInvoices(db: Db, importId: string) {
  await db.execute(sql`delete from import_staged_invoices where import_job_id = ${importId}::uuid`)
}

export type StagedChunkOutcome = {
  /** Staged rows taken out by this chunk: 0 when nothing was left. */
  taken: number
  inserted: number
  updated: number
  unchanged: number
  rejections: { line: number; reason: 'unknown_customer' | 'invoice_settled_conflict'; field: 'customer_ref' | 'total'; rawLine: string | null }[]
}

/**
 * Takes the next chunk of staged rows (about `maxRows`, whole customers: every row of a customer in one chunk unless
 * one customer alone has more) out of the staging table and upserts them by (entity, number) in ONE statement, in
 * the caller's transaction. Customers are resolved by a join; the rules are those of `upsertImportedInvoices`: rows
 * equal to what is stored are not written, an invoice already (partly) settled keeps its customer and currency and
 * cannot fall below what is settled. Returns the counts and the refused rows.
 */
export async function upsertNextStagedInvoices(
  tx: Db,
  input: { importId: string; entityId: string; maxRows: number; updatePurchaseOrder: boolean },
): Promise<StagedChunkOutcome> {
  const [bounds] = await queryRows<{ first: string | null; boundary: string | null }>(
    tx,
    sql`select (select customer_ref from import_staged_invoices where import_job_id = ${input.importId}::uuid
                 order by customer_ref limit 1) as first,
               (select customer_ref from import_staged_invoices where import_job_id = ${input.importId}::uuid
                 order by customer_ref offset ${input.maxRows} limit 1) as boundary`,
  )
  if (!bounds?.first) return { taken: 0, inserted: 0, updated: 0, unchanged: 0, rejections: [] }
  const range: StagedChunkRange =
    bounds.boundary === null
      ? { from: null, to: null }
      : bounds.boundary === bounds.first
        ? { from: bounds.first, to: null, only: true }
        : { from: null, to: bounds.boundary }
  return upsertStagedInvoices(tx, { ...input, range })
}

/** Customer references from `from` (inclusive) to `to` (exclusive); null is open. `only`: just `from`. */
export type StagedChunkRange = { from: string | null; to: string | null; only?: boolean }

/**
 * Splits what an import has staged into ranges of customer references of about `maxRows` rows each, whole
 * customers per range: writers can then take disjoint ranges at the same time (no two touch one customer).
 */
export async function planStagedInvoiceChunks(db: Db, input: { importId: string; maxRows: number }): Promise<StagedChunkRange[]> {
  const rows = await queryRows<{ customer_ref: string }>(
    db,
    sql`select distinct customer_ref from (
          select customer_ref, row_number() over (order by customer_ref, line) as n
            from import_staged_invoices where import_job_id = ${input.importId}::uuid) x
         where (n - 1) % ${input.maxRows} = 0
         order by customer_ref`,
  )
  const starts = rows.map((r) => r.customer_ref)
  return starts.map((from, i) => ({ from: i === 0 ? null : from, to: starts[i + 1] ?? null }))
}

/**
 * Takes the staged rows of one range of customers out of the staging table and upserts them by (entity, number) in
 * ONE statement, in the caller's transaction (see upsertNextStagedInvoices).
 */
export async function upsertStagedInvoices(
  tx: Db,
  input: { importId: string; entityId: string; range: StagedChunkRange; updatePurchaseOrder: boolean },
): Promise<StagedChunkOutcome> {
  const { range } = input
  const chunk = range.only
    ? sql`s.customer_ref = ${range.from}`
    : sql.join([sql`true`, ...(range.from === null ? [] : [sql`s.customer_ref >= ${range.from}`]), ...(range.to === null ? [] : [sql`s.customer_ref < ${range.to}`])], sql` and `)
  const rows = await queryRows<{
    line: number | null
    raw_line: string | null
    reason: 'unknown_customer' | 'invoice_settled_conflict' | null
    inserted: number | null
    updated: number | null
    unchanged: number | null
  }>(
    tx,
    sql`with chunk as (
          delete from import_staged_invoices s
           where s.import_job_id = ${input.importId}::uuid and ${chunk}
          returning s.line, s.number, s.customer_ref, s.issue_date, s.due_date, s.currency, s.subtotal_minor,
                    s.tax_minor, s.total_minor, s.purchase_order, s.raw_line
        ),
        ${resolveAndWriteInvoices({ source: sql`chunk`, entityId: input.entityId, updatePurchaseOrder: input.updatePurchaseOrder })},
        outcomes as (
          select r.line, r.raw_line,
                 case when r.customer_id is null then 'unknown_customer'
                      when r.conflict then 'invoice_settled_conflict' end as reason,
                 w.number is not null as written, coalesce(w.inserted, false) as inserted
            from resolved r
            left join written w on w.number = r.number
        )
        select line, raw_line, reason, null::int as inserted, null::int as updated, null::int as unchanged
          from outcomes where reason is not null
        union all
        select null, null, null,
               (count(*) filter (where written and inserted))::int,
               (count(*) filter (where written and not inserted))::int,
               (count(*) filter (where not written))::int
          from outcomes where reason is null`,
  )
  const totals = rows.find((r) => r.reason === null)
  const rejections = rows
    .filter((r) => r.reason !== null)
    .map((r) => ({
      line: r.line!,
      reason: r.reason!,
      field: r.reason === 'unknown_customer' ? ('customer_ref' as const) : ('total' as const),
      rawLine: r.raw_line,
    }))
    .sort((a, b) => a.line - b.line)
  const inserted = Number(totals?.inserted ?? 0)
  const updated = Number(totals?.updated ?? 0)
  const unchanged = Number(totals?.unchanged ?? 0)
  return { taken: inserted + updated + unchanged + rejections.length, inserted, updated, unchanged, rejections }
}

/** The invoices' current original documents, to attach a PDF only when it is new or different. */
export async function findInvoiceOriginalDocuments(tx: Db, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return new Map<string, string | null>()
  const rows = await tx
    .select({ id: invoices.id, sha256: documents.sha256 })
    .from(invoices)
    .leftJoin(documents, eq(documents.id, invoices.originalDocumentId))
    .where(inArray(invoices.id, [...invoiceIds]))
  return new Map(rows.map((r) => [r.id, r.sha256 ?? null]))
}

/** Stores an imported PDF and makes it the invoice's original. */
export async function attachImportedInvoicePdf(
  tx: Db,
  input: { entityId: string; customerId: string; invoiceId: string; filename: string; content: Uint8Array; sha256: string },
) {
  const [document] = await tx
    .insert(documents)
    .values({
      entityId: input.entityId,
      customerId: input.customerId,
      kind: 'invoice',
      filename: input.filename,
      contentType: 'application/pdf',
      sizeBytes: input.content.byteLength,
      sha256: input.sha256,
      content: input.content,
    })
    .returning({ id: documents.id })
  await tx
    .update(invoices)
    .set({ originalDocumentId: document!.id, updatedAt: sql`now()` })
    .where(eq(invoices.id, input.invoiceId))
  return document!
}

// Payments -------------------------------------------------------------------------------------------------------

export type PaymentImportRow = {
  line: number
  externalRef: string
  customerRef: string
  receivedOn: string
  currency: string
  amountMinor: number
  method: string
  invoiceNumber: string | null
}

export type ResolvedPaymentRow = {
  line: number
  customerId: string | null
  /** An existing payment with this reference, and whether it is the same payment as the row describes. */
  existingPaymentId: string | null
  samePayment: boolean
  invoiceId: string | null
}

/** What the database knows about each payment row: its customer, an existing payment, the invoice it names. */
export async function resolveImportedPayments(tx: Db, input: { entityId: string; rows: readonly PaymentImportRow[] }): Promise<ResolvedPaymentRow[]> {
  if (input.rows.length === 0) return []
  const rows = await queryRows<{ line: number; customer_id: string | null; payment_id: string | null; same: boolean | null; invoice_id: string | null }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${json(
            input.rows.map((r) => ({
              line: r.line,
              external_ref: r.externalRef,
              customer_ref: r.customerRef,
              received_on: r.receivedOn,
              currency: r.currency,
              amount_minor: r.amountMinor,
              method: r.method,
              invoice_number: r.invoiceNumber,
            })),
          )}) as x(line int, external_ref text, customer_ref text, received_on date, currency text, amount_minor bigint,
                   method payment_method, invoice_number text)
        )
        select i.line, c.id as customer_id, p.id as payment_id,
               (p.customer_id, p.received_on, p.currency, p.amount_minor, p.method)
                 is not distinct from (c.id, i.received_on, i.currency::char(3), i.amount_minor, i.method) as same,
               v.id as invoice_id
          from input i
          left join customers c on c.entity_id = ${input.entityId}::uuid and c.external_ref = i.customer_ref
          left join payments p on p.entity_id = ${input.entityId}::uuid and p.external_ref = i.external_ref
          left join invoices v on v.entity_id = ${input.entityId}::uuid and v.number = i.invoice_number`,
  )
  return rows.map((r) => ({
    line: r.line,
    customerId: r.customer_id,
    existingPaymentId: r.payment_id,
    samePayment: r.same === true,
    invoiceId: r.invoice_id,
  }))
}

/**
 * Inserts new imported payments. A reference another transaction inserted meanwhile is skipped (not returned):
 * the unique index decides, and the caller counts the row as already there.
 */
export async function insertImportedPayments(
  tx: Db,
  input: { entityId: string; payments: readonly (PaymentImportRow & { customerId: string })[] },
): Promise<Map<string, string>> {
  if (input.payments.length === 0) return new Map()
  const rows = await queryRows<{ id: string; external_ref: string }>(
    tx,
    sql`insert into payments (entity_id, customer_id, external_ref, received_on, currency, amount_minor, method, provider)
        select ${input.entityId}::uuid, x.customer_id, x.external_ref, x.received_on, x.currency, x.amount_minor, x.method, 'import'
          from jsonb_to_recordset(${json(
            input.payments.map((p) => ({
              customer_id: p.customerId,
              external_ref: p.externalRef,
              received_on: p.receivedOn,
              currency: p.currency,
              amount_minor: p.amountMinor,
              method: p.method,
            })),
          )}) as x(customer_id uuid, external_ref text, received_on date, currency text, amount_minor bigint,
                   method payment_method)
        on conflict (entity_id, external_ref) do nothing
        returning id, external_ref`,
  )
  return new Map(rows.map((r) => [r.external_ref, r.id]))
}

export async function insertImportedPaymentAllocations(
  tx: Db,
  allocations: readonly { paymentId: string; invoiceId: string; amountMinor: number }[],
) {
  if (allocations.length === 0) return
  await tx.execute(sql`
    insert into payment_allocations (payment_id, invoice_id, amount_minor)
    select x.payment_id, x.invoice_id, x.amount_minor
      from jsonb_to_recordset(${json(
        allocations.map((a) => ({ payment_id: a.paymentId, invoice_id: a.invoiceId, amount_minor: a.amountMinor })),
      )}) as x(payment_id uuid, invoice_id uuid, amount_minor bigint)`)
}
