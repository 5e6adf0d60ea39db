// Stable codes for everything an import can refuse. They are stored in `import_rejections.reason`, written in the
// downloadable report and translated by the back office (`bo-imports.reason.<code>`): never rename one.

/** Why a whole file is refused at upload. */
export const FILE_REJECTION_REASONS = [
  'file_empty',
  'file_too_large',
  'not_text',
  'spreadsheet_not_csv',
  'pdf_not_csv',
  'no_columns',
  'header_too_long',
  'zip_invalid',
  'zip_too_large',
] as const
export type FileRejectionReason = (typeof FILE_REJECTION_REASONS)[number]

/** Why a mapping cannot be used. */
export const MAPPING_REASONS = ['required_field_unmapped', 'unknown_column', 'unknown_field'] as const
export type MappingReason = (typeof MAPPING_REASONS)[number]

/** Why one row is refused; the same codes come from the pure checks and from the database checks. */
export const ROW_REJECTION_REASONS = [
  // The CSV structure of the row.
  'unterminated_quote',
  'text_after_closing_quote',
  'record_too_long',
  'too_many_columns',
  'missing_columns',
  'extra_columns',
  // One cell.
  'required',
  'too_long',
  'invalid_characters',
  'invalid_date',
  'date_out_of_range',
  'invalid_amount',
  'negative_amount',
  'zero_amount',
  'too_many_decimals',
  'amount_too_large',
  'unknown_currency',
  'invalid_country',
  'invalid_language',
  'invalid_email',
  'invalid_phone',
  'invalid_customer_kind',
  'invalid_payment_method',
  'invalid_boolean',
  // Between cells of one row.
  'due_before_issue',
  'totals_mismatch',
  'contact_channel_required',
  // Between rows of one file.
  'duplicate_in_file',
  // Against what is already stored.
  'unknown_customer',
  'unknown_invoice',
  'invoice_of_other_customer',
  'invoice_currency_mismatch',
  'invoice_settled_conflict',
  'payment_changed',
  'pdf_not_found',
  'pdf_not_pdf',
  'pdf_too_large',
] as const
export type RowRejectionReason = (typeof ROW_REJECTION_REASONS)[number]

export function isRowRejectionReason(value: string): value is RowRejectionReason {
  return (ROW_REJECTION_REASONS as readonly string[]).includes(value)
}
