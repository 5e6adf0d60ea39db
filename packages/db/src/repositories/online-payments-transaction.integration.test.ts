import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { queryRows, queryRowsPrepared, sqlStateOf } from '../client'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { commitWithNextStatement, pipelinedTransaction } from './online-payments'

// The webhook's transaction sends BEGIN with its first statement and COMMIT with its last one (on PostgreSQL): it
// must still be all or nothing, and leave the pool's connections usable.
describe.each(TEST_DATABASE_KINDS)('pipelinedTransaction on %s', (kind) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    await database.db.execute(sql`create table pipelined_probe (k text primary key)`)
  })
  afterAll(async () => {
    await database?.drop()
  })

  const keys = async (prefix: string) =>
    (await queryRows<{ k: string }>(database.db, sql`select k from pipelined_probe where k like ${`${prefix}%`} order by k`)).map((r) => r.k)

  test('statements before and with COMMIT are committed together, and their rows come back', async () => {
    const answer = await pipelinedTransaction(database.db, async (tx) => {
      const [first] = await queryRowsPrepared<{ k: string }>(tx, sql`insert into pipelined_probe (k) values (${'ok-1'}) returning k`)
      commitWithNextStatement(tx)
      const [second] = await queryRowsPrepared<{ k: string }>(tx, sql`insert into pipelined_probe (k) values (${'ok-2'}) returning k`)
      return [first?.k, second?.k]
    })
    expect(answer).toEqual(['ok-1', 'ok-2'])
    expect(await keys('ok-')).toEqual(['ok-1', 'ok-2'])
  })

  test('a failing statement sent with COMMIT rolls back the whole transaction and its error is thrown', async () => {
    await database.db.execute(sql`insert into pipelined_probe (k) values ('taken')`)
    const error = await pipelinedTransaction(database.db, async (tx) => {
      await queryRowsPrepared(tx, sql`insert into pipelined_probe (k) values (${'lost-1'})`)
      commitWithNextStatement(tx)
      await queryRowsPrepared(tx, sql`insert into pipelined_probe (k) values (${'taken'})`)
    }).catch((e: unknown) => e)
    expect(sqlStateOf(error)).toBe('23505')
    expect(await keys('lost-')).toEqual([])
  })

  test('an error thrown between statements rolls back, and the connections stay usable', async () => {
    const error = await pipelinedTransaction(database.db, async (tx) => {
      await queryRowsPrepared(tx, sql`insert into pipelined_probe (k) values (${'gone-1'})`)
      throw new Error('decided against it')
    }).catch((e: unknown) => e)
    expect((error as Error).message).toBe('decided against it')
    expect(await keys('gone-')).toEqual([])
    // More transactions than the pool has connections, each of them on a connection used before.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pipelinedTransaction(database.db, async (tx) => {
          commitWithNextStatement(tx)
          await queryRowsPrepared(tx, sql`insert into pipelined_probe (k) values (${`after-${String(i).padStart(2, '0')}`})`)
        }),
      ),
    )
    expect(await keys('after-')).toHaveLength(30)
  })

  test('row locks taken in the first statement hold until COMMIT: concurrent increments are not lost', async () => {
    await database.db.execute(sql`insert into pipelined_probe (k) values ('counter:0')`)
    await Promise.all(
      Array.from({ length: 12 }, () =>
        pipelinedTransaction(database.db, async (tx) => {
          const [row] = await queryRowsPrepared<{ k: string }>(tx, sql`select k from pipelined_probe where k like ${'counter:%'} for update`)
          const next = Number(row!.k.split(':')[1]) + 1
          commitWithNextStatement(tx)
          await queryRowsPrepared(tx, sql`update pipelined_probe set k = ${`counter:${next}`} where k = ${row!.k}`)
        }),
      ),
    )
    expect(await keys('counter:')).toEqual(['counter:12'])
  })

  test('inside another transaction it is part of it: rolled back with it', async () => {
    const error = await database.db
      .transaction(async (outer) => {
        await pipelinedTransaction(outer, async (tx) => {
          commitWithNextStatement(tx)
          await queryRowsPrepared(tx, sql`insert into pipelined_probe (k) values (${'nested-1'})`)
        })
        throw new Error('outer gives up')
      })
      .catch((e: unknown) => e)
    expect((error as Error).message).toBe('outer gives up')
    expect(await keys('nested-')).toEqual([])
  })

  test.runIf(kind === 'postgres')('a statement after the one sent with COMMIT is refused', async () => {
    const error = await pipelinedTransaction(database.db, async (tx) => {
      commitWithNextStatement(tx)
      await queryRowsPrepared(tx, sql`insert into pipelined_probe (k) values (${'last-1'})`)
      await queryRowsPrepared(tx, sql`insert into pipelined_probe (k) values (${'last-2'})`)
    }).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/after the one sent with COMMIT/)
    expect(await keys('last-')).toEqual(['last-1'])
  })
})
