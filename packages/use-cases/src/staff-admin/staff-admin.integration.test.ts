import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { findStaffUser } from '@quittance/db/repositories/staff'
import { createStaffMember as createStaffRow } from '@quittance/db/seed/factories-admin'
import { openDatabase } from '@quittance/db/client'
import { listAuditEvents } from '@quittance/db/repositories/audit-log'
import { tableAsText } from '@quittance/db/testing/inspect'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { resolveStaffSession } from '../staff-auth/resolve-staff-session'
import { signInStaff } from '../staff-auth/sign-in-staff'
import { changeOwnLocale } from './change-own-locale'
import { changeOwnPassword } from './change-own-password'
import { changeStaffRole } from './change-staff-role'
import { createStaffMember } from './create-staff-member'
import { setStaffAccess } from './set-staff-access'

const NOW = new Date('2026-03-01T09:00:00Z')
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000)
const PASSWORD = 'correct horse battery staple'
const client = { userAgent: 'test', ipAddress: '198.51.100.4', previousSessionToken: null }

describe.each(TEST_DATABASE_KINDS)('staff administration on %s', (kind) => {
  let database: TestDatabase
  let admin: { id: string }
  let n = 0

  const newMember = async (role: 'admin' | 'collector' | 'auditor' = 'collector', password: string | null = PASSWORD) => {
    const email = `member${++n}@quittance.test`
    const created = await createStaffMember(database.db, { name: `Member ${n}`, email, role, locale: 'en', password, actor: admin })
    if (!created.ok) throw new Error(created.error)
    return { id: created.value.id, email, generatedPassword: created.value.generatedPassword }
  }
  const signIn = async (email: string, password = PASSWORD, now = NOW) => {
    const result = await signInStaff(database.db, { email, password, now, ...client })
    if (!result.ok) throw new Error(result.error)
    return result.value.sessionToken
  }
  const alive = async (token: string, now = at(1)) => (await resolveStaffSession(database.db, { sessionToken: token, now })) !== null
  const eventsAbout = async (id: string) =>
    (await listAuditEvents(database.db, { filters: { subjectType: 'staff_user', subjectId: id }, cursor: { kind: 'first' }, limit: 50 })).rows

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    admin = await createStaffRow(database.db, { role: 'admin', name: 'First Admin' })
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('creates an account with a chosen password, or generates one shown once and never stored in clear', async () => {
    const chosen = await newMember('collector', PASSWORD)
    expect(chosen.generatedPassword).toBeNull()
    expect(await alive(await signIn(chosen.email))).toBe(true)
    const generated = await newMember('auditor', null)
    expect(generated.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/)
    expect(await alive(await signIn(generated.email, generated.generatedPassword!))).toBe(true)
    const event = (await eventsAbout(generated.id)).find((e) => e.action === 'staff.created')
    expect(event).toMatchObject({ action: 'staff.created', actorId: admin.id, after: { role: 'auditor', locale: 'en' } })
    const audit = (await tableAsText(database.db, 'audit_events')).join('\n')
    expect(audit).not.toContain(generated.generatedPassword!)
    expect(audit).not.toContain(PASSWORD)
    expect(audit).not.toContain('$argon2')
  })

  test.each([
    { name: 'a short password', input: { password: 'short' }, error: 'password-too-short' },
    { name: 'an unsupported language', input: { locale: 'it' }, error: 'invalid-locale' },
    { name: 'an empty name', input: { name: '  ' }, error: 'invalid-name' },
    { name: 'a bad e-mail', input: { email: 'nobody' }, error: 'invalid-email' },
    { name: 'an e-mail already used', input: { email: 'MEMBER1@quittance.test' }, error: 'email-taken' },
  ])('refuses $name', async ({ input, error }) => {
    const result = await createStaffMember(database.db, {
      name: 'New Person',
      email: `new-${++n}@quittance.test`,
      role: 'collector',
      locale: 'fr',
      password: PASSWORD,
      actor: admin,
      ...input,
    })
    expect(result).toEqual({ ok: false, error })
  })

  test('changes a role, effective on the next request, and records before and after', async () => {
    const member = await newMember('collector')
    const token = await signIn(member.email)
    expect(await changeStaffRole(database.db, { staffUserId: member.id, role: 'auditor', actor: admin })).toEqual({ ok: true, value: { changed: true } })
    expect((await resolveStaffSession(database.db, { sessionToken: token, now: at(1) }))?.role).toBe('auditor')
    expect((await eventsAbout(member.id))[0]).toMatchObject({ action: 'staff.role_changed', before: { role: 'collector' }, after: { role: 'auditor' } })
    expect(await changeStaffRole(database.db, { staffUserId: member.id, role: 'auditor', actor: admin })).toEqual({ ok: true, value: { changed: false } })
  })

  test('an administrator can neither demote nor disable themselves', async () => {
    expect(await changeStaffRole(database.db, { staffUserId: admin.id, role: 'collector', actor: admin })).toEqual({ ok: false, error: 'self' })
    expect(await setStaffAccess(database.db, { staffUserId: admin.id, enabled: false, actor: admin, now: NOW })).toEqual({ ok: false, error: 'self' })
    expect((await findStaffUser(database.db, admin.id))?.role).toBe('admin')
  })

  test('only an enabled administrator may change roles or access, even when a route forgot to check', async () => {
    const collector = await newMember('collector')
    const other = await newMember('collector')
    expect(await changeStaffRole(database.db, { staffUserId: other.id, role: 'admin', actor: collector })).toEqual({ ok: false, error: 'actor-not-admin' })
    expect(await setStaffAccess(database.db, { staffUserId: other.id, enabled: false, actor: collector, now: NOW })).toEqual({ ok: false, error: 'actor-not-admin' })
    expect(await changeStaffRole(database.db, { staffUserId: '00000000-0000-4000-8000-000000000000', role: 'admin', actor: admin })).toEqual({ ok: false, error: 'not-found' })
  })

  test('disabling ends every session at once; enabling lets the person sign in again', async () => {
    const member = await newMember('collector')
    const phone = await signIn(member.email)
    const laptop = await signIn(member.email)
    expect(await setStaffAccess(database.db, { staffUserId: member.id, enabled: false, actor: admin, now: NOW })).toEqual({ ok: true, value: { changed: true, endedSessions: 2 } })
    expect([await alive(phone), await alive(laptop)]).toEqual([false, false])
    expect(await signInStaff(database.db, { email: member.email, password: PASSWORD, now: at(2), ...client })).toEqual({ ok: false, error: 'invalid-credentials' })
    expect(await setStaffAccess(database.db, { staffUserId: member.id, enabled: true, actor: admin, now: at(3) })).toEqual({ ok: true, value: { changed: true, endedSessions: 0 } })
    expect(await alive(await signIn(member.email, PASSWORD, at(4)), at(5))).toBe(true)
    const access = (await eventsAbout(member.id)).filter((e) => e.action === 'staff.enabled' || e.action === 'staff.disabled')
    expect(access.map((e) => [e.action, e.after])).toEqual([
      ['staff.enabled', { disabledAt: null }],
      ['staff.disabled', { disabledAt: NOW.toISOString(), endedSessions: 2 }],
    ])
  })

  test('never leaves the back office without an enabled administrator, even with two admins acting at once', async () => {
    // Two administrators demote each other at the same moment: the locks make one of them wait and then refuse.
    const a = await newMember('admin')
    const b = await newMember('admin')
    // Everyone else steps down first so that a and b are the only administrators.
    for (const id of [admin.id]) await changeStaffRole(database.db, { staffUserId: id, role: 'collector', actor: a })
    const second = kind === 'postgres' ? await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 2 }) : null
    try {
      const results = await Promise.all([
        changeStaffRole(database.db, { staffUserId: b.id, role: 'collector', actor: a }),
        changeStaffRole(second?.db ?? database.db, { staffUserId: a.id, role: 'collector', actor: b }),
      ])
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'actor-not-admin' }])
      const roles = [(await findStaffUser(database.db, a.id))?.role, (await findStaffUser(database.db, b.id))?.role]
      expect(roles.filter((role) => role === 'admin')).toHaveLength(1)
    } finally {
      await second?.close()
      const remaining = (await findStaffUser(database.db, a.id))?.role === 'admin' ? a : b
      await changeStaffRole(database.db, { staffUserId: admin.id, role: 'admin', actor: remaining })
    }
  })

  test('changes one\'s own language', async () => {
    const member = await newMember('collector')
    expect(await changeOwnLocale(database.db, { staffUserId: member.id, locale: 'de' })).toEqual({ ok: true, value: { changed: true } })
    expect((await findStaffUser(database.db, member.id))?.locale).toBe('de')
    expect(await changeOwnLocale(database.db, { staffUserId: member.id, locale: 'xx' })).toEqual({ ok: false, error: 'invalid-locale' })
    expect((await eventsAbout(member.id))[0]).toMatchObject({ action: 'staff.locale_changed', before: { locale: 'en' }, after: { locale: 'de' } })
  })

  test('changes one\'s own password: current one required, 12 characters, other sessions end, this one stays', async () => {
    const member = await newMember('collector')
    const here = await signIn(member.email)
    const elsewhere = await signIn(member.email)
    const me = await resolveStaffSession(database.db, { sessionToken: here, now: NOW })
    const change = (currentPassword: string, newPassword: string, now = at(1)) =>
      changeOwnPassword(database.db, { staffUserId: member.id, sessionId: me!.sessionId, currentPassword, newPassword, now })
    expect(await change('wrong password!', 'a brand new passphrase')).toEqual({ ok: false, error: 'wrong-password' })
    expect(await change(PASSWORD, 'too short')).toEqual({ ok: false, error: 'too-short' })
    expect(await change(PASSWORD, PASSWORD)).toEqual({ ok: false, error: 'same-as-current' })
    expect(await alive(elsewhere)).toBe(true)
    expect(await change(PASSWORD, 'a brand new passphrase')).toEqual({ ok: true, value: { endedSessions: 1 } })
    expect([await alive(here, at(2)), await alive(elsewhere, at(2))]).toEqual([true, false])
    expect(await signInStaff(database.db, { email: member.email, password: PASSWORD, now: at(3), ...client })).toEqual({ ok: false, error: 'invalid-credentials' })
    expect(await alive(await signIn(member.email, 'a brand new passphrase', at(3)), at(4))).toBe(true)
    const actions = (await eventsAbout(member.id)).map((e) => e.action)
    expect(actions).toContain('staff.password_changed')
    expect(actions).toContain('staff.password_change_refused')
    const audit = (await tableAsText(database.db, 'audit_events')).join('\n')
    expect(audit).not.toContain('a brand new passphrase')
    expect(audit).not.toContain('$argon2')
  })

  test('stops guessing the current password after 5 tries in 15 minutes', async () => {
    const member = await newMember('collector')
    const token = await signIn(member.email)
    const me = await resolveStaffSession(database.db, { sessionToken: token, now: NOW })
    const attempt = (password: string) =>
      changeOwnPassword(database.db, { staffUserId: member.id, sessionId: me!.sessionId, currentPassword: password, newPassword: 'another long passphrase', now: at(1) })
    for (let i = 0; i < 5; i++) expect(await attempt(`guess number ${i}`)).toEqual({ ok: false, error: 'wrong-password' })
    expect(await attempt(PASSWORD)).toEqual({ ok: false, error: 'rate-limited' })
  })
})
