import { currencyExponent } from './currencies'
import type { Money } from './money'
import { memoizeFormatter } from '../shared/memoize-formatter'

const currencyFormatter = memoizeFormatter((locale, currency) => {
  const exponent = currencyExponent(currency)
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  })
})

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
  return currencyFormatter(locale, m.currency).format(toMajorUnitString(m) as `${number}`)
}
