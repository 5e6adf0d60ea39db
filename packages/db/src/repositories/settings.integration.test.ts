import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createStaffMember } from '../seed/factories-admin'
import { createBankAccount, createEntity } from '../seed/factories'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import {
  deleteEntityBankAccount,
  listEntitiesForSettings,
  listStaffForAdmin,
  lockEnabledAdmins,
  revokeOtherStaffSessions,
} from './settings'
import { findLiveStaffSession, insertStaffSession } from './staff'

const NOW = new Date('2026-03-01T08:00:00Z')

describe.each(TEST_DATABASE_KINDS)('settings reads and writes on %s', (kind) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('lists entities by code with their bank account count; deleting needs the right entity', async () => {
    const { db } = database
    const b = await createEntity(db, { code: 'B-ENT' })
    const a = await createEntity(db, { code: 'A-ENT' })
    const account = await createBankAccount(db, { entityId: b.id, currency: 'EUR', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' })
    expect((await listEntitiesForSettings(db)).map((e) => [e.code, e.bankAccountCount])).toEqual([
      ['A-ENT', 0],
      ['B-ENT', 1],
    ])
    expect(await deleteEntityBankAccount(db, { entityId: a.id, bankAccountId: account.id })).toBeNull()
    expect((await deleteEntityBankAccount(db, { entityId: b.id, bankAccountId: account.id }))?.id).toBe(account.id)
  })

  test('counts only enabled administrators, and lists enabled staff first', async () => {
    const { db } = database
    const admin = await createStaffMember(db, { role: 'admin', name: 'Zoé Admin' })
    await createStaffMember(db, { role: 'admin', name: 'Aaron Former', disabledAt: NOW })
    await createStaffMember(db, { role: 'collector', name: 'Bea Collector' })
    expect(await db.transaction((tx) => lockEnabledAdmins(tx))).toEqual([admin.id])
    expect((await listStaffForAdmin(db)).map((s) => s.name)).toEqual(['Bea Collector', 'Zoé Admin', 'Aaron Former'])
  })

  test('ends every other session of a staff member and keeps the current one', async () => {
    const { db } = database
    const me = await createStaffMember(db, { role: 'collector' })
    const someoneElse = await createStaffMember(db, { role: 'collector' })
    const session = (byte: number, staffUserId: string) =>
      insertStaffSession(db, { sessionHash: new Uint8Array(32).fill(byte), staffUserId, createdAt: NOW, expiresAt: new Date(NOW.getTime() + 3_600_000), userAgent: null, ipAddress: null })
    const current = await session(1, me.id)
    await session(2, me.id)
    await session(3, me.id)
    await session(4, someoneElse.id)
    expect(await revokeOtherStaffSessions(db, { staffUserId: me.id, keepSessionId: current.id, now: NOW })).toBe(2)
    const live = async (byte: number) => (await findLiveStaffSession(db, { sessionHash: new Uint8Array(32).fill(byte), now: NOW })) !== null
    expect([await live(1), await live(2), await live(3), await live(4)]).toEqual([true, false, false, true])
    expect((await listStaffForAdmin(db)).find((s) => s.id === me.id)?.lastSignInAt).toEqual(NOW)
  })
})
