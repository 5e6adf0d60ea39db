import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { openDatabase, type Database } from '@quittance/db/client'
import { findCreditNoteForBackoffice, listCreditNotesForBackoffice } from '@quittance/db/repositories/backoffice-credit-notes'
import { findInvoiceForBackoffice } from '@quittance/db/repositories/backoffice-invoices'
import { listCustomerCredits } from '@quittance/db/repositories/backoffice-payments'
import { createCustomer, createInvoice } from '@quittance/db/seed/factories'
import { createLetteringScenario, createStaffMember } from '@quittance/db/seed/factories-finance'
import { tableAsText } from '@quittance/db/testing/inspect'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { applyCreditNote } from './apply-credit-note'
import { createCreditNote, type CreateCreditNoteInput } from './create-credit-note'

const NOW = new Date('2026-06-15T22:30:00Z') // already 16 June in Paris
const ALL: CustomerVisibility = { kind: 'all' }
type Scenario = Awaited<ReturnType<typeof createLetteringScenario>>

describe.each(TEST_DATABASE_KINDS)('credit notes on %s', (kind) => {
  let database: TestDatabase
  let n = 0

  beforeAll(async () => {
    database = await createTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  const scenario = () =>
    createLetteringScenario(database.db, {
      invoices: [
        ['A', '2026-03-01', 10_000],
        ['B', '2026-04-01', 20_000],
        ['G', '2026-04-01', 5_000, 'GBP'],
      ],
    })

  const create = (s: Scenario, overrides: Partial<CreateCreditNoteInput> = {}) =>
    createCreditNote(database.db, {
      customerId: s.customer.id,
      number: `AV-${kind}-${++n}`,
      issueDate: '2026-06-12',
      currency: 'EUR',
      amount: '150',
      reason: 'Damaged delivery',
      applications: [],
      visibility: ALL,
      actor: { id: s.actor.id },
      now: NOW,
      ...overrides,
    })

  const credited = async (invoiceId: string) =>
    (await findInvoiceForBackoffice(database.db, { invoiceId, visibility: ALL }))!.creditedMinor
  const notesOf = async (customerId: string) =>
    (await listCreditNotesForBackoffice(database.db, { visibility: ALL, search: null, limit: 50, offset: 0 })).rows.filter((r) => r.customerId === customerId)

  test('issues a credit note, applies it to two invoices, keeps the rest as credit, and audits it', async () => {
    const s = await scenario()
    const result = await create(s, {
      amount: '400,00',
      applications: [
        { invoiceId: s.invoices.A!.id, amount: '100' },
        { invoiceId: s.invoices.B!.id, amount: '50,5' },
      ],
    })
    expect(result.ok && result.value).toMatchObject({ appliedMinor: 15_050, unappliedMinor: 24_950 })
    expect(await credited(s.invoices.A!.id)).toBe(10_000)
    expect(await credited(s.invoices.B!.id)).toBe(5_050)
    expect(await listCustomerCredits(database.db, s.customer.id)).toEqual([
      { currency: 'EUR', unallocatedPaymentsMinor: 0, unappliedCreditNotesMinor: 24_950 },
    ])
    const id = result.ok ? result.value.creditNoteId : ''
    const audit = (await tableAsText(database.db, 'audit_events')).map((row) => JSON.parse(row) as Record<string, unknown>)
    const event = audit.find((e) => e.action === 'credit_note.created' && e.subject_id === id)
    expect(event).toMatchObject({ actor_id: s.actor.id, customer_id: s.customer.id })
    expect(event?.after).toMatchObject({ creditNote: { totalMinor: 40_000, reason: 'Damaged delivery' }, unappliedMinor: 24_950 })
  })

  test('applies what is left later, to another invoice, and refuses more than is left', async () => {
    const s = await scenario()
    const created = await create(s, { amount: '120', applications: [{ invoiceId: s.invoices.A!.id, amount: '100' }] })
    const creditNoteId = created.ok ? created.value.creditNoteId : ''
    const apply = (amount: string, invoiceId = s.invoices.B!.id) =>
      applyCreditNote(database.db, { creditNoteId, applications: [{ invoiceId, amount }], visibility: ALL, actor: { id: s.actor.id } })
    expect(await apply('20,01')).toEqual({ ok: false, error: { code: 'exceeds-available', availableMinor: 2_000, requestedMinor: 2_001 } })
    expect(await apply('1', s.invoices.G!.id)).toMatchObject({ ok: false, error: { code: 'invoice-in-another-currency' } })
    expect(await apply('')).toEqual({ ok: false, error: { code: 'nothing-to-apply' } })
    expect(await apply('20')).toEqual({ ok: true, value: { appliedMinor: 2_000, unappliedMinor: 0 } })
    expect(await apply('0,01')).toEqual({ ok: false, error: { code: 'exceeds-available', availableMinor: 0, requestedMinor: 1 } })
    expect(await credited(s.invoices.B!.id)).toBe(2_000)
    const found = await findCreditNoteForBackoffice(database.db, { creditNoteId, visibility: ALL })
    expect(found).toMatchObject({ appliedMinor: 12_000, unappliedMinor: 0 })
    const audit = (await tableAsText(database.db, 'audit_events')).map((row) => JSON.parse(row) as Record<string, unknown>)
    expect(audit.filter((e) => e.action === 'credit_note.applied' && e.subject_id === creditNoteId)).toHaveLength(1)
  })

  test.each([
    { name: 'an application above what the invoice owes', overrides: (s: Scenario) => ({ amount: '500', applications: [{ invoiceId: s.invoices.A!.id, amount: '100,01' }] }), error: { code: 'exceeds-remaining', remainingMinor: 10_000 } },
    { name: 'applications above the credit note', overrides: (s: Scenario) => ({ amount: '100', applications: [{ invoiceId: s.invoices.A!.id, amount: '60' }, { invoiceId: s.invoices.B!.id, amount: '40,01' }] }), error: { code: 'exceeds-available' } },
    { name: 'an invoice in another currency', overrides: (s: Scenario) => ({ applications: [{ invoiceId: s.invoices.G!.id, amount: '1' }] }), error: { code: 'invoice-in-another-currency' } },
    { name: 'another customer’s invoice', overrides: (_s: Scenario, foreign: string) => ({ applications: [{ invoiceId: foreign, amount: '1' }] }), error: { code: 'invoice-of-another-customer' } },
    { name: 'a date after the creditor’s today', overrides: () => ({ issueDate: '2026-06-17' }), error: { code: 'date-in-future', today: '2026-06-16' } },
    { name: 'a malformed date', overrides: () => ({ issueDate: '16/06/2026' }), error: { code: 'invalid-date' } },
    { name: 'a zero amount', overrides: () => ({ amount: '0' }), error: { code: 'amount-not-positive' } },
    { name: 'a negative amount', overrides: () => ({ amount: '-150' }), error: { code: 'invalid-amount', reason: 'negative' } },
    { name: 'no number', overrides: () => ({ number: '   ' }), error: { code: 'number-required' } },
    { name: 'a number of 51 characters', overrides: () => ({ number: 'N'.repeat(51) }), error: { code: 'number-too-long' } },
    { name: 'no reason', overrides: () => ({ reason: ' ' }), error: { code: 'reason-required' } },
    { name: 'an unknown currency', overrides: () => ({ currency: 'XXX' }), error: { code: 'invalid-currency' } },
    { name: 'yen with decimals', overrides: () => ({ currency: 'JPY', amount: '100.5' }), error: { code: 'invalid-amount', reason: 'too-many-decimals' } },
    { name: 'dinars with four decimals', overrides: () => ({ currency: 'KWD', amount: '1.0005' }), error: { code: 'invalid-amount', reason: 'too-many-decimals' } },
  ])('refuses $name and changes nothing', async ({ overrides, error }) => {
    const s = await scenario()
    const other = await createCustomer(database.db, { entityId: s.entity.id })
    const foreign = await createInvoice(database.db, { entityId: s.entity.id, customerId: other.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 9_000 })
    expect(await create(s, overrides(s, foreign.id))).toMatchObject({ ok: false, error })
    expect(await notesOf(s.customer.id)).toEqual([])
    expect(await credited(s.invoices.A!.id)).toBe(0)
    expect(await credited(foreign.id)).toBe(0)
  })

  test('refuses a number already used in the entity', async () => {
    const s = await scenario()
    expect((await create(s, { number: 'AV-2026-001' })).ok).toBe(true)
    expect(await create(s, { number: ' AV-2026-001 ' })).toEqual({ ok: false, error: { code: 'duplicate-number' } })
  })

  test('works in Kuwaiti dinars: three decimals are fils', async () => {
    const s = await createLetteringScenario(database.db, { customerCurrency: 'KWD', invoices: [['K', '2026-03-01', 2_500]] })
    const result = await create(s, { currency: 'KWD', amount: '3,125', applications: [{ invoiceId: s.invoices.K!.id, amount: '2.5' }] })
    expect(result.ok && result.value).toMatchObject({ appliedMinor: 2_500, unappliedMinor: 625 })
  })

  test('keeps sales owners out', async () => {
    const s = await scenario()
    const sales = await createStaffMember(database.db, { role: 'sales' })
    expect(await create(s, { visibility: { kind: 'owned-by', staffUserId: sales.id } })).toEqual({ ok: false, error: { code: 'customer-not-found' } })
    const created = await create(s)
    const creditNoteId = created.ok ? created.value.creditNoteId : ''
    expect(
      await applyCreditNote(database.db, { creditNoteId, applications: [{ invoiceId: s.invoices.A!.id, amount: '1' }], visibility: { kind: 'owned-by', staffUserId: sales.id }, actor: { id: s.actor.id } }),
    ).toEqual({ ok: false, error: { code: 'credit-note-not-found' } })
  })
})

describe('a credit note and a payment racing on one invoice (PostgreSQL)', () => {
  let database: TestDatabase
  const clients: Database[] = []

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    for (let i = 0; i < 4; i++) clients.push(await openDatabase({ kind: 'postgres', url: database.url!, maxConnections: 4 }))
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await database?.drop()
  })

  test('eight credit notes applying 40 each to an invoice of 100: two fit, the rest are refused, nothing over-settles', async () => {
    const s = await createLetteringScenario(database.db, { invoices: [['R', '2026-03-01', 10_000]] })
    const invoiceId = s.invoices.R!.id
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createCreditNote(clients[i % clients.length]!.db, {
          customerId: s.customer.id,
          number: `AV-RACE-${i}`,
          issueDate: '2026-06-01',
          currency: 'EUR',
          amount: '40',
          reason: 'Race',
          applications: [{ invoiceId, amount: '40' }],
          visibility: ALL,
          actor: { id: s.actor.id },
          now: NOW,
        }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'exceeds-remaining' } })
    const invoice = await findInvoiceForBackoffice(database.db, { invoiceId, visibility: ALL })
    expect(invoice!.creditedMinor).toBe(8_000)
    expect(invoice!.creditNotes.reduce((sum, c) => sum + c.amountMinor, 0)).toBe(8_000)
  })
})
