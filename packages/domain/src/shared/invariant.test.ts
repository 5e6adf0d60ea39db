import { describe, expect, test } from 'vitest'
import { invariant } from './invariant'

describe('invariant', () => {
  test.each([true, 1, 'x', {}])('does nothing when the condition %j holds', (condition) => {
    expect(() => invariant(condition, 'never')).not.toThrow()
  })

  test.each([false, 0, '', null, undefined])(
    'throws an Error with the message when the condition is %j',
    (condition) => {
      expect(() => invariant(condition, 'amount must be an integer')).toThrow(/amount must be an integer/)
    },
  )
})
