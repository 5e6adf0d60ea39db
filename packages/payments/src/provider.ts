import type { CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import type { Money } from '@quittance/domain/money/money'
import type { PaymentMethod } from '@quittance/domain/payments/payment-methods'

export type { CheckoutProvider }

export type CheckoutRequest = {
  attemptId: string
  /** Derived from the attempt row, so every retry of this call is the same request to the provider. */
  idempotencyKey: string
  entityCode: string
  amount: Money
  /** One line per invoice; their sum is the amount. */
  lines: { label: string; amountMinor: number }[]
  description: string
  locale: 'fr' | 'en' | 'de' | 'es'
  customerEmail: string | null
  /** Where the provider sends the debtor back, whatever happened. */
  returnUrl: string
  cancelUrl: string
  /** Mollie calls it per payment; Stripe's endpoint is set in its dashboard. */
  webhookUrl: string
  expiresAt: Date
}

export type CheckoutSession = {
  providerRef: string
  providerPaymentRef: string | null
  checkoutUrl: string
}

export type ObservedPaymentStatus = 'pending' | 'processing' | 'succeeded' | 'failed' | 'expired' | 'canceled'

export type PaymentObservation = {
  kind: 'payment'
  attemptId: string | null
  entityCode: string | null
  providerRef: string | null
  providerPaymentRef: string | null
  status: ObservedPaymentStatus
  /** What the provider captured, when it says; only a success carries money. */
  amount: Money | null
  method: PaymentMethod
}

export type ReversalObservation = {
  kind: 'refund' | 'chargeback'
  providerRef: string
  providerPaymentRef: string | null
  attemptId: string | null
  /** Our payment_reversals id, for refunds we asked for. */
  reversalId: string | null
  amount: Money
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'reversed'
}

export type Observation = PaymentObservation | ReversalObservation

/** A verified notification, reduced to what it tells about our payments. */
export type ProviderNotification = {
  eventId: string
  eventType: string
  /** False for test mode, null when the provider does not say. */
  livemode: boolean | null
  observations: Observation[]
}

export type WebhookRejection =
  | 'missing-signature'
  | 'bad-signature'
  | 'timestamp-outside-tolerance'
  | 'mode-mismatch'
  | 'malformed'

export type WebhookReading =
  | { ok: true; notification: ProviderNotification | null }
  | { ok: false; reason: WebhookRejection }

export type RefundRequest = {
  providerPaymentRef: string
  amount: Money
  idempotencyKey: string
  reversalId: string
}

export type RefundResult = { providerRef: string; status: ReversalObservation['status'] }

/** One interface for every hosted checkout: Stripe, Mollie and the built-in sandbox. */
export interface PaymentProvider {
  readonly name: CheckoutProvider
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>
  /** Stripe and the sandbox verify a signature on the raw body; Mollie's unsigned call is answered by a fetch. */
  readWebhook(input: { rawBody: string; header(name: string): string | null }): Promise<WebhookReading>
  /** A server-side status fetch, as trustworthy as a verified webhook. */
  fetchPayment(providerRef: string): Promise<ProviderNotification | null>
  createRefund(request: RefundRequest): Promise<RefundResult>
}

/**
 * A provider call that did not give an answer we can use. The message is safe to log: it never carries a key.
 * `unavailable` may be retried with the same idempotency key; `rejected` will not work by retrying.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: CheckoutProvider,
    readonly kind: 'unavailable' | 'rejected' | 'idempotency-conflict',
    message: string,
  ) {
    super(`${provider}: ${message}`)
    this.name = 'ProviderError'
  }
}
