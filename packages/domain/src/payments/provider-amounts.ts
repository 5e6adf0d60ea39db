import { currencyExponent, isCurrencyCode } from '../money/currencies'
import { toMajorUnitString } from '../money/format-money'
import { money, type Money } from '../money/money'
import { err, ok, type Result } from '../shared/result'

/** The hosted checkouts Quittance can send a debtor to. `sandbox` is the built-in pretend provider. */
export const CHECKOUT_PROVIDERS = ['stripe', 'mollie', 'sandbox'] as const
export type CheckoutProvider = (typeof CHECKOUT_PROVIDERS)[number]

// Stripe: https://stripe.com/docs/currencies (verify before release). Amounts are integers in Stripe's own minor
// unit, which is ISO 4217's except for ISK (two decimals in the API, whole krónur only). Three-decimal currencies
// must end in 0.
const STRIPE_THREE_DECIMALS = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND'])
const STRIPE_SCALE: Readonly<Record<string, number>> = { ISK: 100 }
// Minimum charge per currency, in our minor units (research notes §1.6, mirrored from Stripe's table; verify).
// prettier-ignore
const STRIPE_MINIMUMS: Readonly<Record<string, number>> = {
  EUR: 50, USD: 50, GBP: 30, CHF: 50, DKK: 250, NOK: 300, SEK: 300, PLN: 200, CZK: 1500, HUF: 17500, RON: 200,
  BGN: 100, JPY: 50, AED: 200, AUD: 50, CAD: 50, HKD: 400, MXN: 1000, SGD: 50, INR: 50, THB: 1000,
}
// Mollie: the "Multicurrency" page lists these; minimums are per method (Methods API), so we hold a floor that
// every method accepts and let the provider refuse the rest (verify before release).
const MOLLIE_CURRENCIES = new Set([
  'AED', 'AUD', 'BGN', 'BRL', 'CAD', 'CHF', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'HUF', 'ILS', 'ISK', 'JPY', 'MXN',
  'MYR', 'NOK', 'NZD', 'PHP', 'PLN', 'RON', 'SEK', 'SGD', 'THB', 'TWD', 'USD', 'ZAR',
])
const MOLLIE_MINIMUM_MAJOR_UNITS = 1

export function providerSupportsCurrency(provider: CheckoutProvider, currency: string): boolean {
  if (!isCurrencyCode(currency)) return false
  if (provider === 'mollie') return MOLLIE_CURRENCIES.has(currency)
  // Stripe takes 135+ currencies; we only refuse what we cannot express in integer minor units.
  return true
}

/** The smallest amount the provider will charge, in our minor units. */
export function providerMinimum(provider: CheckoutProvider, currency: string): Money {
  if (provider === 'stripe') return money(STRIPE_MINIMUMS[currency] ?? 10 ** currencyExponent(currency) / 2, currency)
  if (provider === 'mollie') return money(MOLLIE_MINIMUM_MAJOR_UNITS * 10 ** currencyExponent(currency), currency)
  return money(1, currency)
}

export type ChargeRefusal =
  | { code: 'currency-not-supported'; currency: string }
  | { code: 'below-provider-minimum'; minimum: Money }
  | { code: 'amount-not-chargeable'; step: Money }

/** Whether this provider can charge exactly this amount; checked before the attempt is written. */
export function checkChargeable(provider: CheckoutProvider, amount: Money): Result<true, ChargeRefusal> {
  if (!providerSupportsCurrency(provider, amount.currency)) return err({ code: 'currency-not-supported', currency: amount.currency })
  const minimum = providerMinimum(provider, amount.currency)
  if (amount.amountMinor < minimum.amountMinor) return err({ code: 'below-provider-minimum', minimum })
  if (provider === 'stripe' && STRIPE_THREE_DECIMALS.has(amount.currency) && amount.amountMinor % 10 !== 0) {
    return err({ code: 'amount-not-chargeable', step: money(10, amount.currency) })
  }
  return ok(true)
}

/** Our minor units → Stripe's integer: JPY 1000 → 1000, EUR 12.34 → 1234, KWD 5.120 → 5120, ISK 500 → 50000. */
export function toStripeAmount(amount: Money): number {
  return amount.amountMinor * (STRIPE_SCALE[amount.currency] ?? 1)
}

/** Stripe's integer (with its lower-case currency) → our money. */
export function fromStripeAmount(amount: number, stripeCurrency: string): Money {
  const currency = stripeCurrency.toUpperCase()
  const scale = STRIPE_SCALE[currency] ?? 1
  return money(Math.trunc(amount / scale), currency)
}

/** Mollie takes a string with exactly the currency's decimals: EUR 10.00, JPY 1000. */
export function toMollieAmount(amount: Money): { currency: string; value: string } {
  return { currency: amount.currency, value: toMajorUnitString(amount) }
}

/** Reads Mollie's decimal string digit by digit: a float must never decide an amount. */
export function fromMollieAmount(amount: { currency: string; value: string }): Money {
  const exponent = currencyExponent(amount.currency)
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.value.trim())
  if (!match) throw new Error(`not a Mollie amount: "${amount.value}"`)
  const fraction = (match[3] ?? '').padEnd(exponent, '0')
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) {
    throw new Error(`Mollie amount ${amount.value} has more decimals than ${amount.currency}`)
  }
  const minor = Number(BigInt(`${match[2]}${fraction.slice(0, exponent)}`))
  return money(match[1] === '-' ? -minor : minor, amount.currency)
}
