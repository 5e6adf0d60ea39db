import { isCountryCode } from '../identifiers/country-codes'

/** "agri fr pp xxx" → "AGRIFRPPXXX". */
export function normalizeBic(input: string): string {
  return input.toUpperCase().replace(/[\s.\-\u00a0\u202f]/g, '')
}

/**
 * ISO 9362 shape: 4 letters (institution), a country code, 2 letters or digits (location), and an optional
 * 3-character branch code: 8 or 11 characters. The country must be a real ISO 3166 code.
 */
export function isValidBic(bic: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) && isCountryCode(bic.slice(4, 6))
}
