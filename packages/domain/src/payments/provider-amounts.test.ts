import { describe, expect, test } from 'vitest'
import { money } from '../money/money'
import {
  checkChargeable,
  fromMollieAmount,
  fromStripeAmount,
  providerMinimum,
  providerSupportsCurrency,
  toMollieAmount,
  toStripeAmount,
} from './provider-amounts'

describe('amounts as each provider takes them', () => {
  test.each([
    { amount: money(1_000, 'JPY'), stripe: 1_000, mollie: '1000' },
    { amount: money(1_234, 'EUR'), stripe: 1_234, mollie: '12.34' },
    { amount: money(5_120, 'KWD'), stripe: 5_120, mollie: '5.120' },
    { amount: money(1_000, 'XOF'), stripe: 1_000, mollie: '1000' },
    { amount: money(500, 'ISK'), stripe: 50_000, mollie: '500' },
  ])('$amount.currency $amount.amountMinor → Stripe $stripe, Mollie "$mollie"', ({ amount, stripe, mollie }) => {
    expect(toStripeAmount(amount)).toBe(stripe)
    expect(fromStripeAmount(stripe, amount.currency.toLowerCase())).toEqual(amount)
    expect(toMollieAmount(amount)).toEqual({ currency: amount.currency, value: mollie })
    expect(fromMollieAmount({ currency: amount.currency, value: mollie })).toEqual(amount)
  })

  test('reads Mollie amounts from the digits, never through a float', () => {
    expect(fromMollieAmount({ currency: 'EUR', value: '0.30' })).toEqual(money(30, 'EUR'))
    expect(fromMollieAmount({ currency: 'EUR', value: '10' })).toEqual(money(1_000, 'EUR'))
    expect(() => fromMollieAmount({ currency: 'EUR', value: '1.234' })).toThrow()
    expect(() => fromMollieAmount({ currency: 'EUR', value: '1e3' })).toThrow()
  })

  test.each([
    { provider: 'stripe', amount: money(49, 'EUR'), code: 'below-provider-minimum' },
    { provider: 'stripe', amount: money(29, 'GBP'), code: 'below-provider-minimum' },
    { provider: 'stripe', amount: money(49, 'JPY'), code: 'below-provider-minimum' },
    { provider: 'stripe', amount: money(5_124, 'KWD'), code: 'amount-not-chargeable' },
    { provider: 'mollie', amount: money(99, 'EUR'), code: 'below-provider-minimum' },
    { provider: 'mollie', amount: money(1_000, 'KWD'), code: 'currency-not-supported' },
  ] as const)('$provider refuses $amount.currency $amount.amountMinor ($code)', ({ provider, amount, code }) => {
    const result = checkChargeable(provider, amount)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe(code)
  })

  test.each([
    { provider: 'stripe', amount: money(50, 'EUR') },
    { provider: 'stripe', amount: money(30, 'GBP') },
    { provider: 'stripe', amount: money(5_120, 'KWD') },
    { provider: 'stripe', amount: money(1_000, 'JPY') },
    { provider: 'mollie', amount: money(100, 'EUR') },
    { provider: 'sandbox', amount: money(1, 'EUR') },
  ] as const)('$provider charges $amount.currency $amount.amountMinor', ({ provider, amount }) => {
    expect(checkChargeable(provider, amount)).toEqual({ ok: true, value: true })
  })

  test('knows the minimums and the currencies', () => {
    expect(providerMinimum('stripe', 'EUR')).toEqual(money(50, 'EUR'))
    expect(providerMinimum('mollie', 'JPY')).toEqual(money(1, 'JPY'))
    expect(providerSupportsCurrency('mollie', 'GBP')).toBe(true)
    expect(providerSupportsCurrency('stripe', 'XXX')).toBe(false)
  })
})
