import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findStaffCredentialsByEmail, updateStaffUser } from '@quittance/db/repositories/staff'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { createStaffUser } from './create-staff-user'
import { resolveStaffSession } from './resolve-staff-session'
import { signInStaff } from './sign-in-staff'
import { signOutStaff } from './sign-out-staff'

const NOW = new Date('2026-11-23T09:00:00Z')
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000)
const PASSWORD = 'correct horse battery staple'
const client = { userAgent: 'test', ipAddress: '198.51.100.4', previousSessionToken: null }

describe.each(TEST_DATABASE_KINDS)('staff sign-in on %s', (kind) => {
  let database: TestDatabase
  let n = 0
  const newUser = async (role: 'admin' | 'collector' = 'collector') => {
    const email = `user${++n}@quittance.test`
    const created = await createStaffUser(database.db, { email, name: `User ${n}`, role, password: PASSWORD, locale: 'fr', actor: { type: 'system', id: null } })
    if (!created.ok) throw new Error(created.error)
    return { email, id: created.value.id }
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('stores the password as argon2id with at least 19 MiB, 2 passes', async () => {
    const { email } = await newUser()
    const stored = await findStaffCredentialsByEmail(database.db, email)
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(stored?.passwordHash).not.toContain(PASSWORD)
  })

  test('refuses a second account with the same e-mail, whatever its case, and short passwords', async () => {
    const { email } = await newUser()
    const again = await createStaffUser(database.db, { email: email.toUpperCase(), name: 'X', role: 'admin', password: PASSWORD, locale: 'en', actor: { type: 'system', id: null } })
    expect(again).toEqual({ ok: false, error: 'email-taken' })
    const short = await createStaffUser(database.db, { email: 'short@quittance.test', name: 'X', role: 'admin', password: 'short', locale: 'en', actor: { type: 'system', id: null } })
    expect(short).toEqual({ ok: false, error: 'password-too-short' })
  })

  test('signs in with the right password, and answers the same for an unknown e-mail and a wrong password', async () => {
    const { email, id } = await newUser()
    const signedIn = await signInStaff(database.db, { email: email.toUpperCase(), password: PASSWORD, now: NOW, ...client })
    expect(signedIn.ok && signedIn.value.staff.id).toBe(id)
    const wrong = await signInStaff(database.db, { email, password: 'wrong password!!', now: NOW, ...client })
    const unknown = await signInStaff(database.db, { email: 'nobody@quittance.test', password: PASSWORD, now: NOW, ...client })
    expect(wrong).toEqual({ ok: false, error: 'invalid-credentials' })
    expect(unknown).toEqual(wrong)
  })

  test('locks the account after 5 wrong passwords, with a longer lock each time', async () => {
    const { email } = await newUser()
    for (let i = 0; i < 5; i++) await signInStaff(database.db, { email, password: 'nope nope nope', now: NOW, ...client })
    expect(await signInStaff(database.db, { email, password: PASSWORD, now: at(0.5), ...client })).toEqual({ ok: false, error: 'locked' })
    expect((await signInStaff(database.db, { email, password: PASSWORD, now: at(1.5), ...client })).ok).toBe(true)
  })

  test('rotates the session on sign-in and ends every session on "sign out everywhere"', async () => {
    const { email, id } = await newUser()
    const first = await signInStaff(database.db, { email, password: PASSWORD, now: NOW, ...client })
    if (!first.ok) throw new Error('sign-in failed')
    const second = await signInStaff(database.db, { email, password: PASSWORD, now: at(1), ...client, previousSessionToken: first.value.sessionToken })
    const other = await signInStaff(database.db, { email, password: PASSWORD, now: at(1), ...client })
    if (!second.ok || !other.ok) throw new Error('sign-in failed')
    expect(await resolveStaffSession(database.db, { sessionToken: first.value.sessionToken, now: at(2) })).toBeNull()
    expect((await resolveStaffSession(database.db, { sessionToken: second.value.sessionToken, now: at(2) }))?.id).toBe(id)

    await signOutStaff(database.db, { sessionToken: second.value.sessionToken, staffUserId: id, everywhere: true, now: at(3) })
    expect(await resolveStaffSession(database.db, { sessionToken: second.value.sessionToken, now: at(4) })).toBeNull()
    expect(await resolveStaffSession(database.db, { sessionToken: other.value.sessionToken, now: at(4) })).toBeNull()
  })

  test('a disabled account can neither sign in nor keep its sessions', async () => {
    const { email, id } = await newUser()
    const signedIn = await signInStaff(database.db, { email, password: PASSWORD, now: NOW, ...client })
    if (!signedIn.ok) throw new Error('sign-in failed')
    await updateStaffUser(database.db, id, { disabledAt: at(1) })
    expect(await resolveStaffSession(database.db, { sessionToken: signedIn.value.sessionToken, now: at(2) })).toBeNull()
    expect(await signInStaff(database.db, { email, password: PASSWORD, now: at(2), ...client })).toEqual({ ok: false, error: 'invalid-credentials' })
  })

  test('a session ends after 2 idle hours', async () => {
    const { email } = await newUser()
    const signedIn = await signInStaff(database.db, { email, password: PASSWORD, now: NOW, ...client })
    if (!signedIn.ok) throw new Error('sign-in failed')
    expect(await resolveStaffSession(database.db, { sessionToken: signedIn.value.sessionToken, now: at(119) })).not.toBeNull()
    expect(await resolveStaffSession(database.db, { sessionToken: signedIn.value.sessionToken, now: at(119 + 121) })).toBeNull()
  })
})
