import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { money } from '@quittance/domain/money/money'
import type { Secret } from './secret'
import type {
  CheckoutRequest,
  CheckoutSession,
  ObservedPaymentStatus,
  PaymentProvider,
  ProviderNotification,
  RefundRequest,
  RefundResult,
  WebhookReading,
} from './provider'

export const SANDBOX_SIGNATURE_HEADER = 'quittance-sandbox-signature'
const TOLERANCE_SECONDS = 300

/** What the sandbox's pretend checkout reports: the debtor chose to pay, to fail, or to leave it pending (SEPA). */
export type SandboxOutcome = 'succeeded' | 'failed' | 'processing'

type SandboxEvent = {
  id: string
  type: `payment.${ObservedPaymentStatus}`
  data: { attemptId: string; providerRef: string; entityCode: string; currency: string; amountMinor: number }
}

/**
 * The built-in pretend provider of the embedded default: its "hosted checkout" is a clearly labelled portal page
 * with buttons to succeed, fail or stay pending, and it notifies through the same path as real providers: a signed
 * event, verified, stored once and applied forward-only. No money moves.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const

  constructor(
    private readonly secret: Secret,
    /** The portal's public URL: the sandbox's checkout is a portal page. */
    private readonly portalUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const providerRef = `sbx_${request.attemptId.replace(/-/g, '')}`
    return {
      providerRef,
      providerPaymentRef: providerRef,
      checkoutUrl: `${this.portalUrl}/${request.locale}/pay/sandbox/${request.attemptId}`,
    }
  }

  /** The sandbox page calls this when the debtor presses a button: the body and header a real provider would send. */
  signOutcome(input: {
    attemptId: string
    providerRef: string
    entityCode: string
    currency: string
    amountMinor: number
    outcome: SandboxOutcome
  }): { rawBody: string; signature: string } {
    const event: SandboxEvent = {
      id: `sbxevt_${randomBytes(12).toString('hex')}`,
      type: `payment.${input.outcome}`,
      data: {
        attemptId: input.attemptId,
        providerRef: input.providerRef,
        entityCode: input.entityCode,
        currency: input.currency,
        amountMinor: input.amountMinor,
      },
    }
    const rawBody = JSON.stringify(event)
    const timestamp = Math.floor(this.now().getTime() / 1000)
    return { rawBody, signature: `t=${timestamp},v1=${this.#sign(timestamp, rawBody)}` }
  }

  async readWebhook(input: { rawBody: string; header(name: string): string | null }): Promise<WebhookReading> {
    const header = input.header(SANDBOX_SIGNATURE_HEADER)
    if (!header) return { ok: false, reason: 'missing-signature' }
    const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header)
    if (!match) return { ok: false, reason: 'bad-signature' }
    const timestamp = Number(match[1])
    const expected = Buffer.from(this.#sign(timestamp, input.rawBody), 'hex')
    if (!timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))) return { ok: false, reason: 'bad-signature' }
    if (Math.abs(this.now().getTime() / 1000 - timestamp) > TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp-outside-tolerance' }
    let event: SandboxEvent
    try {
      event = JSON.parse(input.rawBody) as SandboxEvent
    } catch {
      return { ok: false, reason: 'malformed' }
    }
    const status = event.type.slice('payment.'.length) as ObservedPaymentStatus
    return {
      ok: true,
      notification: {
        eventId: event.id,
        eventType: event.type,
        livemode: false,
        observations: [
          {
            kind: 'payment',
            attemptId: event.data.attemptId,
            entityCode: event.data.entityCode,
            providerRef: event.data.providerRef,
            providerPaymentRef: event.data.providerRef,
            status,
            amount: status === 'succeeded' ? money(event.data.amountMinor, event.data.currency) : null,
            method: 'other',
          },
        ],
      },
    }
  }

  async fetchPayment(): Promise<ProviderNotification | null> {
    // The sandbox keeps no state of its own: what the debtor chose is only ever told by its signed event.
    return null
  }

  async createRefund(request: RefundRequest): Promise<RefundResult> {
    return { providerRef: `sbxre_${request.reversalId.replace(/-/g, '')}`, status: 'succeeded' }
  }

  #sign(timestamp: number, rawBody: string): string {
    return createHmac('sha256', this.secret.reveal()).update(`${timestamp}.${rawBody}`).digest('hex')
  }
}
