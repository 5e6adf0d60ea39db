import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { addDays } from '@quittance/domain/dates/local-date'
import type { AgingBucket } from '@quittance/domain/invoices/aging'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { createContact, createCustomer, createEntity, createInvoice, createPayment } from '../seed/factories'
import { createCustomerNote, createOutboxMessage, createPortalVisit, createStaffMember } from '../seed/factories-customers'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import { insertAuditEvent } from './audit'
import { insertPortalAccessToken } from './portal-access'
import {
  containsPattern,
  findCustomerForBackoffice,
  listBalancesOfCustomers,
  listCustomerFilterValues,
  listCustomersForBackoffice,
  listOpenInvoicesOfCustomer,
  listRecentPaymentsOfCustomer,
  portalLinkSummaryOfCustomer,
  type CustomerListQuery,
} from './backoffice-customers'
import { listContactsOfCustomer } from './contacts'
import { listNotesOfCustomer } from './customer-notes'
import { listCustomerTimeline } from './customer-timeline'

const TODAY = '2026-11-23'
const ALL: CustomerVisibility = { kind: 'all' }

describe('containsPattern', () => {
  test.each([
    ['alpha', '%alpha%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
  ])('%s → %s', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern)
  })
})

describe.each(TEST_DATABASE_KINDS)('back-office customer list on %s', (kind) => {
  let database: TestDatabase
  let entityId: string
  const ids: Record<string, string> = {}
  const staff: Record<string, string> = {}

  const dueIn = (days: number) => addDays(TODAY, days)
  const invoice = (customerId: string, currency: string, dueInDays: number, totalMinor: number) =>
    createInvoice(database.db, {
      entityId,
      customerId,
      currency,
      issueDate: dueIn(dueInDays - 30),
      dueDate: dueIn(dueInDays),
      totalMinor,
    })

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const { db } = database
    entityId = (await createEntity(db)).id
    staff.sales1 = (await createStaffMember(db, { role: 'sales', name: 'Sam Sales' })).id
    staff.sales2 = (await createStaffMember(db, { role: 'sales', name: 'Sue Sales' })).id
    const customer = async (key: string, values: Partial<Parameters<typeof createCustomer>[1]>) => {
      ids[key] = (await createCustomer(db, { entityId, ...values })).id
      return ids[key]!
    }
    const alpha = await customer('alpha', { name: 'Alpha Boulangerie', externalRef: 'A-001', segment: 'SMB', country: 'FR', salesOwnerId: staff.sales1 })
    await invoice(alpha, 'EUR', -10, 10_000)
    await invoice(alpha, 'GBP', 5, 5_000)
    const beta = await customer('beta', { name: 'Beta 50% Discount_Shop', externalRef: 'B_002', segment: 'Enterprise', country: 'DE', salesOwnerId: staff.sales2 })
    await invoice(beta, 'EUR', -45, 30_000)
    const gamma = await customer('gamma', { name: 'Gamma', externalRef: 'G-003', segment: 'SMB', country: 'FR', currency: 'GBP' })
    await invoice(gamma, 'GBP', -75, 70_000)
    const delta = await customer('delta', { name: 'Delta', externalRef: 'D-004', segment: 'Public', country: 'ES', salesOwnerId: staff.sales1 })
    await invoice(delta, 'EUR', -200, 5_000)
    const epsilon = await customer('epsilon', { name: 'Epsilon', externalRef: 'E-005', segment: 'SMB', country: 'GB' })
    await invoice(epsilon, 'EUR', 10, 20_000)
    const zeta = await customer('zeta', { name: 'Zeta', externalRef: 'Z-006', segment: null, country: 'FR' })
    const paid = await invoice(zeta, 'EUR', -20, 1_000)
    await createPayment(db, { entityId, customerId: zeta, currency: 'EUR', amountMinor: 1_000, receivedOn: TODAY, allocations: [{ invoiceId: paid.id, amountMinor: 1_000 }] })
    // Another creditor's customer never shows in this entity's list.
    const other = await createEntity(db)
    const stranger = await createCustomer(db, { entityId: other.id, name: 'Alpha Elsewhere', externalRef: 'A-001' })
    await createInvoice(db, { entityId: other.id, customerId: stranger.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 99_999 })
  })
  afterAll(async () => {
    await database?.drop()
  })

  const names = (rows: { id: string }[]) => rows.map((row) => Object.entries(ids).find(([, id]) => id === row.id)?.[0] ?? row.id)
  const list = (query: Partial<CustomerListQuery> = {}) =>
    listCustomersForBackoffice(database.db, {
      visibility: ALL,
      entityId,
      today: TODAY,
      sortCurrency: 'EUR',
      sort: 'name_asc',
      limit: 50,
      offset: 0,
      ...query,
    })

  test('lists the entity’s customers by name with the total', async () => {
    const page = await list()
    expect(names(page.rows)).toEqual(['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta'])
    expect(page.total).toBe(6)
    expect(names((await list({ sort: 'name_desc' })).rows)).toEqual(['zeta', 'gamma', 'epsilon', 'delta', 'beta', 'alpha'])
  })

  test.each([
    ['alpha', ['alpha']],
    ['ALPHA boul', ['alpha']],
    ['a-001', ['alpha']],
    ['b_0', ['beta']],
    ['%', ['beta']],
    ['_', ['beta']],
    ['50%', ['beta']],
    ['ta', ['beta', 'delta', 'zeta']],
    ['nobody', []],
  ])('search "%s" matches name or reference, case-insensitively, with %% and _ taken literally', async (search, expected) => {
    const page = await list({ search })
    expect(names(page.rows)).toEqual(expected)
    expect(page.total).toBe(expected.length)
  })

  test.each<[string, Partial<CustomerListQuery>, string[]]>([
    ['segment', { segment: 'SMB' }, ['alpha', 'epsilon', 'gamma']],
    ['country', { country: 'FR' }, ['alpha', 'gamma', 'zeta']],
    ['currency (an open balance in it)', { currency: 'GBP' }, ['alpha', 'gamma']],
    ['owner', { owner: { kind: 'staff', staffUserId: 'sales1' } }, ['alpha', 'delta']],
    ['no owner', { owner: { kind: 'none' } }, ['epsilon', 'gamma', 'zeta']],
    ['segment and country together', { segment: 'SMB', country: 'FR' }, ['alpha', 'gamma']],
    ['currency and country together', { currency: 'EUR', country: 'FR' }, ['alpha']],
    ['currency and bucket together', { currency: 'EUR', overdueBucket: '90_plus' }, ['delta']],
  ])('filters by %s', async (_label, filter, expected) => {
    const owner = filter.owner?.kind === 'staff' ? { kind: 'staff' as const, staffUserId: staff[filter.owner.staffUserId]! } : filter.owner
    const page = await list({ ...filter, owner })
    expect(names(page.rows)).toEqual(expected)
    expect(page.total).toBe(expected.length)
  })

  test.each<[AgingBucket, string[]]>([
    ['not_due', ['epsilon']],
    ['1_30', ['alpha']],
    ['31_60', ['beta']],
    ['61_90', ['gamma']],
    ['90_plus', ['delta']],
  ])('filters by overdue bucket %s from the oldest open due date over every currency', async (overdueBucket, expected) => {
    expect(names((await list({ overdueBucket })).rows)).toEqual(expected)
  })

  test('bucket edges: due today is not due, 1 and 30 days late are 1–30, 31 is 31–60, 90 is 61–90, 91 is 90+', async () => {
    const { db } = database
    const edgeEntity = (await createEntity(db)).id
    const edge = async (dueInDays: number) => {
      const id = (await createCustomer(db, { entityId: edgeEntity, name: `Edge ${dueInDays}` })).id
      await createInvoice(db, { entityId: edgeEntity, customerId: id, issueDate: dueIn(dueInDays - 30), dueDate: dueIn(dueInDays), totalMinor: 100 })
      return id
    }
    const [today, yesterday, thirty, thirtyOne, ninety, ninetyOne] = [await edge(0), await edge(-1), await edge(-30), await edge(-31), await edge(-90), await edge(-91)]
    const inBucket = async (overdueBucket: AgingBucket) =>
      (await list({ entityId: edgeEntity, overdueBucket })).rows.map((r) => r.id).sort()
    expect(await inBucket('not_due')).toEqual([today])
    expect(await inBucket('1_30')).toEqual([yesterday, thirty].sort())
    expect(await inBucket('31_60')).toEqual([thirtyOne])
    expect(await inBucket('61_90')).toEqual([ninety])
    expect(await inBucket('90_plus')).toEqual([ninetyOne])
  })

  test('sorts by outstanding in one currency only: nothing open in it counts as zero, by name', async () => {
    expect(names((await list({ sort: 'outstanding_desc' })).rows)).toEqual(['beta', 'epsilon', 'alpha', 'delta', 'gamma', 'zeta'])
    expect(names((await list({ sort: 'outstanding_asc' })).rows)).toEqual(['gamma', 'zeta', 'delta', 'alpha', 'epsilon', 'beta'])
    expect(names((await list({ sort: 'outstanding_desc', sortCurrency: 'GBP', currency: 'GBP' })).rows)).toEqual(['gamma', 'alpha'])
    expect(names((await list({ sort: 'outstanding_desc', sortCurrency: 'GBP' })).rows)).toEqual(['gamma', 'alpha', 'beta', 'delta', 'epsilon', 'zeta'])
  })

  test('sorts by days late: the oldest open due date first, nothing open last (first the other way)', async () => {
    expect(names((await list({ sort: 'days_late_desc' })).rows)).toEqual(['delta', 'gamma', 'beta', 'alpha', 'epsilon', 'zeta'])
    expect(names((await list({ sort: 'days_late_asc' })).rows)).toEqual(['zeta', 'epsilon', 'alpha', 'beta', 'gamma', 'delta'])
  })

  test.each(['name_asc', 'outstanding_desc', 'outstanding_asc', 'days_late_desc', 'days_late_asc'] as const)(
    'pages through every customer exactly once, sorted by %s, with and without a search',
    async (sort) => {
      for (const search of [null, 'e']) {
        const all = await list({ sort, search })
        const paged = []
        for (let offset = 0; offset < all.total + 2; offset += 2) {
          const page = await list({ sort, search, limit: 2, offset })
          expect(page.total).toBe(all.total)
          paged.push(...page.rows)
        }
        expect(paged.map((r) => r.id)).toEqual(all.rows.map((r) => r.id))
      }
    },
  )

  test('past the last page: no rows, the right total', async () => {
    expect(await list({ offset: 100 })).toEqual({ rows: [], total: 6 })
    expect(await list({ offset: 100, search: 'a' })).toEqual({ rows: [], total: 5 })
    expect(await list({ offset: 100, sort: 'outstanding_desc' })).toEqual({ rows: [], total: 6 })
  })

  test('page balances come per currency, never added together', async () => {
    const balances = await listBalancesOfCustomers(database.db, [ids.alpha!, ids.zeta!])
    expect(balances.map(({ currency, outstandingMinor }) => ({ currency, outstandingMinor }))).toEqual([
      { currency: 'EUR', outstandingMinor: 10_000 },
      { currency: 'GBP', outstandingMinor: 5_000 },
    ])
  })

  test('portal link summary: live links counted, the latest issue time', async () => {
    const { db } = database
    const customer = await createCustomer(db, { entityId })
    expect(await portalLinkSummaryOfCustomer(db, { customerId: customer.id, now: new Date('2026-11-23T12:00:00Z') })).toEqual({ liveCount: 0, lastIssuedAt: null })
    const link = (createdAt: string, expiresAt: string) =>
      insertPortalAccessToken(db, { customerId: customer.id, contactId: null, tokenHash: randomBytes(32), purpose: 'staff', createdAt: new Date(createdAt), expiresAt: new Date(expiresAt) })
    await link('2026-11-01T10:00:00Z', '2026-11-20T10:00:00Z')
    await link('2026-11-22T10:00:00Z', '2027-01-01T10:00:00Z')
    await link('2026-11-21T10:00:00Z', '2027-01-01T10:00:00Z')
    expect(await portalLinkSummaryOfCustomer(db, { customerId: customer.id, now: new Date('2026-11-23T12:00:00Z') })).toEqual({
      liveCount: 2,
      lastIssuedAt: new Date('2026-11-22T10:00:00Z'),
    })
  })

  test('filter values are those in use', async () => {
    expect(await listCustomerFilterValues(database.db, { entityId, visibility: ALL })).toEqual({
      segments: ['Enterprise', 'Public', 'SMB'],
      countries: ['DE', 'ES', 'FR', 'GB'],
      currencies: ['EUR', 'GBP'],
    })
  })

  describe('a sales user', () => {
    const mine = (): CustomerVisibility => ({ kind: 'owned-by', staffUserId: staff.sales1! })

    test('lists only their own customers, whatever the filters, search and sort', async () => {
      for (const sort of ['name_asc', 'outstanding_desc', 'outstanding_asc', 'days_late_desc'] as const) {
        const page = await list({ visibility: mine(), sort })
        expect(names(page.rows).sort()).toEqual(['alpha', 'delta'])
        expect(page.total).toBe(2)
      }
      expect((await list({ visibility: mine(), search: 'Beta' })).rows).toEqual([])
      expect(await list({ visibility: mine(), currency: 'EUR' }).then((page) => [names(page.rows), page.total])).toEqual([['alpha', 'delta'], 2])
      expect(await list({ visibility: mine(), currency: 'GBP', sortCurrency: 'GBP', sort: 'outstanding_desc' }).then((page) => [names(page.rows), page.total])).toEqual([['alpha'], 1])
      expect((await list({ visibility: mine(), owner: { kind: 'staff', staffUserId: staff.sales2! } })).rows).toEqual([])
      expect((await list({ visibility: mine(), owner: { kind: 'none' } })).total).toBe(0)
      expect(await listCustomerFilterValues(database.db, { entityId, visibility: mine() })).toEqual({
        segments: ['Public', 'SMB'],
        countries: ['ES', 'FR'],
        currencies: ['EUR', 'GBP'],
      })
    })

    test('never gets another owner’s customer by id, nor its invoices, payments, contacts, notes or timeline', async () => {
      const { db } = database
      const beta = ids.beta!
      await createContact(db, { customerId: beta })
      await createCustomerNote(db, { customerId: beta, body: 'secret' })
      expect(await findCustomerForBackoffice(db, { customerId: beta, visibility: mine() })).toBeNull()
      expect((await findCustomerForBackoffice(db, { customerId: beta, visibility: ALL }))?.name).toBe('Beta 50% Discount_Shop')
      expect((await findCustomerForBackoffice(db, { customerId: ids.alpha!, visibility: mine() }))?.salesOwnerName).toBe('Sam Sales')
      expect(await listOpenInvoicesOfCustomer(db, { customerId: beta, visibility: mine() })).toEqual([])
      expect(await listOpenInvoicesOfCustomer(db, { customerId: beta, visibility: ALL })).toHaveLength(1)
      expect(await listRecentPaymentsOfCustomer(db, { customerId: ids.zeta!, visibility: mine(), limit: 10 })).toEqual([])
      expect(await listRecentPaymentsOfCustomer(db, { customerId: ids.zeta!, visibility: ALL, limit: 10 })).toHaveLength(1)
      expect(await listContactsOfCustomer(db, { customerId: beta, visibility: mine() })).toEqual([])
      expect(await listNotesOfCustomer(db, { customerId: beta, visibility: mine(), limit: 10 })).toEqual([])
      expect(await listCustomerTimeline(db, { customerId: beta, visibility: mine(), limit: 10 })).toEqual([])
      expect(await listCustomerTimeline(db, { customerId: beta, visibility: ALL, limit: 10 })).not.toEqual([])
    })
  })

  test('the timeline merges audit events, payments, portal visits, notes and messages, newest first', async () => {
    const { db } = database
    const customer = await createCustomer(db, { entityId: (await createEntity(db)).id, name: 'Timeline SARL' })
    const contact = await createContact(db, { customerId: customer.id, name: 'Claire' })
    const author = await createStaffMember(db, { role: 'collector', name: 'Colette Collector' })
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 9, minutes))
    const inv = await createInvoice(db, { entityId: customer.entityId, customerId: customer.id, issueDate: '2026-10-01', dueDate: '2026-10-31', totalMinor: 5_000 })
    await createPayment(db, { entityId: customer.entityId, customerId: customer.id, currency: 'EUR', amountMinor: 2_000, receivedOn: '2026-11-20', allocations: [{ invoiceId: inv.id, amountMinor: 2_000 }] })
    await createPortalVisit(db, { customerId: customer.id, contactId: contact.id, createdAt: at(1) })
    await createCustomerNote(db, { customerId: customer.id, authorId: author.id, body: 'Promised to pay Friday', createdAt: at(2) })
    await insertAuditEvent(db, { actorType: 'staff', actorId: author.id, action: 'customer_note.added', subjectType: 'customer_note', customerId: customer.id, occurredAt: at(2) })
    await createOutboxMessage(db, { entityId: customer.entityId, customerId: customer.id, contactId: contact.id, createdAt: at(3) })
    await insertAuditEvent(db, {
      actorType: 'staff',
      actorId: author.id,
      action: 'customer.reminders_paused',
      subjectType: 'customer',
      subjectId: customer.id,
      customerId: customer.id,
      occurredAt: at(4),
      before: { remindersPausedUntil: null },
      after: { remindersPausedUntil: '2026-12-01' },
    })
    const timeline = await listCustomerTimeline(db, { customerId: customer.id, visibility: ALL, limit: 10 })
    // The payment was recorded "now" (after the fixed instants above); the note's own audit entry is not repeated.
    expect(timeline.map((entry) => entry.kind)).toEqual(['payment', 'audit', 'message', 'note', 'portal_visit'])
    const [, audit, , note, visit] = timeline
    expect(audit).toMatchObject({ kind: 'audit', action: 'customer.reminders_paused', actorName: 'Colette Collector' })
    expect(note).toMatchObject({ kind: 'note', body: 'Promised to pay Friday', authorName: 'Colette Collector' })
    expect(visit).toMatchObject({ kind: 'portal_visit', contactName: 'Claire' })
    expect(await listCustomerTimeline(db, { customerId: customer.id, visibility: ALL, limit: 2 })).toHaveLength(2)
  })
})
