import { err, ok, type Result } from '../shared/result'
import { isValidSiren } from './siren'

export type VatNumberError = 'format' | 'unknown-prefix' | 'check-key'

export type VatNumber = {
  /** Upper case, without spaces or punctuation: "FR44732829320". */
  value: string
  /** The prefix as written ("EL" for Greece, "XI" for Northern Ireland). */
  prefix: string
  /** The ISO 3166 country the prefix stands for ("GR" for "EL"). */
  country: string
}

// The shape of each VAT number after its prefix (EU VIES formats, plus the UK, Switzerland and Norway, which
// our creditors also invoice from). Only France's check key is verified; elsewhere it is the format only.
const FORMATS: Readonly<Record<string, { country: string; pattern: RegExp }>> = {
  AT: { country: 'AT', pattern: /^U\d{8}$/ },
  BE: { country: 'BE', pattern: /^[01]\d{9}$/ },
  BG: { country: 'BG', pattern: /^\d{9,10}$/ },
  CH: { country: 'CH', pattern: /^E\d{9}(MWST|TVA|IVA)?$/ },
  CY: { country: 'CY', pattern: /^\d{8}[A-Z]$/ },
  CZ: { country: 'CZ', pattern: /^\d{8,10}$/ },
  DE: { country: 'DE', pattern: /^\d{9}$/ },
  DK: { country: 'DK', pattern: /^\d{8}$/ },
  EE: { country: 'EE', pattern: /^\d{9}$/ },
  EL: { country: 'GR', pattern: /^\d{9}$/ },
  ES: { country: 'ES', pattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/ },
  FI: { country: 'FI', pattern: /^\d{8}$/ },
  FR: { country: 'FR', pattern: /^\d{2}\d{9}$/ },
  GB: { country: 'GB', pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/ },
  HR: { country: 'HR', pattern: /^\d{11}$/ },
  HU: { country: 'HU', pattern: /^\d{8}$/ },
  IE: { country: 'IE', pattern: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/ },
  IT: { country: 'IT', pattern: /^\d{11}$/ },
  LT: { country: 'LT', pattern: /^(\d{9}|\d{12})$/ },
  LU: { country: 'LU', pattern: /^\d{8}$/ },
  LV: { country: 'LV', pattern: /^\d{11}$/ },
  MT: { country: 'MT', pattern: /^\d{8}$/ },
  NL: { country: 'NL', pattern: /^\d{9}B\d{2}$/ },
  NO: { country: 'NO', pattern: /^\d{9}(MVA)?$/ },
  PL: { country: 'PL', pattern: /^\d{10}$/ },
  PT: { country: 'PT', pattern: /^\d{9}$/ },
  RO: { country: 'RO', pattern: /^[1-9]\d{1,9}$/ },
  SE: { country: 'SE', pattern: /^\d{10}01$/ },
  SI: { country: 'SI', pattern: /^\d{8}$/ },
  SK: { country: 'SK', pattern: /^\d{10}$/ },
  XI: { country: 'GB', pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/ },
}

/** "fr 44 732 829 320" → "FR44732829320". */
export function normalizeVatNumber(input: string): string {
  return input.toUpperCase().replace(/[\s.\-\u00a0\u202f]/g, '')
}

/** The two-digit key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0')
}

/** Checks the shape of a VAT number by its country prefix and, for France, its key against the SIREN. */
export function parseVatNumber(input: string): Result<VatNumber, VatNumberError> {
  const value = normalizeVatNumber(input)
  if (!/^[A-Z]{2}[A-Z0-9+*]{2,14}$/.test(value)) return err('format')
  const prefix = value.slice(0, 2)
  const format = Object.hasOwn(FORMATS, prefix) ? FORMATS[prefix] : undefined
  if (!format) return err('unknown-prefix')
  const rest = value.slice(2)
  if (!format.pattern.test(rest)) return err('format')
  if (prefix === 'FR') {
    const siren = rest.slice(2)
    if (!isValidSiren(siren) || rest.slice(0, 2) !== frenchVatKey(siren)) return err('check-key')
  }
  return ok({ value, prefix, country: format.country })
}

/** The SIREN inside a French VAT number, or null for another country. */
export function sirenOfFrenchVatNumber(vat: VatNumber): string | null {
  return vat.prefix === 'FR' ? vat.value.slice(4) : null
}
