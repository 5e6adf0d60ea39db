import { describe, expect, test } from 'vitest'
import { diffJson } from './json-diff'

describe('before/after diff of audit events', () => {
  test.each([
    {
      name: 'a changed field',
      before: { role: 'collector' },
      after: { role: 'auditor' },
      lines: [{ path: 'role', kind: 'changed', before: '"collector"', after: '"auditor"' }],
    },
    {
      name: 'a creation',
      before: null,
      after: { email: 'a@b.c', n: 2 },
      lines: [
        { path: 'email', kind: 'added', before: null, after: '"a@b.c"' },
        { path: 'n', kind: 'added', before: null, after: '2' },
      ],
    },
    {
      name: 'a removal with nested values',
      before: { account: { iban: 'FR76…', currency: 'EUR' } },
      after: null,
      lines: [
        { path: 'account.iban', kind: 'removed', before: '"FR76…"', after: null },
        { path: 'account.currency', kind: 'removed', before: '"EUR"', after: null },
      ],
    },
    {
      name: 'arrays and unchanged values',
      before: { addressLines: ['a'], city: 'Lyon' },
      after: { addressLines: ['a', 'b'], city: 'Lyon' },
      lines: [
        { path: 'addressLines', kind: 'changed', before: '["a"]', after: '["a","b"]' },
        { path: 'city', kind: 'unchanged', before: '"Lyon"', after: '"Lyon"' },
      ],
    },
    { name: 'nothing', before: null, after: null, lines: [] },
    { name: 'a scalar', before: 1, after: 2, lines: [{ path: '(value)', kind: 'changed', before: '1', after: '2' }] },
  ])('$name', ({ before, after, lines }) => {
    expect(diffJson(before, after)).toEqual({ lines, truncated: false })
  })

  test('keeps markup as text and shortens very long values', () => {
    const { lines } = diffJson(null, { note: '<script>alert(1)</script>', long: 'x'.repeat(2000) })
    expect(lines[0]?.after).toBe('"<script>alert(1)</script>"')
    expect(lines[1]?.after?.length).toBe(501)
  })

  test('caps the number of lines', () => {
    const big = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))
    expect(diffJson(null, big)).toMatchObject({ truncated: true })
    expect(diffJson(null, big).lines).toHaveLength(60)
  })
})
