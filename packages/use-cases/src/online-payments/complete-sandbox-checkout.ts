import type { Db } from '@quittance/db/client'
import { findAttemptForCustomer } from '@quittance/db/repositories/online-payments'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { SANDBOX_SIGNATURE_HEADER, SandboxProvider, type SandboxOutcome } from '@quittance/payments/sandbox-provider'
import { receiveProviderWebhook } from './receive-provider-webhook'

/**
 * The sandbox's pretend checkout: the debtor pressed Pay, Fail or "stays pending". The sandbox signs the event a
 * provider would send and it goes through the webhook path like any other (verified, stored once, forward-only).
 */
export async function completeSandboxCheckout(
  db: Db,
  gateway: PaymentGateway,
  input: { attemptId: string; customerId: string; outcome: SandboxOutcome; now: Date; ipAddress: string | null },
): Promise<'applied' | 'not-found' | 'not-sandbox' | 'refused'> {
  const attempt = await findAttemptForCustomer(db, input)
  if (!attempt) return 'not-found'
  const sandbox = gateway.forEntity(attempt.entityCode).provider('sandbox')
  if (attempt.provider !== 'sandbox' || !attempt.providerRef || !(sandbox instanceof SandboxProvider)) return 'not-sandbox'
  const { rawBody, signature } = sandbox.signOutcome({
    attemptId: attempt.id,
    providerRef: attempt.providerRef,
    entityCode: attempt.entityCode,
    currency: attempt.currency,
    amountMinor: attempt.amountMinor,
    outcome: input.outcome,
  })
  const answer = await receiveProviderWebhook(db, gateway, {
    provider: 'sandbox',
    entityCode: attempt.entityCode,
    rawBody,
    header: (name) => (name.toLowerCase() === SANDBOX_SIGNATURE_HEADER ? signature : null),
    now: input.now,
    ipAddress: input.ipAddress,
  })
  return answer.status === 200 ? 'applied' : 'refused'
}
