// Writing CSV that people open in Excel, LibreOffice or Google Sheets. Cells come from hostile files (a debtor's
// name, a rejected line): a cell starting with = + - @ TAB or CR would be run as a formula (CSV injection, e.g.
// `=cmd|' /C calc'!A0`), so it is prefixed with a single quote, as OWASP recommends, and every cell is quoted.

const FORMULA_START = /^[=+\-@\t\r]/

export function neutraliseSpreadsheetFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value)
  return `"${neutraliseSpreadsheetFormula(text).replace(/"/g, '""')}"`
}

/** One line, CRLF-terminated as RFC 4180 says. */
export function csvLine(cells: readonly (string | number | null | undefined)[], delimiter = ','): string {
  return `${cells.map(csvCell).join(delimiter)}\r\n`
}

/** Spreadsheets in French, German and Spanish expect `;` (their decimal separator is the comma). */
export function csvDelimiterForLocale(locale: string): ',' | ';' {
  return locale === 'en' ? ',' : ';'
}

/** The byte-order mark makes Excel read UTF-8 rather than the machine's ANSI code page. */
export const UTF8_BOM = '\uFEFF'
