import { randomUUID } from 'node:crypto'
import { money } from '@quittance/domain/money/money'
import type { CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import {
  findEntityByCode,
  findReversal,
  insertReversal,
  lockPaymentForReversal,
  sumOpenReversals,
} from '@quittance/db/repositories/online-payments'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { ProviderError } from '@quittance/payments/provider'
import { applyProviderNotification } from './apply-provider-notification'

export type RefundError = 'payment-not-found' | 'not-refundable' | 'amount-not-positive' | 'exceeds-refundable' | 'provider-unavailable' | 'provider-refused'

/**
 * Refunds (part of) an online payment. The refund row is written first and gives the provider's idempotency key;
 * a request that timed out is retried with `reversalId`, which sends the same key, so the provider makes one refund.
 * More than what was captured and not yet refunded or charged back is refused here, before any call.
 */
export async function refundOnlinePayment(
  db: Db,
  gateway: PaymentGateway,
  input: {
    entityCode: string
    paymentId?: string
    amountMinor?: number
    /** Retry of a refund already asked for. */
    reversalId?: string
    actor: { type: 'staff' | 'system'; id: string | null }
    now: Date
  },
): Promise<Result<{ reversalId: string; status: string }, RefundError>> {
  const entity = await findEntityByCode(db, input.entityCode)
  if (!entity) return err('payment-not-found')
  let reversalId = input.reversalId ?? null
  if (!reversalId) {
    const created = await db.transaction(async (tx): Promise<Result<string, RefundError>> => {
      const payment = input.paymentId ? await lockPaymentForReversal(tx, { paymentId: input.paymentId }) : null
      if (!payment || payment.entityId !== entity.id) return err('payment-not-found')
      if (!['stripe', 'mollie', 'sandbox'].includes(payment.provider) || !payment.providerRef) return err('not-refundable')
      const amountMinor = input.amountMinor ?? 0
      if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) return err('amount-not-positive')
      const refundable = payment.amountMinor - (await sumOpenReversals(tx, payment.id))
      if (amountMinor > refundable) return err('exceeds-refundable')
      const id = randomUUID()
      await insertReversal(tx, {
        id,
        paymentId: payment.id,
        entityId: payment.entityId,
        customerId: payment.customerId,
        kind: 'refund',
        status: 'requested',
        provider: payment.provider as CheckoutProvider,
        providerRef: null,
        idempotencyKey: `refund_${id}`,
        currency: payment.currency,
        amountMinor,
        reason: null,
      })
      await insertAuditEvent(tx, {
        actorType: input.actor.type,
        actorId: input.actor.id,
        action: 'payment.refund.requested',
        subjectType: 'payment',
        subjectId: payment.id,
        entityId: payment.entityId,
        customerId: payment.customerId,
        after: { reversal: id, amount: money(amountMinor, payment.currency) },
      })
      return ok(id)
    })
    if (!created.ok) return created
    reversalId = created.value
  }

  const reversal = await findReversal(db, reversalId)
  if (!reversal || reversal.entityId !== entity.id || reversal.kind !== 'refund' || !reversal.idempotencyKey) return err('payment-not-found')
  if (reversal.status !== 'requested') return ok({ reversalId, status: reversal.status })
  const payment = await lockPaymentForReversal(db, { paymentId: reversal.paymentId })
  const provider = gateway.forEntity(entity.code).provider(reversal.provider as CheckoutProvider)
  if (!payment?.providerRef || !provider) return err('not-refundable')
  try {
    const result = await provider.createRefund({
      providerPaymentRef: payment.providerRef,
      amount: money(reversal.amountMinor, reversal.currency),
      idempotencyKey: reversal.idempotencyKey,
      reversalId,
    })
    // The provider's answer goes through the notification path: one state machine for refunds, whoever tells first.
    await applyProviderNotification(db, {
      entity,
      provider: reversal.provider,
      notification: {
        eventId: `refund-response:${result.providerRef}:${result.status}`,
        eventType: 'refund.response',
        livemode: null,
        observations: [
          {
            kind: 'refund',
            providerRef: result.providerRef,
            providerPaymentRef: payment.providerRef,
            attemptId: null,
            reversalId,
            amount: money(reversal.amountMinor, reversal.currency),
            status: result.status,
          },
        ],
      },
      rawBody: JSON.stringify({ refund: result.providerRef, status: result.status }),
      now: input.now,
    })
    return ok({ reversalId, status: result.status })
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error
    return err(error.kind === 'unavailable' ? 'provider-unavailable' : 'provider-refused')
  }
}
