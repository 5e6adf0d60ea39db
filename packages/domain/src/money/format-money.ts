import { currencyExponent } from './currencies'
import type { Money } from './money'

// "1234.50", "1000" (JPY), "5.124" (KWD): built from the digits, because amountMinor / 10 ** exp can round.
export function toMajorUnitString(m: Money): string {
  const exponent = currencyExponent(m.currency)
  const digits = Math.abs(m.amountMinor)
    .toString()
    .padStart(exponent + 1, '0')
  const sign = m.amountMinor < 0 ? '-' : ''
  if (exponent === 0) return `${sign}${digits}`
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

// Intl formats a decimal string exactly; the fraction digits come from our table, as ICU disagrees on some codes.
export function formatMoney(m: Money, locale: string): string {
  const exponent = currencyExponent(m.currency)
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  })
  return format.format(toMajorUnitString(m) as `${number}`)
}
