import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { consumeRateLimit } from './consume-rate-limit'

describe.each(TEST_DATABASE_KINDS)('rate limits on %s', (kind) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  const rule = { name: 'test', limit: 3, windowSeconds: 60 }

  test('allows the limit, refuses the next hit, and starts again in the next window', async () => {
    const at = new Date('2026-11-23T10:00:05Z')
    const results = []
    for (let i = 0; i < 4; i++) results.push((await consumeRateLimit(database.db, { rule, key: 'ip-1', now: at })).allowed)
    expect(results).toEqual([true, true, true, false])
    expect((await consumeRateLimit(database.db, { rule, key: 'ip-2', now: at })).allowed).toBe(true)
    const next = await consumeRateLimit(database.db, { rule, key: 'ip-1', now: new Date('2026-11-23T10:01:00Z') })
    expect(next.allowed).toBe(true)
  })

  test('counts concurrent hits exactly', async () => {
    const at = new Date('2026-11-23T11:00:00Z')
    const results = await Promise.all(
      Array.from({ length: 10 }, () => consumeRateLimit(database.db, { rule, key: 'burst', now: at })),
    )
    expect(results.filter((r) => r.allowed)).toHaveLength(3)
    expect(results.find((r) => !r.allowed)?.retryAfterSeconds).toBe(60)
  })
})
