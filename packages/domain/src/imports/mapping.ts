import { fieldsOf, type ImportKind } from './import-fields'
import type { MappingReason } from './reasons'

/** Target field → the file's column header. Unmapped fields are absent. */
export type ImportMapping = Record<string, string>

/** "Numéro de facture", "N° facture" and "numero_facture" all become "numero facture". */
export function normaliseColumnName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/**
 * Proposes a column for each field from the header names. An exact match of a known title wins; otherwise a title
 * whose words all appear in the header ("Montant TTC (EUR)" → total), the longest title first. Each column and
 * each field is used at most once.
 */
export function suggestMapping(kind: ImportKind, header: readonly string[]): ImportMapping {
  const columns = header.map((name) => ({ name, normalised: normaliseColumnName(name) }))
  const candidates: { field: string; column: string; score: number; order: number }[] = []
  fieldsOf(kind).forEach((field, order) => {
    const synonyms = [field.key.replace(/_/g, ' '), ...field.synonyms].map(normaliseColumnName)
    for (const column of columns) {
      if (!column.normalised) continue
      let score = 0
      for (const synonym of synonyms) {
        if (!synonym) continue
        if (column.normalised === synonym) score = Math.max(score, 10_000 + synonym.length)
        else if (synonym.length >= 3 && containsWords(column.normalised, synonym)) score = Math.max(score, synonym.length)
      }
      if (score > 0) candidates.push({ field: field.key, column: column.name, score, order })
    }
  })
  candidates.sort((a, b) => b.score - a.score || a.order - b.order)
  const mapping: ImportMapping = {}
  const usedColumns = new Set<string>()
  for (const candidate of candidates) {
    if (candidate.field in mapping || usedColumns.has(candidate.column)) continue
    mapping[candidate.field] = candidate.column
    usedColumns.add(candidate.column)
  }
  return mapping
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `)
}

export type MappingProblem = { field: string; reason: MappingReason }

/** A mapping can be used when every required field has a column of this file and nothing points elsewhere. */
export function checkMapping(kind: ImportKind, header: readonly string[], mapping: ImportMapping): MappingProblem[] {
  const problems: MappingProblem[] = []
  const fields = fieldsOf(kind)
  for (const [field, column] of Object.entries(mapping)) {
    if (!fields.some((f) => f.key === field)) problems.push({ field, reason: 'unknown_field' })
    else if (!header.includes(column)) problems.push({ field, reason: 'unknown_column' })
  }
  for (const field of fields) {
    if (field.required && !mapping[field.key]) problems.push({ field: field.key, reason: 'required_field_unmapped' })
  }
  return problems
}

/** Keeps the fields of a saved preset whose column exists in this file: presets outlive the files they came from. */
export function applyPreset(kind: ImportKind, header: readonly string[], preset: ImportMapping): ImportMapping {
  const fields = new Set(fieldsOf(kind).map((f) => f.key))
  return Object.fromEntries(Object.entries(preset).filter(([field, column]) => fields.has(field) && header.includes(column)))
}
