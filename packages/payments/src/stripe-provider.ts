import type * as StripeModule from 'stripe'
import type Stripe from 'stripe'
import { money } from '@quittance/domain/money/money'
import { fromStripeAmount, toStripeAmount } from '@quittance/domain/payments/provider-amounts'
import type { StripeSettings } from './configuration'
import {
  ProviderError,
  type CheckoutRequest,
  type CheckoutSession,
  type Observation,
  type PaymentProvider,
  type ProviderNotification,
  type RefundRequest,
  type RefundResult,
  type ReversalObservation,
  type WebhookReading,
} from './provider'

/** Stripe's SDKs keep 300 s; so do we (research notes §1.1). */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300

type Session = Stripe.Checkout.Session
type Meta = Record<string, string> | null | undefined

// The SDK (~19 MB of memory) loads with the first call that needs it: a process that never takes a Stripe payment
// (most portal processes of an entity without Stripe, a worker) never pays for it.
let stripeSdk: Promise<typeof StripeModule> | null = null
const loadStripeSdk = () => (stripeSdk ??= import('stripe'))

/** Stripe hosted Checkout, one Checkout Session per attempt. */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const
  #client: Promise<Stripe> | null = null
  readonly #settings: StripeSettings

  constructor(settings: StripeSettings) {
    this.#settings = settings
  }

  #stripe(): Promise<Stripe> {
    this.#client ??= loadStripeSdk().then(({ default: StripeSdk }) => {
      const base = this.#settings.apiBase
      return new StripeSdk(this.#settings.secretKey.reveal(), {
        maxNetworkRetries: 2,
        timeout: this.#settings.timeoutMs,
        telemetry: false,
        ...(base
          ? {
              host: base.hostname,
              port: base.port || (base.protocol === 'https:' ? 443 : 80),
              protocol: base.protocol === 'http:' ? 'http' : 'https',
            }
          : {}),
      })
    })
    return this.#client
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const currency = request.amount.currency.toLowerCase()
    const metadata = { payment_attempt_id: request.attemptId, entity_code: request.entityCode }
    const session = await this.#call((client) =>
      client.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: request.attemptId,
          line_items: request.lines.map((line) => ({
            quantity: 1,
            price_data: {
              currency,
              unit_amount: toStripeAmount(money(line.amountMinor, request.amount.currency)),
              product_data: { name: line.label.slice(0, 250) },
            },
          })),
          metadata,
          payment_intent_data: { metadata, description: request.description.slice(0, 1000) },
          success_url: request.returnUrl,
          cancel_url: request.cancelUrl,
          expires_at: Math.floor(request.expiresAt.getTime() / 1000),
          locale: request.locale,
          ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    )
    if (!session.url)
      throw new ProviderError('stripe', 'rejected', `session ${session.id} has no hosted page`)
    return {
      providerRef: session.id,
      providerPaymentRef: stringId(session.payment_intent),
      checkoutUrl: session.url,
    }
  }

  async readWebhook(input: {
    rawBody: string
    header(name: string): string | null
  }): Promise<WebhookReading> {
    const signature = input.header('stripe-signature')
    if (!signature) return { ok: false, reason: 'missing-signature' }
    let event: Stripe.Event | null = null
    let tooOld = false
    const client = await this.#stripe()
    // The exact bytes Stripe signed: the body is never parsed and re-serialised before this.
    for (const secret of this.#settings.webhookSecrets) {
      try {
        event = client.webhooks.constructEvent(
          input.rawBody,
          signature,
          secret.reveal(),
          STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
        break
      } catch (error) {
        if (/tolerance/i.test((error as Error).message)) tooOld = true
      }
    }
    if (!event) return { ok: false, reason: tooOld ? 'timestamp-outside-tolerance' : 'bad-signature' }
    if (event.livemode !== this.#settings.livemode) return { ok: false, reason: 'mode-mismatch' }
    return {
      ok: true,
      notification: {
        eventId: event.id,
        eventType: event.type,
        livemode: event.livemode,
        observations: observe(event),
      },
    }
  }

  async fetchPayment(providerRef: string): Promise<ProviderNotification | null> {
    if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(providerRef)) return null
    const session = await this.#call((client) => client.checkout.sessions.retrieve(providerRef))
    const observation = observeSession(session, sessionStatus(session))
    return {
      eventId: `fetch:${session.id}:${observation.status}`,
      eventType: 'checkout.session.fetched',
      livemode: session.livemode,
      observations: [observation],
    }
  }

  async createRefund(request: RefundRequest): Promise<RefundResult> {
    const refund = await this.#call((client) =>
      client.refunds.create(
        {
          payment_intent: request.providerPaymentRef,
          amount: toStripeAmount(request.amount),
          metadata: { payment_reversal_id: request.reversalId },
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    )
    return { providerRef: refund.id, status: refundStatus(refund.status) }
  }

  /** Maps the SDK's errors to ours; their messages name the request, never the key. */
  async #call<T>(work: (client: Stripe) => Promise<T>): Promise<T> {
    const client = await this.#stripe()
    const { default: StripeSdk } = await loadStripeSdk()
    try {
      return await work(client)
    } catch (error) {
      if (error instanceof StripeSdk.errors.StripeIdempotencyError) {
        throw new ProviderError('stripe', 'idempotency-conflict', error.message)
      }
      if (
        error instanceof StripeSdk.errors.StripeConnectionError ||
        error instanceof StripeSdk.errors.StripeAPIError ||
        error instanceof StripeSdk.errors.StripeRateLimitError
      ) {
        throw new ProviderError('stripe', 'unavailable', error.message)
      }
      if (error instanceof StripeSdk.errors.StripeError)
        throw new ProviderError('stripe', 'rejected', error.message)
      throw error
    }
  }
}

function observe(event: Stripe.Event): Observation[] {
  const object = event.data.object as unknown as Record<string, unknown>
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = object as unknown as Session
      return [observeSession(session, session.payment_status === 'paid' ? 'succeeded' : 'processing')]
    }
    case 'checkout.session.async_payment_succeeded':
      return [observeSession(object as unknown as Session, 'succeeded', 'sepa_debit')]
    case 'checkout.session.async_payment_failed':
      return [observeSession(object as unknown as Session, 'failed', 'sepa_debit')]
    case 'checkout.session.expired':
      return [observeSession(object as unknown as Session, 'expired')]
    case 'payment_intent.processing':
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const intent = object as unknown as Stripe.PaymentIntent
      const status = (
        {
          'payment_intent.processing': 'processing',
          'payment_intent.succeeded': 'succeeded',
          'payment_intent.payment_failed': 'failed',
          'payment_intent.canceled': 'canceled',
        } as const
      )[event.type]
      return [
        {
          kind: 'payment',
          attemptId: metaOf(intent.metadata, 'payment_attempt_id'),
          entityCode: metaOf(intent.metadata, 'entity_code'),
          providerRef: null,
          providerPaymentRef: intent.id,
          status,
          amount: status === 'succeeded' ? fromStripeAmount(intent.amount_received, intent.currency) : null,
          method:
            intent.payment_method_types?.includes('sepa_debit') &&
            !intent.payment_method_types.includes('card')
              ? 'sepa_debit'
              : 'card',
        },
      ]
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return [observeRefund(object as unknown as Stripe.Refund)]
    case 'charge.refunded': {
      const refunds = (object as { refunds?: { data?: Stripe.Refund[] } }).refunds?.data ?? []
      return refunds.map(observeRefund)
    }
    case 'charge.dispute.created':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated':
    case 'charge.dispute.closed': {
      const dispute = object as unknown as Stripe.Dispute
      const won =
        event.type === 'charge.dispute.funds_reinstated' ||
        (event.type === 'charge.dispute.closed' && dispute.status === 'won')
      return [
        {
          kind: 'chargeback',
          providerRef: dispute.id,
          providerPaymentRef: stringId(dispute.payment_intent),
          attemptId: null,
          reversalId: null,
          amount: fromStripeAmount(dispute.amount, dispute.currency),
          status: won ? 'reversed' : 'succeeded',
        },
      ]
    }
    default:
      return []
  }
}

function observeSession(
  session: Session,
  status: ReturnType<typeof sessionStatus> | 'failed',
  method: 'card' | 'sepa_debit' = status === 'processing' ? 'sepa_debit' : 'card',
): Observation & { kind: 'payment' } {
  return {
    kind: 'payment',
    attemptId: metaOf(session.metadata, 'payment_attempt_id') ?? session.client_reference_id ?? null,
    entityCode: metaOf(session.metadata, 'entity_code'),
    providerRef: session.id,
    providerPaymentRef: stringId(session.payment_intent),
    status,
    amount:
      status === 'succeeded' && session.amount_total !== null && session.currency
        ? fromStripeAmount(session.amount_total, session.currency)
        : null,
    method,
  }
}

function sessionStatus(session: Session): 'pending' | 'processing' | 'succeeded' | 'expired' {
  if (session.status === 'expired') return 'expired'
  if (session.status === 'complete') return session.payment_status === 'paid' ? 'succeeded' : 'processing'
  return 'pending'
}

function observeRefund(refund: Stripe.Refund): ReversalObservation {
  return {
    kind: 'refund',
    providerRef: refund.id,
    providerPaymentRef: stringId(refund.payment_intent),
    attemptId: null,
    reversalId: metaOf(refund.metadata, 'payment_reversal_id'),
    amount: fromStripeAmount(refund.amount, refund.currency),
    status: refundStatus(refund.status),
  }
}

function refundStatus(status: string | null): ReversalObservation['status'] {
  if (status === 'succeeded') return 'succeeded'
  if (status === 'failed') return 'failed'
  if (status === 'canceled') return 'canceled'
  return 'pending'
}

function metaOf(metadata: Meta | Stripe.Metadata, key: string): string | null {
  const value = (metadata as Record<string, string> | null | undefined)?.[key]
  return typeof value === 'string' && value !== '' ? value : null
}

function stringId(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string')
    return (value as { id: string }).id
  return null
}
