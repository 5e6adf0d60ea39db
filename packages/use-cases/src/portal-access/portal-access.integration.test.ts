import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createContact, createCustomer, createEntity } from '@quittance/db/seed/factories'
import { listOutboxMessages, tableAsText } from '@quittance/db/testing/inspect'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { issuePortalLink } from './issue-portal-link'
import { redeemPortalLink } from './redeem-portal-link'
import { requestPortalLink } from './request-portal-link'
import { resolvePortalSession } from './resolve-portal-session'
import { endPortalSession } from './end-portal-session'
import { revokePortalLinks } from './revoke-portal-links'

const NOW = new Date('2026-11-23T10:00:00Z')
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000)
const BASE = 'https://pay.example.test'
const client = { userAgent: 'Mozilla/5.0 test', ipAddress: '203.0.113.7' }

describe.each(TEST_DATABASE_KINDS)('debtor access on %s', (kind) => {
  let database: TestDatabase
  let customerId: string
  let contactId: string
  let otherCustomerId: string

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const entity = await createEntity(database.db, { portalLinkTtlDays: 90 })
    customerId = (await createCustomer(database.db, { entityId: entity.id, language: 'de' })).id
    contactId = (await createContact(database.db, { customerId, email: 'Ap@Example.test', language: 'es' })).id
    otherCustomerId = (await createCustomer(database.db, { entityId: entity.id })).id
  })
  afterAll(async () => {
    await database?.drop()
  })

  const issue = (overrides: Partial<Parameters<typeof issuePortalLink>[1]> = {}) =>
    issuePortalLink(database.db, {
      customerId,
      contactId,
      purpose: 'reminder',
      locale: 'fr',
      portalBaseUrl: BASE,
      ttlDays: 90,
      now: NOW,
      actor: { type: 'system', id: null },
      ...overrides,
    })
  const tokenOf = (url: string) => url.split('/a/')[1]!

  test('issues a 256-bit link and stores only its hash', async () => {
    const link = await issue()
    const token = tokenOf(link.url)
    expect(link.url).toMatch(/^https:\/\/pay\.example\.test\/fr\/a\/[A-Za-z0-9_-]{43}$/)
    expect(link.expiresAt).toEqual(days(90))
    const stored = [...(await tableAsText(database.db, 'portal_access_tokens')), ...(await tableAsText(database.db, 'audit_events'))]
    expect(stored.some((row) => row.includes(link.tokenId))).toBe(true)
    expect(stored.some((row) => row.includes(token))).toBe(false)
  })

  test('redeeming a link starts a session for its customer and keeps the link usable', async () => {
    const token = tokenOf((await issue()).url)
    const first = await redeemPortalLink(database.db, { token, now: minutes(1), ...client })
    const second = await redeemPortalLink(database.db, { token, now: minutes(2), ...client })
    expect(first.ok && second.ok).toBe(true)
    if (!first.ok || !second.ok) return
    expect(first.value.customerId).toBe(customerId)
    expect(first.value.preferredLanguage).toBe('es')
    expect(first.value.sessionToken).not.toBe(second.value.sessionToken)
    const debtor = await resolvePortalSession(database.db, { sessionToken: first.value.sessionToken, now: minutes(3) })
    expect(debtor?.customerId).toBe(customerId)
  })

  test.each([
    { name: 'an expired link', at: days(91), mutate: async () => {} },
    {
      name: 'a revoked link',
      at: minutes(1),
      mutate: async () => {
        await revokePortalLinks(database.db, { customerId, now: NOW, actor: { type: 'staff', id: null }, reason: 'test' })
      },
    },
  ])('refuses $name with the same answer as an unknown one', async ({ at, mutate }) => {
    const token = tokenOf((await issue()).url)
    await mutate()
    const refused = await redeemPortalLink(database.db, { token, now: at, ...client })
    const unknown = await redeemPortalLink(database.db, { token: 'A'.repeat(43), now: at, ...client })
    const malformed = await redeemPortalLink(database.db, { token: '../../etc', now: at, ...client })
    expect(refused).toEqual({ ok: false, error: 'link-unusable' })
    expect(unknown).toEqual(refused)
    expect(malformed).toEqual(refused)
  })

  test('revoking all links also ends the sessions they started', async () => {
    const token = tokenOf((await issue()).url)
    const redeemed = await redeemPortalLink(database.db, { token, now: minutes(1), ...client })
    if (!redeemed.ok) throw new Error('expected a session')
    await revokePortalLinks(database.db, { customerId, now: minutes(2), actor: { type: 'staff', id: null }, reason: 'test' })
    expect(await resolvePortalSession(database.db, { sessionToken: redeemed.value.sessionToken, now: minutes(3) })).toBeNull()
  })

  test('a session ends after 30 idle minutes, on sign-out, and after 12 hours whatever happens', async () => {
    const start = async () => {
      const redeemed = await redeemPortalLink(database.db, { token: tokenOf((await issue()).url), now: NOW, ...client })
      if (!redeemed.ok) throw new Error('expected a session')
      return redeemed.value.sessionToken
    }
    const idle = await start()
    expect(await resolvePortalSession(database.db, { sessionToken: idle, now: minutes(29) })).not.toBeNull()
    expect(await resolvePortalSession(database.db, { sessionToken: idle, now: minutes(29 + 31) })).toBeNull()

    const signedOut = await start()
    await endPortalSession(database.db, { sessionToken: signedOut, now: minutes(1) })
    expect(await resolvePortalSession(database.db, { sessionToken: signedOut, now: minutes(2) })).toBeNull()

    const busy = await start()
    for (let minute = 20; minute < 12 * 60; minute += 20) {
      expect(await resolvePortalSession(database.db, { sessionToken: busy, now: minutes(minute) })).not.toBeNull()
    }
    expect(await resolvePortalSession(database.db, { sessionToken: busy, now: minutes(12 * 60 + 1) })).toBeNull()
  })

  test('a fresh link goes only to a contact on file, in the contact language', async () => {
    const outbox = () => listOutboxMessages(database.db)
    const before = (await outbox()).length
    expect(await requestPortalLink(database.db, { email: 'nobody@example.test', portalBaseUrl: BASE, now: NOW, fallbackLocale: 'fr' })).toEqual({ sentCount: 0 })
    expect((await outbox()).length).toBe(before)

    const sent = await requestPortalLink(database.db, { email: 'ap@EXAMPLE.test ', portalBaseUrl: BASE, now: NOW, fallbackLocale: 'fr' })
    expect(sent).toEqual({ sentCount: 1 })
    const message = (await outbox()).at(-1)!
    expect(message).toMatchObject({ recipient: 'Ap@Example.test', locale: 'es', customerId, template: 'portal-link' })
    expect(message.subject).toContain('portal de pago')
    const url = /https:\/\/pay\.example\.test\/es\/a\/[A-Za-z0-9_-]{43}/.exec(message.bodyText)?.[0]
    expect(url).toBeDefined()
    const redeemed = await redeemPortalLink(database.db, { token: tokenOf(url!), now: minutes(1), ...client })
    expect(redeemed.ok && redeemed.value.customerId).toBe(customerId)
    expect(redeemed.ok && redeemed.value.customerId).not.toBe(otherCustomerId)
  })
})
