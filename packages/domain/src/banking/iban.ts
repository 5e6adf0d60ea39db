import { err, ok, type Result } from '../shared/result'

export type IbanError = 'format' | 'unknown-country' | 'length' | 'checksum'

// IBAN length per country (SWIFT IBAN registry). French overseas territories use FR IBANs.
// prettier-ignore
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
}

/** "fr76 3000 6000 0112-3456 7890 189" → "FR7630006000011234567890189". */
export function normalizeIban(input: string): string {
  return input.toUpperCase().replace(/[\s.\-\u00a0\u202f]/g, '')
}

/**
 * ISO 13616 check: move the first four characters to the end, read letters as numbers (A = 10 … Z = 35), and
 * the remainder modulo 97 must be 1. Computed piecewise so no number exceeds a double's exact range.
 */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let remainder = 0
  for (const char of rearranged) {
    const code = char.charCodeAt(0)
    const value = code >= 65 ? String(code - 55) : char
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97
  }
  return remainder
}

export function parseIban(input: string): Result<string, IbanError> {
  const iban = normalizeIban(input)
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return err('format')
  const length = LENGTHS[iban.slice(0, 2)]
  if (length === undefined) return err('unknown-country')
  if (iban.length !== length) return err('length')
  if (ibanMod97(iban) !== 1) return err('checksum')
  return ok(iban)
}

export function isValidIban(input: string): boolean {
  return parseIban(input).ok
}

/** "FR7630006000011234567890189" → "FR76 3000 6000 0112 3456 7890 189", the print format. */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ')
}

/** "FR7630006000011234567890189" → "FR76 •••• 0189": enough to recognise an account in a list or a log. */
export function maskIban(iban: string): string {
  const compact = normalizeIban(iban)
  return compact.length <= 8 ? compact : `${compact.slice(0, 4)} •••• ${compact.slice(-4)}`
}
