import type { Db } from '@quittance/db/client'
import { recordAttemptCheckout } from '@quittance/db/repositories/online-payments'

/** What openCheckout records once Stripe has opened the session; the benchmark skips the provider call. */
export async function recordAttemptCheckoutForBench(db: Db, attempt: { id: string; sessionId: string }) {
  await recordAttemptCheckout(db, {
    attemptId: attempt.id,
    providerRef: attempt.sessionId,
    providerPaymentRef: null,
    checkoutUrl: `https://checkout.stripe.test/${attempt.sessionId}`,
  })
}
