import { ibanMod97 } from './iban'
import { invariant } from '../shared/invariant'
import { err, ok, type Result } from '../shared/result'

// ISO 11649 structured creditor reference: "RF", two check digits, then 1 to 21 letters or digits. The check uses
// the IBAN's ISO 7064 MOD 97-10: move "RF" and the digits to the end, read letters as numbers, remainder 1.

const BODY = /^[A-Z0-9]{1,21}$/

/** "RF18 5390 0754 7034" → "RF18539007547034". */
export function normalizeCreditorReference(input: string): string {
  return input.toUpperCase().replace(/[\s\u00a0\u202f-]/g, '')
}

/** Builds the reference for a body of our own (letters and digits, at most 21): "539007547034" → "RF18539007547034". */
export function creditorReference(body: string): string {
  const normalized = normalizeCreditorReference(body)
  invariant(BODY.test(normalized), `a creditor reference body is 1 to 21 letters or digits, got "${body}"`)
  const check = 98 - ibanMod97(`RF00${normalized}`)
  return `RF${String(check).padStart(2, '0')}${normalized}`
}

export type CreditorReferenceError = 'format' | 'checksum'

export function parseCreditorReference(input: string): Result<string, CreditorReferenceError> {
  const reference = normalizeCreditorReference(input)
  if (!/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(reference)) return err('format')
  if (ibanMod97(reference) !== 1) return err('checksum')
  return ok(reference)
}

export function isValidCreditorReference(input: string): boolean {
  return parseCreditorReference(input).ok
}

/** Printed in groups of four, as banks show it: "RF18 5390 0754 7034". */
export function formatCreditorReference(reference: string): string {
  return normalizeCreditorReference(reference).replace(/(.{4})(?=.)/g, '$1 ')
}
