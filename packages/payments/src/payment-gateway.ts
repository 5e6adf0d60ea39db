import { providerSupportsCurrency, type CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import type { EntityPaymentSettings, PaymentConfiguration } from './configuration'
import { MollieProvider } from './mollie-provider'
import type { PaymentProvider } from './provider'
import { SandboxProvider } from './sandbox-provider'
import { StripeProvider } from './stripe-provider'

/** The order methods are offered in, on the page and in tests. */
const CHECKOUT_ORDER: readonly CheckoutProvider[] = ['stripe', 'mollie', 'sandbox']

export type EntityPayments = {
  /** Hosted checkouts this entity takes in this currency. */
  checkoutProviders(currency: string): CheckoutProvider[]
  provider(name: CheckoutProvider): PaymentProvider | null
  bankTransfer: boolean
}

/** Everything the portal and the use cases know about online payments: per entity, from the host's configuration. */
export type PaymentGateway = {
  forEntity(entityCode: string): EntityPayments
}

export function createPaymentGateway(configuration: PaymentConfiguration, options: { portalUrl: string }): PaymentGateway {
  const cache = new Map<string, EntityPayments>()
  return {
    forEntity(entityCode) {
      const settings = configuration.entities.get(entityCode) ?? configuration.entities.get('*') ?? null
      // Entities sharing the "*" entry share its clients too.
      const key = configuration.entities.has(entityCode) ? entityCode : '*'
      let payments = cache.get(key)
      if (!payments) {
        payments = entityPayments(settings, configuration, options.portalUrl)
        cache.set(key, payments)
      }
      return payments
    },
  }
}

function entityPayments(settings: EntityPaymentSettings | null, configuration: PaymentConfiguration, portalUrl: string): EntityPayments {
  const providers = new Map<CheckoutProvider, { provider: PaymentProvider; currencies: string[] | null }>()
  if (settings?.stripe) providers.set('stripe', { provider: new StripeProvider(settings.stripe), currencies: settings.stripe.currencies })
  if (settings?.mollie) providers.set('mollie', { provider: new MollieProvider(settings.mollie), currencies: settings.mollie.currencies })
  if (settings?.sandbox) {
    providers.set('sandbox', {
      provider: new SandboxProvider(configuration.sandboxSecret, portalUrl),
      currencies: settings.sandbox.currencies,
    })
  }
  return {
    bankTransfer: settings?.bankTransfer ?? false,
    checkoutProviders(currency) {
      return CHECKOUT_ORDER.filter((name) => {
        const entry = providers.get(name)
        return entry !== undefined && (entry.currencies === null || entry.currencies.includes(currency)) && providerSupportsCurrency(name, currency)
      })
    },
    provider(name) {
      return providers.get(name)?.provider ?? null
    },
  }
}
