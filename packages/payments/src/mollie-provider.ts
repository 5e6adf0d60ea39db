import type * as MollieModule from '@mollie/api-client'
import type { MollieClient, Payment } from '@mollie/api-client'
import { fromMollieAmount, toMollieAmount } from '@quittance/domain/payments/provider-amounts'
import type { PaymentMethod } from '@quittance/domain/payments/payment-methods'
import type { MollieSettings } from './configuration'
import {
  ProviderError,
  type CheckoutRequest,
  type CheckoutSession,
  type ObservedPaymentStatus,
  type Observation,
  type PaymentProvider,
  type ProviderNotification,
  type RefundRequest,
  type RefundResult,
  type ReversalObservation,
  type WebhookReading,
} from './provider'

/** Mollie ids are short: anything else is refused before a single outbound call is made. */
export const MOLLIE_PAYMENT_ID = /^tr_[A-Za-z0-9]{1,64}$/

// The SDK (~8 MB of memory) loads with the first call that needs it, like Stripe's (stripe-provider.ts).
let mollieSdk: Promise<typeof MollieModule> | null = null
const loadMollieSdk = () => (mollieSdk ??= import('@mollie/api-client'))

const LOCALES = { fr: 'fr_FR', en: 'en_GB', de: 'de_DE', es: 'es_ES' } as const

/**
 * Mollie's hosted checkout. Its webhook is unsigned and carries only `id=tr_…`: we answer it by fetching the
 * payment with this entity's own key, so a forged call can at most make us read a payment's true state.
 */
export class MollieProvider implements PaymentProvider {
  readonly name = 'mollie' as const
  #client: Promise<MollieClient> | null = null
  readonly #settings: MollieSettings

  constructor(settings: MollieSettings) {
    this.#settings = settings
  }

  #mollie(): Promise<MollieClient> {
    this.#client ??= loadMollieSdk().then(({ createMollieClient }) =>
      createMollieClient({
        apiKey: this.#settings.apiKey.reveal(),
        ...(this.#settings.apiEndpoint ? { apiEndpoint: this.#settings.apiEndpoint } : {}),
      }),
    )
    return this.#client
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const payment = await this.#call((client) =>
      client.payments.create({
        amount: toMollieAmount(request.amount),
        description: request.description.slice(0, 255),
        redirectUrl: request.returnUrl,
        cancelUrl: request.cancelUrl,
        webhookUrl: request.webhookUrl,
        locale: LOCALES[request.locale] as never,
        metadata: { payment_attempt_id: request.attemptId, entity_code: request.entityCode },
        idempotencyKey: request.idempotencyKey,
      }),
    )
    const checkoutUrl = payment.getCheckoutUrl()
    if (!checkoutUrl) throw new ProviderError('mollie', 'rejected', `payment ${payment.id} has no checkout`)
    return { providerRef: payment.id, providerPaymentRef: payment.id, checkoutUrl }
  }

  async readWebhook(input: {
    rawBody: string
    header?(name: string): string | null
  }): Promise<WebhookReading> {
    if (input.rawBody.length > 200) return { ok: false, reason: 'malformed' }
    const id = new URLSearchParams(input.rawBody).get('id') ?? ''
    if (!MOLLIE_PAYMENT_ID.test(id)) return { ok: false, reason: 'malformed' }
    return { ok: true, notification: await this.fetchPayment(id) }
  }

  async fetchPayment(providerRef: string): Promise<ProviderNotification | null> {
    if (!MOLLIE_PAYMENT_ID.test(providerRef)) return null
    let payment: Payment
    const client = await this.#mollie()
    try {
      payment = await client.payments.get(providerRef)
    } catch (error) {
      // Unknown to Mollie under this key (forged, or another creditor's): nothing to learn, nothing to change.
      if ((error as { statusCode?: number }).statusCode === 404) return null
      throw toProviderError(error)
    }
    const observations: Observation[] = [observePayment(payment)]
    const refunded = payment.amountRefunded ? fromMollieAmount(payment.amountRefunded).amountMinor : 0
    const chargedBack = payment.amountChargedBack
      ? fromMollieAmount(payment.amountChargedBack).amountMinor
      : 0
    let reversalState = ''
    if (refunded > 0 || payment.status === 'paid') {
      const refunds = await this.#call((client) => client.paymentRefunds.page({ paymentId: payment.id }))
      for (const refund of refunds) {
        const observation: ReversalObservation = {
          kind: 'refund',
          providerRef: refund.id,
          providerPaymentRef: payment.id,
          attemptId: null,
          reversalId: stringMeta(refund.metadata, 'payment_reversal_id'),
          amount: fromMollieAmount(refund.amount),
          status: refundStatus(refund.status),
        }
        observations.push(observation)
        reversalState += `${refund.id}=${observation.status};`
      }
    }
    if (chargedBack > 0) {
      const chargebacks = await this.#call((client) =>
        client.paymentChargebacks.page({ paymentId: payment.id }),
      )
      for (const chargeback of chargebacks) {
        const status = chargeback.reversedAt ? 'reversed' : 'succeeded'
        observations.push({
          kind: 'chargeback',
          providerRef: chargeback.id,
          providerPaymentRef: payment.id,
          attemptId: null,
          reversalId: null,
          amount: fromMollieAmount(chargeback.amount),
          status,
        })
        reversalState += `${chargeback.id}=${status};`
      }
    }
    return {
      // Mollie has no event ids: the state we fetched is the event, so the same state seen twice is one event.
      eventId: `${payment.id}:${payment.status}:${reversalState}`,
      eventType: `payment.${payment.status}`,
      livemode: payment.mode === 'live',
      observations,
    }
  }

  async createRefund(request: RefundRequest): Promise<RefundResult> {
    const refund = await this.#call((client) =>
      client.paymentRefunds.create({
        paymentId: request.providerPaymentRef,
        amount: toMollieAmount(request.amount),
        metadata: { payment_reversal_id: request.reversalId },
        idempotencyKey: request.idempotencyKey,
      }),
    )
    return { providerRef: refund.id, status: refundStatus(refund.status) }
  }

  async #call<T>(work: (client: MollieClient) => Promise<T>): Promise<T> {
    const client = await this.#mollie()
    try {
      return await work(client)
    } catch (error) {
      throw toProviderError(error)
    }
  }
}

function toProviderError(error: unknown): ProviderError {
  const status = (error as { statusCode?: number }).statusCode
  const message = (error as Error).message ?? 'unknown error'
  if (status === 409) return new ProviderError('mollie', 'unavailable', message)
  if (status === 400 && /idempoten/i.test(message))
    return new ProviderError('mollie', 'idempotency-conflict', message)
  if (status === undefined || status >= 500 || status === 429)
    return new ProviderError('mollie', 'unavailable', message)
  return new ProviderError('mollie', 'rejected', message)
}

function observePayment(payment: Payment): Observation {
  const status = paymentStatus(payment.status)
  return {
    kind: 'payment',
    attemptId: stringMeta(payment.metadata, 'payment_attempt_id'),
    entityCode: stringMeta(payment.metadata, 'entity_code'),
    providerRef: payment.id,
    providerPaymentRef: payment.id,
    status,
    amount: status === 'succeeded' ? fromMollieAmount(payment.amount) : null,
    method: paymentMethod(payment.method),
  }
}

function paymentStatus(status: string): ObservedPaymentStatus {
  switch (status) {
    case 'paid':
      return 'succeeded'
    case 'failed':
      return 'failed'
    case 'canceled':
      return 'canceled'
    case 'expired':
      return 'expired'
    case 'pending':
    case 'authorized':
      return 'processing'
    default:
      return 'pending'
  }
}

function paymentMethod(method: unknown): PaymentMethod {
  if (method === 'creditcard') return 'card'
  if (method === 'directdebit') return 'sepa_debit'
  if (method === 'banktransfer') return 'bank_transfer'
  return 'other'
}

function refundStatus(status: string): ReversalObservation['status'] {
  if (status === 'refunded') return 'succeeded'
  if (status === 'failed') return 'failed'
  if (status === 'canceled') return 'canceled'
  return 'pending'
}

function stringMeta(metadata: unknown, key: string): string | null {
  if (!metadata || typeof metadata !== 'object') return null
  const value = (metadata as Record<string, unknown>)[key]
  return typeof value === 'string' && value !== '' ? value : null
}
