/** The life of an online payment attempt, as stored (see the payment_attempt_status enum). */
export const ATTEMPT_STATUSES = ['created', 'pending', 'processing', 'failed', 'expired', 'canceled', 'succeeded'] as const
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number]

// Forward only. A provider may deliver events late or out of order, so the state never goes back: a late
// "processing" or "failed" never undoes "succeeded". Money received is a fact, so "succeeded" outranks the other
// final states (a provider confirming a payment we had seen expire still gets it recorded).
const RANK: Readonly<Record<AttemptStatus, number>> = {
  created: 0,
  pending: 1,
  processing: 2,
  failed: 3,
  expired: 3,
  canceled: 3,
  succeeded: 4,
}

export type AttemptTransition =
  | { kind: 'advance'; from: AttemptStatus; to: AttemptStatus }
  | { kind: 'same'; status: AttemptStatus }
  | { kind: 'stale'; current: AttemptStatus; observed: AttemptStatus }

export function attemptTransition(current: AttemptStatus, observed: AttemptStatus): AttemptTransition {
  if (current === observed) return { kind: 'same', status: current }
  if (RANK[observed] > RANK[current]) return { kind: 'advance', from: current, to: observed }
  return { kind: 'stale', current, observed }
}

export function isFinalAttemptStatus(status: AttemptStatus): boolean {
  return RANK[status] >= 3
}

/** What the debtor's page shows while the provider has not confirmed anything. */
export function isAwaitingConfirmation(status: AttemptStatus): boolean {
  return status === 'pending' || status === 'processing'
}

export function isAttemptStatus(value: string): value is AttemptStatus {
  return (ATTEMPT_STATUSES as readonly string[]).includes(value)
}
