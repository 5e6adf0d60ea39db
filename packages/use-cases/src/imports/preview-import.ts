import { fieldsOf, isImportKind, type ImportKind } from '@quittance/domain/imports/import-fields'
import { checkMapping, type ImportMapping, type MappingProblem } from '@quittance/domain/imports/mapping'
import { createRowValidator, type RowError } from '@quittance/domain/imports/validate-row'
import type { Db } from '@quittance/db/client'
import { findExistingKeys, findImportEntity } from '@quittance/db/repositories/imports'
import { loadImportHead } from './import-file'
import { PREVIEW_ROWS } from './import-limits'

export type PreviewRow = {
  line: number
  /** Field → the cell as written in the file. */
  cells: Record<string, string>
  errors: RowError[]
  /** For rows without errors: whether the import would add it or update what is there. */
  status: 'new' | 'existing' | 'rejected'
}

export type ImportPreview = {
  kind: ImportKind
  header: string[]
  mapping: ImportMapping
  problems: MappingProblem[]
  fields: string[]
  rows: PreviewRow[]
}

/**
 * The first rows as the import will read them with the saved mapping: each mapped cell, every reason a row would
 * be refused, and for the others whether they are new. Read-only: the full check happens in the import itself.
 */
export async function previewImport(db: Db, input: { importId: string; limit?: number }): Promise<ImportPreview | null> {
  const head = await loadImportHead(db, input.importId, input.limit ?? PREVIEW_ROWS)
  if (!head || !isImportKind(head.job.kind)) return null
  const kind = head.job.kind
  const entity = await findImportEntity(db, { id: head.job.entityId })
  if (!entity) return null
  const mapping = head.job.mapping ?? {}
  const problems = checkMapping(kind, head.header, mapping)
  const fields = fieldsOf(kind)
    .map((f) => f.key)
    .filter((key) => mapping[key])
  const validator = createRowValidator(kind, head.header, mapping, { currency: entity.baseCurrency, country: entity.country })
  const results = head.records.map((record) => ({ record, result: validator.validate(record) }))

  // Customers the rows refer to must exist (except when importing customers).
  const rows: PreviewRow[] = results.map(({ record, result }) => ({
    line: record.line,
    cells: Object.fromEntries(fields.map((key) => [key, record.fields[head.header.indexOf(mapping[key]!)] ?? ''])),
    errors: result.ok ? [] : result.errors,
    status: result.ok ? 'new' : 'rejected',
  }))
  if (problems.length === 0) {
    const valid = results.flatMap(({ result }) => (result.ok ? [result.row] : []))
    const customerRefs = kind === 'customers' ? [] : valid.map((row) => (row as { customerRef: string }).customerRef)
    const knownCustomers = await findExistingKeys(db, { entityId: entity.id, kind: 'customers', keys: customerRefs })
    const keyOf = (row: (typeof valid)[number]) =>
      kind === 'invoices' ? (row as { number: string }).number : kind === 'contacts' ? null : (row as { externalRef: string }).externalRef
    const existing =
      kind === 'contacts'
        ? new Set<string>()
        : await findExistingKeys(db, { entityId: entity.id, kind, keys: valid.map(keyOf).filter((k): k is string => k !== null) })
    for (const { result } of results) {
      if (!result.ok) continue
      const row = rows.find((r) => r.line === result.line)!
      if (kind !== 'customers' && !knownCustomers.has((result.row as { customerRef: string }).customerRef)) {
        row.status = 'rejected'
        row.errors = [{ line: result.line, column: mapping.customer_ref ?? null, field: 'customer_ref', reason: 'unknown_customer' }]
        continue
      }
      const key = keyOf(result.row)
      row.status = key !== null && existing.has(key) ? 'existing' : 'new'
    }
  }
  return { kind, header: head.header, mapping, problems, fields, rows }
}
