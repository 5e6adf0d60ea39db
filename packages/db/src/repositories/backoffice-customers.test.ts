import { describe, expect, test } from 'vitest'
import { concatenatedPage, COUNT_FIRST_FROM } from './backoffice-customers'

// Two sorted parts read as one list (owing, then owing nothing): every page must be the same slice of the whole.
describe('concatenatedPage', () => {
  const part = (prefix: string, size: number) => Array.from({ length: size }, (_, i) => `${prefix}${i}`)
  const reader = (rows: string[], calls: string[], name: string) => ({
    read: async (page: { limit: number; offset: number }) => {
      calls.push(`${name}:${page.offset}`)
      return rows.slice(page.offset, page.offset + page.limit)
    },
    count: async () => {
      calls.push(`count-${name}`)
      return rows.length
    },
  })

  test.each([
    [0, 0],
    [3, 0],
    [0, 7],
    [120, 35],
    [COUNT_FIRST_FROM - 20, 300],
    [COUNT_FIRST_FROM + 17, 250],
  ])('pages of %i + %i rows are slices of the concatenation', async (sizeA, sizeB) => {
    const a = part('a', sizeA)
    const b = part('b', sizeB)
    const whole = [...a, ...b]
    for (const limit of [1, 7, 50]) {
      for (const offset of [0, 1, 49, 50, sizeA - 1, sizeA, sizeA + 3, COUNT_FIRST_FROM, COUNT_FIRST_FROM + 40, whole.length + 10]) {
        if (offset < 0) continue
        const calls: string[] = []
        const first = reader(a, calls, 'a')
        const second = reader(b, calls, 'b')
        const rows = await concatenatedPage(first.read, first.count, second.read, { limit, offset })
        expect(rows, `limit ${limit} offset ${offset}`).toEqual(whole.slice(offset, offset + limit))
      }
    }
  })

  test('deep pages count the first part instead of walking it', async () => {
    const calls: string[] = []
    const first = reader(part('a', 1200), calls, 'a')
    const second = reader(part('b', 5000), calls, 'b')
    await concatenatedPage(first.read, first.count, second.read, { limit: 50, offset: 3000 })
    expect(calls).toEqual(['count-a', 'b:1800'])
  })
})
