import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { StaffRole } from '@quittance/domain/staff/permissions'
import type { Db } from '@quittance/db/client'
import { findCustomerForBackoffice } from '@quittance/db/repositories/backoffice-customers'
import { listContactsOfCustomer } from '@quittance/db/repositories/contacts'
import { listNotesOfCustomer } from '@quittance/db/repositories/customer-notes'
import { countLivePortalLinks } from '@quittance/db/repositories/portal-access'
import { createContact, createCustomer, createEntity } from '@quittance/db/seed/factories'
import { createStaffMember } from '@quittance/db/seed/factories-customers'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { tableAsText } from '@quittance/db/testing/inspect'
import { addContact } from './add-contact'
import { addCustomerNote } from './add-customer-note'
import { assignSalesOwner } from './assign-sales-owner'
import type { ContactInput, StaffActor } from './customer-rules'
import { issueCustomerPortalLink } from './issue-customer-portal-link'
import { pauseReminders } from './pause-reminders'
import { removeContact } from './remove-contact'
import { resumeReminders } from './resume-reminders'
import { revokeCustomerPortalLinks } from './revoke-customer-portal-links'
import { updateContact } from './update-contact'
import { updateCustomer } from './update-customer'

const NOW = new Date('2026-11-23T09:00:00Z')
const TODAY = '2026-11-23'
const ALL = { kind: 'all' } as const
const MISSING = '00000000-0000-4000-8000-000000000000'

type AuditRow = { action: string; actor_id: string; subject_type: string; customer_id: string; entity_id: string; before: unknown; after: unknown }

async function auditRows(db: Db, action: string): Promise<AuditRow[]> {
  return (await tableAsText(db, 'audit_events')).map((row) => JSON.parse(row) as AuditRow).filter((row) => row.action === action)
}

describe.each(TEST_DATABASE_KINDS)('customer use cases on %s', (kind) => {
  let database: TestDatabase
  let entityId: string
  let actor: StaffActor
  const actors = {} as Record<StaffRole, StaffActor>

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    entityId = (await createEntity(database.db)).id
    for (const role of ['admin', 'credit_manager', 'collector', 'sales', 'auditor'] as const) {
      actors[role] = { id: (await createStaffMember(database.db, { role, name: `A ${role}` })).id, role, ipAddress: '198.51.100.7' }
    }
    actor = actors.collector
  })
  afterAll(async () => {
    await database?.drop()
  })

  const newCustomer = () => createCustomer(database.db, { entityId, currency: 'EUR', language: 'fr' })
  const customerNow = async (id: string) => (await findCustomerForBackoffice(database.db, { customerId: id, visibility: ALL }))!
  const contactsOf = (customerId: string) => listContactsOfCustomer(database.db, { customerId, visibility: ALL })
  const contact = (overrides: Partial<ContactInput> = {}): ContactInput => ({
    name: 'Claire Martin',
    email: 'claire@example.test',
    phone: '+33 4 72 00 00 00',
    language: 'fr',
    role: 'billing',
    ...overrides,
  })

  describe('refuses sales and auditors, whatever they try', () => {
    test.each(['sales', 'auditor'] as const)('%s', async (role) => {
      const { db } = database
      const customer = await newCustomer()
      const existing = await createContact(db, { customerId: customer.id })
      const who = actors[role]
      const attempts = [
        addContact(db, { customerId: customer.id, contact: contact(), actor: who }),
        updateContact(db, { customerId: customer.id, contactId: existing.id, contact: contact(), actor: who }),
        removeContact(db, { customerId: customer.id, contactId: existing.id, actor: who, now: NOW }),
        addCustomerNote(db, { customerId: customer.id, body: 'hello', actor: who, now: NOW }),
        pauseReminders(db, { customerId: customer.id, until: '2026-12-31', reason: 'dispute', today: TODAY, actor: who }),
        resumeReminders(db, { customerId: customer.id, actor: who }),
        assignSalesOwner(db, { customerId: customer.id, ownerId: actors.sales.id, actor: who }),
        updateCustomer(db, { customerId: customer.id, segment: 'X', creditLimit: '10', language: 'en', actor: who }),
        issueCustomerPortalLink(db, { customerId: customer.id, contactId: null, revokeOthers: false, portalBaseUrl: 'https://p.test', ttlDays: 30, now: NOW, actor: who }),
        revokeCustomerPortalLinks(db, { customerId: customer.id, now: NOW, actor: who }),
      ]
      for (const result of await Promise.all(attempts)) expect(result).toEqual({ ok: false, error: 'forbidden' })
      expect(await contactsOf(customer.id)).toHaveLength(1)
      expect((await customerNow(customer.id)).segment).toBeNull()
    })
  })

  test.each(['admin', 'credit_manager', 'collector'] as const)('%s may change customers', async (role) => {
    const customer = await newCustomer()
    expect((await addCustomerNote(database.db, { customerId: customer.id, body: 'ok', actor: actors[role], now: NOW })).ok).toBe(true)
  })

  test('every use case answers customer-not-found for an unknown customer', async () => {
    const { db } = database
    const results = await Promise.all([
      addContact(db, { customerId: MISSING, contact: contact(), actor }),
      updateContact(db, { customerId: MISSING, contactId: MISSING, contact: contact(), actor }),
      removeContact(db, { customerId: MISSING, contactId: MISSING, actor, now: NOW }),
      addCustomerNote(db, { customerId: MISSING, body: 'x', actor, now: NOW }),
      pauseReminders(db, { customerId: MISSING, until: '2026-12-31', reason: 'r', today: TODAY, actor }),
      resumeReminders(db, { customerId: MISSING, actor }),
      assignSalesOwner(db, { customerId: MISSING, ownerId: null, actor }),
      updateCustomer(db, { customerId: MISSING, segment: '', creditLimit: '', language: 'fr', actor }),
      issueCustomerPortalLink(db, { customerId: MISSING, contactId: null, revokeOthers: false, portalBaseUrl: 'https://p.test', ttlDays: 30, now: NOW, actor }),
      revokeCustomerPortalLinks(db, { customerId: MISSING, now: NOW, actor }),
    ])
    for (const result of results) expect(result).toEqual({ ok: false, error: 'customer-not-found' })
  })

  describe('contacts', () => {
    test('adds a contact, trimmed, empty phone stored as null, with an audit entry', async () => {
      const customer = await newCustomer()
      const added = await addContact(database.db, {
        customerId: customer.id,
        contact: contact({ name: '  Jürgen Müller ', email: ' j.mueller@example.test ', phone: '', language: 'de', role: 'accounting' }),
        actor,
      })
      expect(added.ok).toBe(true)
      expect(await contactsOf(customer.id)).toMatchObject([
        { name: 'Jürgen Müller', email: 'j.mueller@example.test', phone: null, language: 'de', role: 'accounting', isPrimary: false },
      ])
      const [audit] = (await auditRows(database.db, 'contact.added')).filter((row) => row.customer_id === customer.id)
      expect(audit).toMatchObject({ actor_id: actor.id, subject_type: 'contact', entity_id: entityId, before: null, after: { name: 'Jürgen Müller', language: 'de' } })
    })

    test.each<[string, Partial<ContactInput>, string]>([
      ['an invalid e-mail', { email: 'claire@' }, 'invalid-email'],
      ['an e-mail with spaces', { email: 'claire martin@example.test' }, 'invalid-email'],
      ['no name', { name: '   ' }, 'name-required'],
      ['a name too long', { name: 'x'.repeat(201) }, 'name-too-long'],
      ['a phone with letters', { phone: 'call me' }, 'invalid-phone'],
      ['an unsupported language', { language: 'it' }, 'invalid-language'],
      ['an unknown role', { role: 'boss' }, 'invalid-role'],
    ])('refuses %s and saves nothing', async (_label, overrides, error) => {
      const customer = await newCustomer()
      expect(await addContact(database.db, { customerId: customer.id, contact: contact(overrides), actor })).toEqual({ ok: false, error })
      expect(await contactsOf(customer.id)).toEqual([])
    })

    test('edits a contact: records only what changed; the primary flag moves', async () => {
      const { db } = database
      const customer = await newCustomer()
      const first = await createContact(db, { customerId: customer.id, name: 'First', isPrimary: true, language: 'fr', role: 'billing', email: 'first@example.test' })
      const second = await createContact(db, { customerId: customer.id, name: 'Second', isPrimary: false, language: 'fr', role: 'billing', email: 'second@example.test' })
      const result = await updateContact(db, {
        customerId: customer.id,
        contactId: second.id,
        contact: { name: 'Second', email: 'second@example.test', phone: null, language: 'en', role: 'billing', isPrimary: true },
        actor,
      })
      expect(result).toEqual({ ok: true, value: { changed: true } })
      const contacts = await contactsOf(customer.id)
      expect(contacts.map((c) => [c.name, c.isPrimary, c.language])).toEqual([
        ['Second', true, 'en'],
        ['First', false, 'fr'],
      ])
      const [audit] = (await auditRows(db, 'contact.updated')).filter((row) => row.customer_id === customer.id)
      expect(audit).toMatchObject({ before: { language: 'fr', isPrimary: false }, after: { language: 'en', isPrimary: true } })
      expect(Object.keys(audit!.after as object).sort()).toEqual(['isPrimary', 'language'])
      expect(first.id).not.toBe(second.id)

      const unchanged = await updateContact(db, {
        customerId: customer.id,
        contactId: second.id,
        contact: { name: 'Second', email: 'second@example.test', phone: null, language: 'en', role: 'billing', isPrimary: true },
        actor,
      })
      expect(unchanged).toEqual({ ok: true, value: { changed: false } })
    })

    test('refuses an invalid e-mail on edit, and a contact of another customer', async () => {
      const { db } = database
      const customer = await newCustomer()
      const other = await newCustomer()
      const theirs = await createContact(db, { customerId: other.id, email: 'theirs@example.test' })
      const mine = await createContact(db, { customerId: customer.id, email: 'mine@example.test' })
      expect(await updateContact(db, { customerId: customer.id, contactId: mine.id, contact: contact({ email: 'nope' }), actor })).toEqual({ ok: false, error: 'invalid-email' })
      expect(await updateContact(db, { customerId: customer.id, contactId: theirs.id, contact: contact(), actor })).toEqual({ ok: false, error: 'contact-not-found' })
      expect(await removeContact(db, { customerId: customer.id, contactId: theirs.id, actor, now: NOW })).toEqual({ ok: false, error: 'contact-not-found' })
      expect((await contactsOf(customer.id))[0]?.email).toBe('mine@example.test')
    })

    test('removes a contact softly: gone from the list, kept in the table, audited; twice is not found', async () => {
      const { db } = database
      const customer = await newCustomer()
      const doomed = await createContact(db, { customerId: customer.id, name: 'Doomed' })
      expect(await removeContact(db, { customerId: customer.id, contactId: doomed.id, actor, now: NOW })).toEqual({ ok: true, value: null })
      expect(await contactsOf(customer.id)).toEqual([])
      const [audit] = (await auditRows(db, 'contact.removed')).filter((row) => row.customer_id === customer.id)
      expect(audit).toMatchObject({ before: { name: 'Doomed' }, after: { deletedAt: NOW.toISOString() } })
      expect(await removeContact(db, { customerId: customer.id, contactId: doomed.id, actor, now: NOW })).toEqual({ ok: false, error: 'contact-not-found' })
    })
  })

  describe('notes', () => {
    test('adds a note as plain text, trimmed, with its author', async () => {
      const customer = await newCustomer()
      const body = '  <b>Called</b> & promised to pay on Friday.\nSecond line.  '
      expect((await addCustomerNote(database.db, { customerId: customer.id, body, actor, now: NOW })).ok).toBe(true)
      const [note] = await listNotesOfCustomer(database.db, { customerId: customer.id, visibility: ALL, limit: 5 })
      expect(note).toMatchObject({ body: body.trim(), authorId: actor.id, authorName: 'A collector' })
      expect((await auditRows(database.db, 'customer_note.added')).some((row) => row.customer_id === customer.id)).toBe(true)
    })

    test.each([
      ['empty', '', 'note-empty'],
      ['blank', ' \n\t ', 'note-empty'],
      ['too long', 'x'.repeat(5001), 'note-too-long'],
    ])('refuses a note that is %s', async (_label, body, error) => {
      const customer = await newCustomer()
      expect(await addCustomerNote(database.db, { customerId: customer.id, body, actor, now: NOW })).toEqual({ ok: false, error })
      expect(await listNotesOfCustomer(database.db, { customerId: customer.id, visibility: ALL, limit: 5 })).toEqual([])
    })

    test('accepts exactly 5,000 characters, counted as the database counts them', async () => {
      const customer = await newCustomer()
      expect((await addCustomerNote(database.db, { customerId: customer.id, body: '€'.repeat(4999) + '😀', actor, now: NOW })).ok).toBe(true)
    })
  })

  describe('pausing reminders', () => {
    test('stores the date and the reason, audited with before and after; resume clears them', async () => {
      const { db } = database
      const customer = await newCustomer()
      expect(await pauseReminders(db, { customerId: customer.id, until: '2026-11-24', reason: '  Dispute on F-12 ', today: TODAY, actor })).toEqual({
        ok: true,
        value: { until: '2026-11-24' },
      })
      expect(await customerNow(customer.id)).toMatchObject({ remindersPausedUntil: '2026-11-24', remindersPauseReason: 'Dispute on F-12' })
      const [paused] = (await auditRows(db, 'customer.reminders_paused')).filter((row) => row.customer_id === customer.id)
      expect(paused).toMatchObject({
        before: { remindersPausedUntil: null, remindersPauseReason: null },
        after: { remindersPausedUntil: '2026-11-24', remindersPauseReason: 'Dispute on F-12' },
      })

      expect(await resumeReminders(db, { customerId: customer.id, actor })).toEqual({ ok: true, value: null })
      expect(await customerNow(customer.id)).toMatchObject({ remindersPausedUntil: null, remindersPauseReason: null })
      const [resumed] = (await auditRows(db, 'customer.reminders_resumed')).filter((row) => row.customer_id === customer.id)
      expect(resumed).toMatchObject({ before: { remindersPausedUntil: '2026-11-24' }, after: { remindersPausedUntil: null } })
      expect(await resumeReminders(db, { customerId: customer.id, actor })).toEqual({ ok: false, error: 'not-paused' })
    })

    test.each([
      ['a date in the past', '2026-11-01', 'Dispute', 'date-not-after-today'],
      ['today', TODAY, 'Dispute', 'date-not-after-today'],
      ['no date', '', 'Dispute', 'invalid-date'],
      ['an impossible date', '2026-02-30', 'Dispute', 'invalid-date'],
      ['an empty reason', '2026-12-31', '   ', 'reason-required'],
      ['a reason too long', '2026-12-31', 'r'.repeat(501), 'reason-too-long'],
    ])('refuses %s and changes nothing', async (_label, until, reason, error) => {
      const customer = await newCustomer()
      expect(await pauseReminders(database.db, { customerId: customer.id, until, reason, today: TODAY, actor })).toEqual({ ok: false, error })
      expect((await customerNow(customer.id)).remindersPausedUntil).toBeNull()
    })
  })

  describe('sales owner', () => {
    test('assigns a sales user, then nobody; refuses unknown and non-sales staff', async () => {
      const { db } = database
      const customer = await newCustomer()
      expect(await assignSalesOwner(db, { customerId: customer.id, ownerId: actors.sales.id, actor })).toEqual({ ok: true, value: { changed: true } })
      expect((await customerNow(customer.id)).salesOwnerName).toBe('A sales')
      expect(await assignSalesOwner(db, { customerId: customer.id, ownerId: actors.sales.id, actor })).toEqual({ ok: true, value: { changed: false } })
      expect(await assignSalesOwner(db, { customerId: customer.id, ownerId: MISSING, actor })).toEqual({ ok: false, error: 'owner-not-found' })
      expect(await assignSalesOwner(db, { customerId: customer.id, ownerId: actors.collector.id, actor })).toEqual({ ok: false, error: 'owner-not-sales' })
      expect(await assignSalesOwner(db, { customerId: customer.id, ownerId: null, actor })).toEqual({ ok: true, value: { changed: true } })
      expect((await customerNow(customer.id)).salesOwnerId).toBeNull()
      const audits = (await auditRows(db, 'customer.sales_owner_assigned')).filter((row) => row.customer_id === customer.id)
      expect(audits.map((row) => [row.before, row.after])).toEqual([
        [{ salesOwnerId: null }, { salesOwnerId: actors.sales.id }],
        [{ salesOwnerId: actors.sales.id }, { salesOwnerId: null }],
      ])
    })
  })

  describe('customer details', () => {
    test('updates segment, credit limit (typed in the customer’s currency) and language; audits only the changes', async () => {
      const { db } = database
      const customer = await newCustomer()
      expect(await updateCustomer(db, { customerId: customer.id, segment: ' Key accounts ', creditLimit: '12 500,50', language: 'en', actor })).toEqual({
        ok: true,
        value: { changed: true },
      })
      expect(await customerNow(customer.id)).toMatchObject({ segment: 'Key accounts', creditLimitMinor: 1_250_050, language: 'en' })
      const [audit] = (await auditRows(db, 'customer.updated')).filter((row) => row.customer_id === customer.id)
      expect(audit).toMatchObject({
        before: { segment: null, creditLimitMinor: null, language: 'fr' },
        after: { segment: 'Key accounts', creditLimitMinor: 1_250_050, language: 'en' },
      })
      expect(await updateCustomer(db, { customerId: customer.id, segment: 'Key accounts', creditLimit: '12500.50', language: 'en', actor })).toEqual({
        ok: true,
        value: { changed: false },
      })
      expect(await updateCustomer(db, { customerId: customer.id, segment: '', creditLimit: '', language: 'en', actor })).toEqual({ ok: true, value: { changed: true } })
      expect(await customerNow(customer.id)).toMatchObject({ segment: null, creditLimitMinor: null })
    })

    test.each([
      ['a negative credit limit', { creditLimit: '-5' }, 'invalid-credit-limit'],
      ['a credit limit with too many decimals', { creditLimit: '10.1234' }, 'invalid-credit-limit'],
      ['a credit limit that is not a number', { creditLimit: 'lots' }, 'invalid-credit-limit'],
      ['an unsupported language', { language: 'it' }, 'invalid-language'],
      ['a segment too long', { segment: 's'.repeat(61) }, 'segment-too-long'],
    ])('refuses %s', async (_label, overrides, error) => {
      const customer = await newCustomer()
      const input = { customerId: customer.id, segment: 'SMB', creditLimit: '100', language: 'fr', actor, ...overrides }
      expect(await updateCustomer(database.db, input)).toEqual({ ok: false, error })
      expect((await customerNow(customer.id)).segment).toBeNull()
    })
  })

  describe('portal links', () => {
    test('issues a link in the contact’s language, then re-issues (revoking the others), then revokes all', async () => {
      const { db } = database
      const customer = await newCustomer()
      const german = await createContact(db, { customerId: customer.id, language: 'de' })
      const issue = (revokeOthers: boolean, contactId: string | null = german.id) =>
        issueCustomerPortalLink(db, { customerId: customer.id, contactId, revokeOthers, portalBaseUrl: 'https://pay.example.test/', ttlDays: 30, now: NOW, actor })
      const first = await issue(false)
      if (!first.ok) throw new Error(first.error)
      expect(first.value.url).toMatch(/^https:\/\/pay\.example\.test\/de\/a\/[A-Za-z0-9_-]{43}$/)
      expect(first.value.revokedCount).toBe(0)
      expect((await issue(false, null)).ok).toBe(true)
      expect(await countLivePortalLinks(db, { customerId: customer.id, now: NOW })).toBe(2)

      const reissued = await issue(true)
      expect(reissued.ok && reissued.value.revokedCount).toBe(2)
      expect(await countLivePortalLinks(db, { customerId: customer.id, now: NOW })).toBe(1)
      // The token itself is never stored, only its hash.
      const token = first.value.url.split('/').pop()!
      expect((await tableAsText(db, 'portal_access_tokens')).join('\n')).not.toContain(token)

      expect(await revokeCustomerPortalLinks(db, { customerId: customer.id, now: NOW, actor })).toEqual({ ok: true, value: { revokedCount: 1 } })
      expect(await countLivePortalLinks(db, { customerId: customer.id, now: NOW })).toBe(0)
      const revocations = (await auditRows(db, 'portal_link.revoked_all')).filter((row) => row.customer_id === customer.id)
      expect(revocations.map((row) => (row.after as { revokedCount: number }).revokedCount)).toEqual([2, 1])
      expect((await auditRows(db, 'portal_link.issued')).filter((row) => row.customer_id === customer.id)).toHaveLength(3)
    })

    test('refuses a contact of another customer', async () => {
      const { db } = database
      const customer = await newCustomer()
      const other = await newCustomer()
      const theirs = await createContact(db, { customerId: other.id })
      const result = await issueCustomerPortalLink(db, { customerId: customer.id, contactId: theirs.id, revokeOthers: false, portalBaseUrl: 'https://p.test', ttlDays: 30, now: NOW, actor })
      expect(result).toEqual({ ok: false, error: 'contact-not-found' })
      expect(await countLivePortalLinks(db, { customerId: customer.id, now: NOW })).toBe(0)
    })
  })
})
