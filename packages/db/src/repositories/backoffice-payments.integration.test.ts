import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { createCustomer, createEntity, createInvoice, createPayment } from '../seed/factories'
import { createCreditNoteWithAllocations, createStaffMember } from '../seed/factories-finance'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import {
  findCreditNoteForBackoffice,
  listCreditNotesForBackoffice,
  listUnappliedCreditNotesOfCustomer,
  lockCreditNoteForApplication,
  creditNoteNumberTaken,
} from './backoffice-credit-notes'
import {
  findPaymentForBackoffice,
  listCustomerCredits,
  listPaymentsForBackoffice,
  lockPaymentForAllocation,
  paymentReferenceTaken,
} from './backoffice-payments'
import { applyReversalAmounts, insertReversal } from './online-payments'

const ALL: CustomerVisibility = { kind: 'all' }

describe.each(TEST_DATABASE_KINDS)('back-office payments and credit notes on %s', (kind) => {
  let database: TestDatabase
  let entityId: string
  let salesId: string
  let owned: { id: string }
  let other: { id: string }
  const pay: Record<string, { id: string }> = {}
  const cn: Record<string, { id: string }> = {}

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const { db } = database
    entityId = (await createEntity(db)).id
    salesId = (await createStaffMember(db, { role: 'sales' })).id
    owned = await createCustomer(db, { entityId, name: 'Martin', salesOwnerId: salesId })
    other = await createCustomer(db, { entityId, name: 'Dupont' })
    const a = await createInvoice(db, { entityId, customerId: owned.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 10_000 })
    const b = await createInvoice(db, { entityId, customerId: other.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 900, currency: 'JPY' })
    pay.full = await createPayment(db, { entityId, customerId: owned.id, currency: 'EUR', amountMinor: 4_000, receivedOn: '2026-03-01', method: 'bank_transfer', externalRef: 'VIR-001', allocations: [{ invoiceId: a.id, amountMinor: 4_000 }] })
    pay.partial = await createPayment(db, { entityId, customerId: owned.id, currency: 'EUR', amountMinor: 5_000, receivedOn: '2026-03-10', method: 'cheque', externalRef: 'CHQ-9', allocations: [{ invoiceId: a.id, amountMinor: 1_500 }] })
    pay.credit = await createPayment(db, { entityId, customerId: other.id, currency: 'JPY', amountMinor: 2_000, receivedOn: '2026-04-01', method: 'cash', allocations: [{ invoiceId: b.id, amountMinor: 900 }] })
    cn.applied = await createCreditNoteWithAllocations(db, { entityId, customerId: owned.id, currency: 'EUR', totalMinor: 1_000, issueDate: '2026-03-05', number: 'AV-1', allocations: [{ invoiceId: a.id, amountMinor: 1_000 }] })
    cn.open = await createCreditNoteWithAllocations(db, { entityId, customerId: owned.id, currency: 'EUR', totalMinor: 2_500, issueDate: '2026-03-06', number: 'AV-2', allocations: [{ invoiceId: a.id, amountMinor: 500 }] })
    cn.other = await createCreditNoteWithAllocations(db, { entityId, customerId: other.id, currency: 'JPY', totalMinor: 300, issueDate: '2026-04-02', number: 'AV-3' })
  })
  afterAll(async () => {
    await database?.drop()
  })

  const payments = async (filters: Partial<Parameters<typeof listPaymentsForBackoffice>[1]> = {}) =>
    listPaymentsForBackoffice(database.db, { visibility: ALL, limit: 50, offset: 0, ...filters })

  test('lists payments newest first with what is allocated, and totals per currency', async () => {
    const list = await payments()
    expect(list.rows.map((r) => [r.reference, r.amountMinor, r.allocatedMinor])).toEqual([
      [null, 2_000, 900],
      ['CHQ-9', 5_000, 1_500],
      ['VIR-001', 4_000, 4_000],
    ])
    expect(list.total).toBe(3)
    expect(list.totals).toEqual([
      { currency: 'EUR', paymentCount: 2, amountMinor: 9_000, allocatedMinor: 5_500 },
      { currency: 'JPY', paymentCount: 1, amountMinor: 2_000, allocatedMinor: 900 },
    ])
  })

  test.each([
    { name: 'currency', filters: { currency: 'JPY' }, expected: [2_000] },
    { name: 'method', filters: { method: 'cheque' as const }, expected: [5_000] },
    { name: 'received from', filters: { receivedFrom: '2026-03-10' }, expected: [2_000, 5_000] },
    { name: 'received to', filters: { receivedTo: '2026-03-09' }, expected: [4_000] },
    { name: 'with money unallocated', filters: { allocation: 'unallocated' as const }, expected: [2_000, 5_000] },
    { name: 'fully allocated', filters: { allocation: 'fully_allocated' as const }, expected: [4_000] },
    { name: 'reference', filters: { search: 'vir-0' }, expected: [4_000] },
    { name: 'customer name', filters: { search: 'dupont' }, expected: [2_000] },
  ])('filters payments by $name', async ({ filters, expected }) => {
    expect((await payments(filters)).rows.map((r) => r.amountMinor)).toEqual(expected)
  })

  test('shows a sales owner only their customers’ payments and credit notes', async () => {
    const visibility: CustomerVisibility = { kind: 'owned-by', staffUserId: salesId }
    expect((await payments({ visibility })).rows.map((r) => r.id).sort()).toEqual([pay.full!.id, pay.partial!.id].sort())
    expect(await findPaymentForBackoffice(database.db, { paymentId: pay.credit!.id, visibility })).toBeNull()
    const notes = await listCreditNotesForBackoffice(database.db, { visibility, limit: 50, offset: 0 })
    expect(notes.rows.map((r) => r.number)).toEqual(['AV-2', 'AV-1'])
    expect(await findCreditNoteForBackoffice(database.db, { creditNoteId: cn.other!.id, visibility })).toBeNull()
  })

  test('returns a payment with its allocations and its unallocated remainder', async () => {
    const found = await findPaymentForBackoffice(database.db, { paymentId: pay.partial!.id, visibility: ALL })
    expect(found).toMatchObject({ amountMinor: 5_000, allocatedMinor: 1_500, unallocatedMinor: 3_500, method: 'cheque', reference: 'CHQ-9', customerId: owned.id })
    expect(found?.allocations).toHaveLength(1)
  })

  test('sums a customer’s credit per currency from unallocated payments and unapplied credit notes', async () => {
    expect(await listCustomerCredits(database.db, owned.id)).toEqual([
      { currency: 'EUR', unallocatedPaymentsMinor: 3_500, unappliedCreditNotesMinor: 2_000 },
    ])
    expect(await listCustomerCredits(database.db, other.id)).toEqual([
      { currency: 'JPY', unallocatedPaymentsMinor: 1_100, unappliedCreditNotesMinor: 300 },
    ])
  })

  test('lists credit notes with what is applied, filtered', async () => {
    const list = async (filters: Partial<Parameters<typeof listCreditNotesForBackoffice>[1]>) =>
      (await listCreditNotesForBackoffice(database.db, { visibility: ALL, limit: 50, offset: 0, ...filters })).rows.map((r) => [r.number, r.appliedMinor])
    expect(await list({})).toEqual([['AV-3', 0], ['AV-2', 500], ['AV-1', 1_000]])
    expect(await list({ application: 'unapplied' })).toEqual([['AV-3', 0], ['AV-2', 500]])
    expect(await list({ application: 'fully_applied' })).toEqual([['AV-1', 1_000]])
    expect(await list({ currency: 'JPY' })).toEqual([['AV-3', 0]])
    expect(await list({ issuedFrom: '2026-03-06', issuedTo: '2026-03-31' })).toEqual([['AV-2', 500]])
    expect(await list({ search: 'av-1' })).toEqual([['AV-1', 1_000]])
    const found = await findCreditNoteForBackoffice(database.db, { creditNoteId: cn.open!.id, visibility: ALL })
    expect(found).toMatchObject({ number: 'AV-2', totalMinor: 2_500, appliedMinor: 500, unappliedMinor: 2_000 })
    expect(await listUnappliedCreditNotesOfCustomer(database.db, { customerId: owned.id, currency: 'EUR' })).toMatchObject([
      { number: 'AV-2', unappliedMinor: 2_000 },
    ])
  })

  test('locks a payment or a credit note with what is already allocated; references and numbers are per entity', async () => {
    const { db } = database
    const payment = await db.transaction((tx) => lockPaymentForAllocation(tx, pay.partial!.id))
    expect(payment).toMatchObject({ amountMinor: 5_000, allocatedMinor: 1_500, currency: 'EUR' })
    const creditNote = await db.transaction((tx) => lockCreditNoteForApplication(tx, cn.open!.id))
    expect(creditNote).toMatchObject({ totalMinor: 2_500, appliedMinor: 500 })
    expect(await lockPaymentForAllocation(db, '00000000-0000-4000-8000-000000000000')).toBeNull()
    expect(await paymentReferenceTaken(db, { entityId, reference: 'VIR-001' })).toBe(true)
    expect(await paymentReferenceTaken(db, { entityId, reference: 'vir-001' })).toBe(false)
    const otherEntity = await createEntity(db)
    expect(await paymentReferenceTaken(db, { entityId: otherEntity.id, reference: 'VIR-001' })).toBe(false)
    expect(await creditNoteNumberTaken(db, { entityId, number: 'AV-1' })).toBe(true)
    expect(await creditNoteNumberTaken(db, { entityId: otherEntity.id, number: 'AV-1' })).toBe(false)
  })

  test('a refunded payment’s credit shrinks by the refund, and grows by what the refund took back from invoices', async () => {
    const { db } = database
    const customer = await createCustomer(db, { entityId, name: 'Refunded' })
    const invoice = await createInvoice(db, { entityId, customerId: customer.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 3_000 })
    const payment = await createPayment(db, { entityId, customerId: customer.id, currency: 'EUR', amountMinor: 10_000, receivedOn: '2026-03-01', method: 'card', allocations: [{ invoiceId: invoice.id, amountMinor: 3_000 }] })
    expect(await listCustomerCredits(db, customer.id)).toEqual([{ currency: 'EUR', unallocatedPaymentsMinor: 7_000, unappliedCreditNotesMinor: 0 }])
    const reverse = async (amountMinor: number, fromInvoices: { invoiceId: string; amountMinor: number }[]) => {
      const reversalId = await insertReversal(db, {
        paymentId: payment.id, entityId, customerId: customer.id, kind: 'refund', status: 'succeeded', provider: 'sandbox',
        providerRef: null, idempotencyKey: null, currency: 'EUR', amountMinor, reason: null,
      })
      await applyReversalAmounts(db, { reversalId, paymentId: payment.id, reversedDelta: amountMinor, fromInvoices })
    }
    const listed = async (allocation: 'unallocated' | 'fully_allocated') =>
      (await listPaymentsForBackoffice(db, { visibility: ALL, customerId: customer.id, allocation, limit: 10, offset: 0 })).rows.length
    // 2,500 refunded out of the credit: 4,500 left, still listed as money to allocate.
    await reverse(2_500, [])
    expect(await listCustomerCredits(db, customer.id)).toEqual([{ currency: 'EUR', unallocatedPaymentsMinor: 4_500, unappliedCreditNotesMinor: 0 }])
    expect([await listed('unallocated'), await listed('fully_allocated')]).toEqual([1, 0])
    // The rest refunded, 3,000 of it taken back from the invoice (which re-opens): no credit left at all, and the
    // payment no longer shows among those with money to allocate.
    await reverse(7_500, [{ invoiceId: invoice.id, amountMinor: 3_000 }])
    expect(await listCustomerCredits(db, customer.id)).toEqual([])
    expect([await listed('unallocated'), await listed('fully_allocated')]).toEqual([0, 1])
  })
})
