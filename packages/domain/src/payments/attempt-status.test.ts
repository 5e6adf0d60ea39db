import { describe, expect, test } from 'vitest'
import { attemptTransition, isAwaitingConfirmation, isFinalAttemptStatus } from './attempt-status'

describe('payment attempt states only move forward', () => {
  test.each([
    { current: 'created', observed: 'pending', kind: 'advance' },
    { current: 'pending', observed: 'processing', kind: 'advance' },
    { current: 'processing', observed: 'succeeded', kind: 'advance' },
    { current: 'processing', observed: 'failed', kind: 'advance' },
    { current: 'pending', observed: 'expired', kind: 'advance' },
    { current: 'expired', observed: 'succeeded', kind: 'advance' },
    { current: 'succeeded', observed: 'failed', kind: 'stale' },
    { current: 'succeeded', observed: 'processing', kind: 'stale' },
    { current: 'failed', observed: 'expired', kind: 'stale' },
    { current: 'processing', observed: 'pending', kind: 'stale' },
    { current: 'succeeded', observed: 'succeeded', kind: 'same' },
  ] as const)('$current then $observed: $kind', ({ current, observed, kind }) => {
    expect(attemptTransition(current, observed).kind).toBe(kind)
  })

  test('tells final and waiting states apart', () => {
    expect(isFinalAttemptStatus('succeeded')).toBe(true)
    expect(isFinalAttemptStatus('processing')).toBe(false)
    expect(isAwaitingConfirmation('processing')).toBe(true)
    expect(isAwaitingConfirmation('created')).toBe(false)
  })
})
