import { describe, expect, test } from 'vitest'
import { err, ok } from './result'
import type { Result } from './result'

describe('Result', () => {
  test('wraps a success value', () => {
    expect(ok(42)).toEqual({ ok: true, value: 42 })
  })

  test('wraps an expected failure', () => {
    expect(err('invalid-date')).toEqual({ ok: false, error: 'invalid-date' })
  })

  test('narrows on the ok flag', () => {
    const parse = (s: string): Result<number, 'nan'> => (/^\d+$/.test(s) ? ok(Number(s)) : err('nan'))
    const results = ['12', 'x'].map(parse)
    expect(results.map((r) => (r.ok ? r.value : r.error))).toEqual([12, 'nan'])
  })
})
