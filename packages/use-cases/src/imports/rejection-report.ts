import { csvLine, UTF8_BOM } from '@quittance/domain/imports/csv-export'
import type { Db } from '@quittance/db/client'
import { listImportRejections } from '@quittance/db/repositories/imports'

const PAGE = 5000

/**
 * The rejection report as CSV text, a page at a time (an import of junk can have hundreds of thousands of
 * rejections). Every cell is quoted and formula-neutralised: the raw lines come from the uploaded file, and a
 * spreadsheet must never run `=cmd|…` found in one.
 */
export async function* rejectionReportCsv(
  db: Db,
  input: {
    importId: string
    delimiter: ',' | ';'
    /** Titles of the columns: line, column, reason code, reason, row as written. */
    titles: readonly [string, string, string, string, string]
    describe: (reason: string) => string
  },
): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(input.titles, input.delimiter)
  let after: { lineNumber: number; id: string } | undefined
  for (;;) {
    const page = await listImportRejections(db, { importId: input.importId, limit: PAGE, after })
    if (page.length === 0) return
    let text = ''
    for (const r of page) text += csvLine([r.lineNumber, r.column, r.reason, input.describe(r.reason), r.rawLine], input.delimiter)
    yield text
    const last = page[page.length - 1]!
    after = { lineNumber: last.lineNumber, id: last.id }
  }
}
