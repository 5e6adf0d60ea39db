import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { findAttemptById, findAttemptForCustomer } from '@quittance/db/repositories/online-payments'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { openCheckout } from './open-checkout'

/**
 * "Continue to payment" on an attempt whose checkout could not be opened (the provider timed out) or is still
 * open: the same attempt, the same idempotency key, so the provider answers with the same checkout.
 */
export async function continueOnlinePayment(
  db: Db,
  gateway: PaymentGateway,
  input: { attemptId: string; customerId: string; portalUrl: string; logger?: (line: Record<string, unknown>) => void },
): Promise<Result<{ redirectTo: string }, 'not-found' | 'not-continuable' | 'provider-unavailable' | 'provider-refused'>> {
  const owned = await findAttemptForCustomer(db, input)
  if (!owned) return err('not-found')
  if (owned.provider === 'bank_transfer') return err('not-continuable')
  if (owned.status === 'pending' && owned.checkoutUrl) return ok({ redirectTo: owned.checkoutUrl })
  if (owned.status !== 'created') return err('not-continuable')
  const attempt = (await findAttemptById(db, owned.id))!
  const opened = await openCheckout(db, gateway, { attempt, entityCode: owned.entityCode, portalUrl: input.portalUrl, logger: input.logger })
  if (!opened.ok) return err(opened.error === 'provider-unavailable' ? 'provider-unavailable' : 'provider-refused')
  return ok({ redirectTo: opened.checkoutUrl })
}
