/** The stated limits of CSV imports (SECURITY.md: "any size within a stated limit"). */
export const MAX_IMPORT_FILE_BYTES = 100 * 1024 * 1024
/** The optional zip of invoice PDFs. */
export const MAX_IMPORT_ZIP_BYTES = 100 * 1024 * 1024
/** One PDF inside the zip; the documents table allows 25 MiB. */
export const MAX_IMPORT_PDF_BYTES = 25 * 1024 * 1024
/** Rows shown by the preview. */
export const PREVIEW_ROWS = 20
/** Rows per transaction and per statement while importing. */
export const IMPORT_BATCH_ROWS = 10_000
/** Invoices (without PDFs) are staged in batches of this many rows, each with its resume counters… */
export const IMPORT_STAGE_ROWS = 50_000
/** …then written by chunks of about this many rows, whole customers per chunk, one statement per chunk. */
export const IMPORT_UPSERT_CHUNK_ROWS = 100_000
/** Transactions writing staged chunks side by side (disjoint customers). */
export const IMPORT_WRITERS = 2
/** Fewer when each row may carry a PDF. */
export const IMPORT_BATCH_ROWS_WITH_PDFS = 250
/** The head of the file read for the mapping and preview pages. */
export const IMPORT_HEAD_BYTES = 256 * 1024
/**
 * Problems kept for the report of one import. The counters stay exact beyond it; a file of junk would otherwise
 * store millions of rows nobody can read. The report and the screen say when it is cut.
 */
export const MAX_STORED_REJECTIONS = 100_000
