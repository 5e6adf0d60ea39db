import type { CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import type { Db } from '@quittance/db/client'
import { findAttemptForCustomer, findEntityByCode } from '@quittance/db/repositories/online-payments'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { ProviderError } from '@quittance/payments/provider'
import { applyProviderNotification, type NotificationOutcome } from './apply-provider-notification'

/**
 * A server-side status fetch ("check now" on the processing page, or a reconciliation run): what the provider
 * says with our key is applied through the same path as a webhook, so it can never apply twice.
 */
export async function refreshOnlinePayment(
  db: Db,
  gateway: PaymentGateway,
  input: { attemptId: string; customerId: string; now: Date },
): Promise<NotificationOutcome | 'not-found' | 'nothing-to-fetch' | 'provider-unavailable'> {
  const attempt = await findAttemptForCustomer(db, input)
  if (!attempt) return 'not-found'
  if (attempt.provider === 'bank_transfer' || !attempt.providerRef) return 'nothing-to-fetch'
  const entity = await findEntityByCode(db, attempt.entityCode)
  const provider = gateway.forEntity(attempt.entityCode).provider(attempt.provider as CheckoutProvider)
  if (!entity || !provider) return 'nothing-to-fetch'
  try {
    const notification = await provider.fetchPayment(attempt.providerRef)
    if (!notification) return 'nothing-to-fetch'
    return await applyProviderNotification(db, {
      entity,
      provider: attempt.provider,
      notification,
      rawBody: JSON.stringify({ fetched: notification.eventId }),
      now: input.now,
    })
  } catch (error) {
    if (error instanceof ProviderError) return 'provider-unavailable'
    throw error
  }
}
