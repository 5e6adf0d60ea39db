import { execFileSync } from 'node:child_process'

/**
 * The text of a PDF as poppler's pdftotext reads it, with every run of whitespace as one space, so that line
 * breaks and Intl's no-break spaces never decide whether a phrase matches. `-layout` keeps a table row on one
 * line, in column order, where the default reading order would read the columns one after the other.
 */
export function pdfText(pdf: Uint8Array): string {
  const args = ['-layout', '-enc', 'UTF-8', '-', '-']
  return flat(execFileSync('/usr/bin/pdftotext', args, { input: pdf, encoding: 'utf8' }))
}

/** The same whitespace folding, for expected values built with Intl (formatMoney puts U+202F in "1 260,00 €"). */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

export function isPdf(bytes: Uint8Array): boolean {
  return new TextDecoder('latin1').decode(bytes.subarray(0, 5)) === '%PDF-'
}
