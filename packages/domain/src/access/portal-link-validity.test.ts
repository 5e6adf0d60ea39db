import { describe, expect, test } from 'vitest'
import { DEFAULT_PORTAL_LINK_TTL_DAYS, portalLinkExpiry, portalLinkState } from './portal-link-validity'

const now = new Date('2026-11-23T10:00:00.000Z')
const at = (iso: string) => new Date(iso)

describe('portalLinkState', () => {
  test.each([
    {
      name: 'a link expiring later',
      expiresAt: '2027-02-21T10:00:00.000Z',
      revokedAt: null,
      expected: 'usable',
    },
    {
      name: 'a link expiring 1 ms later',
      expiresAt: '2026-11-23T10:00:00.001Z',
      revokedAt: null,
      expected: 'usable',
    },
    {
      name: 'a link expiring right now',
      expiresAt: '2026-11-23T10:00:00.000Z',
      revokedAt: null,
      expected: 'expired',
    },
    {
      name: 'a link that expired yesterday',
      expiresAt: '2026-11-22T10:00:00.000Z',
      revokedAt: null,
      expected: 'expired',
    },
    {
      name: 'a revoked link still within its validity',
      expiresAt: '2027-02-21T10:00:00.000Z',
      revokedAt: '2026-11-01T08:00:00.000Z',
      expected: 'revoked',
    },
    {
      name: 'a link revoked then expired',
      expiresAt: '2026-11-22T10:00:00.000Z',
      revokedAt: '2026-11-01T08:00:00.000Z',
      expected: 'revoked',
    },
    {
      name: 'a link whose revocation is stamped just after now',
      expiresAt: '2027-02-21T10:00:00.000Z',
      revokedAt: '2026-11-23T10:00:00.050Z',
      expected: 'revoked',
    },
  ])('says $name is $expected', ({ expiresAt, revokedAt, expected }) => {
    const link = { expiresAt: at(expiresAt), revokedAt: revokedAt === null ? null : at(revokedAt) }
    expect(portalLinkState(link, now)).toBe(expected)
  })

  test.each([
    { name: 'an invalid now', link: { expiresAt: now, revokedAt: null }, now: new Date(Number.NaN) },
    { name: 'an invalid expiry', link: { expiresAt: new Date(Number.NaN), revokedAt: null }, now },
  ])('refuses $name as a programmer error', ({ link, now }) => {
    expect(() => portalLinkState(link, now)).toThrow(/invalid Date/)
  })
})

describe('portalLinkExpiry', () => {
  test('keeps links for 90 days by default', () => {
    expect(DEFAULT_PORTAL_LINK_TTL_DAYS).toBe(90)
  })

  test.each([
    { issuedAt: '2026-11-23T10:00:00.000Z', ttlDays: 90, expected: '2027-02-21T10:00:00.000Z' },
    { issuedAt: '2026-11-23T10:00:00.000Z', ttlDays: 1, expected: '2026-11-24T10:00:00.000Z' },
    // Across the Paris spring-forward night, still exactly 24 hours per day.
    { issuedAt: '2026-03-28T12:00:00.000Z', ttlDays: 2, expected: '2026-03-30T12:00:00.000Z' },
    { issuedAt: '2028-02-28T23:59:59.999Z', ttlDays: 1, expected: '2028-02-29T23:59:59.999Z' },
  ])(
    'makes a link issued at $issuedAt for $ttlDays days expire at $expected',
    ({ issuedAt, ttlDays, expected }) => {
      expect(portalLinkExpiry(at(issuedAt), ttlDays).toISOString()).toBe(expected)
    },
  )

  test('makes a fresh link usable until its expiry and expired from it', () => {
    const expiresAt = portalLinkExpiry(now, DEFAULT_PORTAL_LINK_TTL_DAYS)
    const link = { expiresAt, revokedAt: null }
    expect([
      portalLinkState(link, new Date(expiresAt.getTime() - 1)),
      portalLinkState(link, expiresAt),
    ]).toEqual(['usable', 'expired'])
  })

  test.each([0, -1, 1.5])('refuses a time to live of %s days', (ttlDays) => {
    expect(() => portalLinkExpiry(now, ttlDays)).toThrow(/ttlDays/)
  })
})
