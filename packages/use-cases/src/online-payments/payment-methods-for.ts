import type { Money } from '@quittance/domain/money/money'
import { checkChargeable, type ChargeRefusal, type CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import type { EntityPayments } from '@quittance/payments/payment-gateway'

export type OfferedMethod = CheckoutProvider | 'bank_transfer'

export type MethodOffer = { method: OfferedMethod; available: true } | { method: OfferedMethod; available: false; refusal: ChargeRefusal }

/**
 * The methods an entity takes for this amount: its hosted checkouts for the currency (each checked against the
 * provider's currency rules and minimum), then a bank transfer where the entity has an account in the currency.
 */
export function paymentMethodsFor(payments: EntityPayments, amount: Money, bankAccountCurrencies: readonly string[]): MethodOffer[] {
  const offers: MethodOffer[] = payments.checkoutProviders(amount.currency).map((provider) => {
    const chargeable = checkChargeable(provider, amount)
    return chargeable.ok ? { method: provider, available: true } : { method: provider, available: false, refusal: chargeable.error }
  })
  if (payments.bankTransfer && bankAccountCurrencies.includes(amount.currency)) offers.push({ method: 'bank_transfer', available: true })
  return offers
}
