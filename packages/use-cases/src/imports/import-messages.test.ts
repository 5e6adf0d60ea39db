import { expect, test } from 'vitest'
import { IMPORT_FIELDS, IMPORT_KINDS } from '@quittance/domain/imports/import-fields'
import { FILE_REJECTION_REASONS, MAPPING_REASONS, ROW_REJECTION_REASONS } from '@quittance/domain/imports/reasons'
import { messagesFor } from '@quittance/i18n/catalog'
import { SUPPORTED_LOCALES } from '@quittance/i18n/locales'

// Every code the imports can show on screen or in the report has its text in every language.
const keys = [
  ...[...FILE_REJECTION_REASONS, ...MAPPING_REASONS, ...ROW_REJECTION_REASONS, 'unknown_entity', 'zip_not_for_this_kind'].map((r) => `bo-imports.reason.${r}`),
  ...['all_or_nothing_refused', 'invalid_mapping', 'internal_error'].map((r) => `bo-imports.failure.${r}`),
  ...['uploaded', 'validated', 'queued', 'running', 'completed', 'failed', 'cancelled'].map((s) => `bo-imports.status.${s}`),
  ...IMPORT_KINDS.flatMap((kind) => [`bo-imports.kind.${kind}`, ...IMPORT_FIELDS[kind].map((f) => `bo-imports.field.${kind}.${f.key}`)]),
  ...['comma', 'semicolon', 'tab', 'pipe'].map((d) => `bo-imports.delimiter.${d}`),
  ...['valid_rows', 'all_or_nothing'].map((m) => `bo-imports.mode.${m}`),
]

test.each(SUPPORTED_LOCALES)('every import code has a text in %s', (locale) => {
  const messages = messagesFor(locale, 'bo-imports')
  expect(keys.filter((key) => !messages[key])).toEqual([])
})
