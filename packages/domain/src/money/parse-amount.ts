import { currencyExponent } from './currencies'
import { money } from './money'
import type { Money } from './money'
import { err, ok } from '../shared/result'
import type { Result } from '../shared/result'

export type ParseAmountError = 'empty' | 'not-a-number' | 'too-many-decimals' | 'negative' | 'too-large'

// Space, no-break space and narrow no-break space: what people type and what Intl prints in fr-FR.
const SPACE = /[ \u00A0\u202F]/
const SPACES = /[ \u00A0\u202F]/g
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

type Parsed = { negative: boolean; integerDigits: string; fractionDigits: string }

// Works on the digit string only: a float such as 0.1 + 0.2 must never decide how many cents someone owes.
export function parseAmount(input: string, currency: string): Result<Money, ParseAmountError> {
  const result = parseSignedAmount(input, currency)
  if (result.ok && result.value.amountMinor < 0) return err('negative')
  return result
}

// For credit lines, where a leading minus is meaningful.
export function parseSignedAmount(
  input: string,
  currency: string,
): Result<Money, Exclude<ParseAmountError, 'negative'>> {
  const exponent = currencyExponent(currency)
  const trimmed = input.trim()
  if (trimmed === '') return err('empty')

  const parsed = splitNumber(trimmed, exponent)
  if (parsed === null) return err('not-a-number')
  if (parsed.fractionDigits.length > exponent) return err('too-many-decimals')

  const minor = BigInt(parsed.integerDigits + parsed.fractionDigits.padEnd(exponent, '0'))
  if (minor > MAX_SAFE) return err('too-large')
  const amountMinor = Number(minor)
  return ok(money(parsed.negative ? -amountMinor : amountMinor, currency))
}

function splitNumber(text: string, exponent: number): Parsed | null {
  const sign = text[0] === '+' || text[0] === '-' ? text[0] : ''
  const body = text.slice(sign.length)
  if (!/^[0-9., \u00A0\u202F]+$/.test(body) || !/[0-9]/.test(body)) return null

  const hasSpaces = SPACE.test(body)
  const dots = count(body, '.')
  const commas = count(body, ',')

  let decimal: '.' | ',' | null
  if (dots > 0 && commas > 0) {
    // Both appear: the last one is the decimal separator (1.234,56 and 1,234.56); spaces on top would be a third.
    if (hasSpaces) return null
    decimal = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ','
    if (count(body, decimal) > 1) return null
  } else if (dots + commas === 0) {
    decimal = null
  } else {
    const separator = dots > 0 ? '.' : ','
    if (dots + commas > 1) {
      // Repeated, so it groups thousands (1.234.567), which cannot be mixed with space grouping.
      if (hasSpaces) return null
      decimal = null
    } else if (hasSpaces) {
      decimal = separator
    } else {
      decimal = isAmbiguousThousands(body, separator) && exponent !== 3 ? null : separator
    }
  }

  const [integerPart = '', fractionPart] = decimal === null ? [body] : body.split(decimal)
  const thousands = hasSpaces ? ' ' : decimal === '.' ? ',' : decimal === ',' ? '.' : dots > 0 ? '.' : ','
  const integerDigits = ungroup(integerPart, thousands)
  if (integerDigits === null) return null
  if (fractionPart !== undefined && !/^[0-9]+$/.test(fractionPart)) return null
  if (integerDigits === '' && fractionPart === undefined) return null

  return { negative: sign === '-', integerDigits: integerDigits || '0', fractionDigits: fractionPart ?? '' }
}

// "1,234" or "1.234": a lone separator before exactly three digits could group thousands. It cannot when the
// integer part is not a valid first group ("0,125", "1234,567"), so those stay decimals.
function isAmbiguousThousands(body: string, separator: '.' | ','): boolean {
  const [integerPart = '', fractionPart = ''] = body.split(separator)
  return /^[1-9][0-9]{0,2}$/.test(integerPart) && /^[0-9]{3}$/.test(fractionPart)
}

// Removes thousands separators, checking the grouping: 1-3 leading digits, then groups of exactly three.
function ungroup(integerPart: string, thousands: string): string | null {
  const normalised = thousands === ' ' ? integerPart.replace(SPACES, ' ') : integerPart
  if (/^[0-9]*$/.test(normalised)) return normalised
  const groups = normalised.split(thousands)
  const [first = '', ...rest] = groups
  if (!/^[0-9]{1,3}$/.test(first) || !rest.every((g) => /^[0-9]{3}$/.test(g))) return null
  return groups.join('')
}

function count(text: string, char: string): number {
  return text.split(char).length - 1
}
