import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'
import { sqlStateOf } from '../client'
import { createCustomer, createEntity, createInvoice, createPayment } from '../seed/factories'
import { createCreditNoteWithAllocations, createStaffMember, createWriteOff } from '../seed/factories-finance'
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../testing/test-databases'
import {
  addToInvoiceSettlement,
  findCustomerForFinance,
  findInvoiceForBackoffice,
  listFinanceCurrencies,
  listInvoicesForBackoffice,
  listOpenCurrenciesOfCustomer,
  listOpenInvoicesOfCustomer,
  lockInvoicesForSettlement,
  searchCustomersForFinance,
} from './backoffice-invoices'

const TODAY = '2026-06-15'
const ALL: CustomerVisibility = { kind: 'all' }

describe.each(TEST_DATABASE_KINDS)('back-office invoices on %s', (kind) => {
  let database: TestDatabase
  let entityId: string
  let salesId: string
  let otherSalesId: string
  let owned: { id: string }
  let other: { id: string }
  const inv: Record<string, { id: string; number: string; totalMinor: number }> = {}

  beforeAll(async () => {
    database = await createTestDatabase(kind)
    const { db } = database
    entityId = (await createEntity(db)).id
    salesId = (await createStaffMember(db, { role: 'sales' })).id
    otherSalesId = (await createStaffMember(db, { role: 'sales' })).id
    owned = await createCustomer(db, { entityId, name: 'Boulangerie 100% Martin', externalRef: 'C-OWNED', salesOwnerId: salesId })
    other = await createCustomer(db, { entityId, name: 'Garage Dupont', externalRef: 'C-OTHER', salesOwnerId: otherSalesId, currency: 'GBP' })
    const make = async (key: string, customerId: string, dueDate: string, totalMinor: number, currency = 'EUR') => {
      inv[key] = await createInvoice(db, { entityId, customerId, number: key, issueDate: '2026-01-01', dueDate, totalMinor, currency })
    }
    await make('INV-A', owned.id, '2026-03-01', 10_000) // overdue, untouched
    await make('INV-B', owned.id, '2026-07-01', 20_000) // not due, partly paid below
    await make('INV-C', owned.id, '2026-02-01', 5_000) // paid below
    await make('INV-D', other.id, '2026-05-01', 7_000, 'GBP') // overdue, other customer
    await make('INV-E', other.id, '2026-08-01', 3_000) // not due, EUR
    await createPayment(db, { entityId, customerId: owned.id, currency: 'EUR', amountMinor: 5_000, receivedOn: '2026-02-01', allocations: [{ invoiceId: inv['INV-C']!.id, amountMinor: 5_000 }] })
    await createPayment(db, { entityId, customerId: owned.id, currency: 'EUR', amountMinor: 4_000, receivedOn: '2026-05-01', externalRef: 'VIR-1', allocations: [{ invoiceId: inv['INV-B']!.id, amountMinor: 4_000 }] })
  })
  afterAll(async () => {
    await database?.drop()
  })

  const list = (filters: Partial<Parameters<typeof listInvoicesForBackoffice>[1]> = {}) =>
    listInvoicesForBackoffice(database.db, {
      visibility: ALL,
      status: 'all',
      today: TODAY,
      sort: 'number_asc',
      limit: 50,
      offset: 0,
      ...filters,
    })
  const numbers = async (filters: Parameters<typeof list>[0]) => (await list(filters)).rows.map((r) => r.number)

  test.each([
    { status: 'all', expected: ['INV-A', 'INV-B', 'INV-C', 'INV-D', 'INV-E'] },
    { status: 'open', expected: ['INV-A', 'INV-B', 'INV-D', 'INV-E'] },
    { status: 'overdue', expected: ['INV-A', 'INV-D'] },
    { status: 'partially_paid', expected: ['INV-B'] },
    { status: 'paid', expected: ['INV-C'] },
  ] as const)('filters by status $status', async ({ status, expected }) => {
    expect(await numbers({ status })).toEqual(expected)
  })

  test.each([
    { name: 'currency', filters: { currency: 'GBP' }, expected: ['INV-D'] },
    { name: 'due from', filters: { dueFrom: '2026-05-01' }, expected: ['INV-B', 'INV-D', 'INV-E'] },
    { name: 'due to', filters: { dueTo: '2026-03-01' }, expected: ['INV-A', 'INV-C'] },
    { name: 'due range', filters: { dueFrom: '2026-03-01', dueTo: '2026-07-01' }, expected: ['INV-A', 'INV-B', 'INV-D'] },
    { name: 'customer name, any case', filters: { search: 'dupont' }, expected: ['INV-D', 'INV-E'] },
    { name: 'customer reference', filters: { search: 'c-owned' }, expected: ['INV-A', 'INV-B', 'INV-C'] },
    { name: 'invoice number', filters: { search: 'inv-e' }, expected: ['INV-E'] },
    { name: 'a literal percent sign', filters: { search: '100%' }, expected: ['INV-A', 'INV-B', 'INV-C'] },
    { name: 'an underscore is not a wildcard', filters: { search: 'INV_A' }, expected: [] },
  ])('filters by $name', async ({ filters, expected }) => {
    expect(await numbers(filters)).toEqual(expected)
  })

  test('filters by customer', async () => {
    expect(await numbers({ customerId: other.id })).toEqual(['INV-D', 'INV-E'])
  })

  test.each([
    { sort: 'due_asc', expected: ['INV-C', 'INV-A', 'INV-D', 'INV-B', 'INV-E'] },
    { sort: 'due_desc', expected: ['INV-E', 'INV-B', 'INV-D', 'INV-A', 'INV-C'] },
    { sort: 'remaining_desc', expected: ['INV-B', 'INV-A', 'INV-D', 'INV-E', 'INV-C'] },
    { sort: 'remaining_asc', expected: ['INV-C', 'INV-E', 'INV-D', 'INV-A', 'INV-B'] },
    { sort: 'number_desc', expected: ['INV-E', 'INV-D', 'INV-C', 'INV-B', 'INV-A'] },
  ] as const)('sorts by $sort', async ({ sort, expected }) => {
    expect(await numbers({ sort })).toEqual(expected)
  })

  test('pages with a total count, and totals per currency that never mix currencies', async () => {
    const first = await list({ limit: 2, offset: 0 })
    const last = await list({ limit: 2, offset: 4 })
    expect(first.rows.map((r) => r.number)).toEqual(['INV-A', 'INV-B'])
    expect(last.rows.map((r) => r.number)).toEqual(['INV-E'])
    expect(first.total).toBe(5)
    expect(first.totals).toEqual([
      { currency: 'EUR', invoiceCount: 4, totalMinor: 38_000, remainingMinor: 29_000 },
      { currency: 'GBP', invoiceCount: 1, totalMinor: 7_000, remainingMinor: 7_000 },
    ])
  })

  test('shows a sales owner only their customers’ invoices, in the list and the detail', async () => {
    const visibility: CustomerVisibility = { kind: 'owned-by', staffUserId: salesId }
    expect(await numbers({ visibility })).toEqual(['INV-A', 'INV-B', 'INV-C'])
    expect((await list({ visibility })).totals.map((t) => t.currency)).toEqual(['EUR'])
    expect(await findInvoiceForBackoffice(database.db, { invoiceId: inv['INV-D']!.id, visibility })).toBeNull()
    expect((await findInvoiceForBackoffice(database.db, { invoiceId: inv['INV-A']!.id, visibility }))?.number).toBe('INV-A')
    expect(await findCustomerForFinance(database.db, { customerId: other.id, visibility })).toBeNull()
    expect(await searchCustomersForFinance(database.db, { visibility, search: 'garage', limit: 10 })).toEqual([])
    expect(await listFinanceCurrencies(database.db, visibility)).toEqual(['EUR'])
    expect(await listFinanceCurrencies(database.db, ALL)).toEqual(['EUR', 'GBP'])
  })

  test('returns an invoice with its lines and every payment, credit note and write-off that settled it', async () => {
    const { db } = database
    const customer = await createCustomer(db, { entityId })
    const staff = await createStaffMember(db, { role: 'credit_manager', name: 'Chloé Lefèvre' })
    const invoice = await createInvoice(db, { entityId, customerId: customer.id, issueDate: '2026-01-10', dueDate: '2026-02-10', totalMinor: 12_000 })
    const payment = await createPayment(db, { entityId, customerId: customer.id, currency: 'EUR', amountMinor: 5_000, receivedOn: '2026-02-01', method: 'cheque', externalRef: 'CHQ-77', allocations: [{ invoiceId: invoice.id, amountMinor: 5_000 }] })
    const creditNote = await createCreditNoteWithAllocations(db, { entityId, customerId: customer.id, currency: 'EUR', totalMinor: 3_000, issueDate: '2026-02-05', number: 'AV-1', reason: 'Damaged goods', allocations: [{ invoiceId: invoice.id, amountMinor: 2_000 }] })
    await createWriteOff(db, { invoiceId: invoice.id, customerId: customer.id, amountMinor: 1_000, reason: 'Bank fees', staffUserId: staff.id })

    const found = await findInvoiceForBackoffice(db, { invoiceId: invoice.id, visibility: ALL })
    expect(found).toMatchObject({ number: invoice.number, totalMinor: 12_000, paidMinor: 5_000, creditedMinor: 2_000, writtenOffMinor: 1_000, customerId: customer.id, timeZone: 'Europe/Paris' })
    expect(found?.lines).toHaveLength(1)
    expect(found?.payments).toMatchObject([{ paymentId: payment.id, amountMinor: 5_000, method: 'cheque', reference: 'CHQ-77', receivedOn: '2026-02-01' }])
    expect(found?.creditNotes).toMatchObject([{ creditNoteId: creditNote.id, number: 'AV-1', amountMinor: 2_000, reason: 'Damaged goods' }])
    expect(found?.writeOffs).toMatchObject([{ amountMinor: 1_000, reason: 'Bank fees', staffName: 'Chloé Lefèvre' }])
  })

  test('lists a customer’s open invoices in one currency, oldest due first, and the currencies it owes in', async () => {
    const open = await listOpenInvoicesOfCustomer(database.db, { customerId: owned.id, currency: 'EUR', limit: 10 })
    expect(open.map((i) => [i.number, i.remainingMinor])).toEqual([
      ['INV-A', 10_000],
      ['INV-B', 16_000],
    ])
    expect(await listOpenInvoicesOfCustomer(database.db, { customerId: owned.id, currency: 'GBP', limit: 10 })).toEqual([])
    expect(await listOpenCurrenciesOfCustomer(database.db, other.id)).toEqual(['EUR', 'GBP'])
  })

  test('locks invoices in id order and moves one settled sum; the CHECK refuses settling more than the total', async () => {
    const { db } = database
    const customer = await createCustomer(db, { entityId })
    const a = await createInvoice(db, { entityId, customerId: customer.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 1_000 })
    const b = await createInvoice(db, { entityId, customerId: customer.id, issueDate: '2026-01-01', dueDate: '2026-02-01', totalMinor: 2_000 })
    const after = await db.transaction(async (tx) => {
      const locked = await lockInvoicesForSettlement(tx, [b.id, a.id, b.id])
      expect(locked.map((i) => i.id)).toEqual([a.id, b.id].sort())
      return addToInvoiceSettlement(tx, { kind: 'credited', amounts: [{ invoiceId: a.id, amountMinor: 300 }, { invoiceId: b.id, amountMinor: 2_000 }] })
    })
    expect(after).toEqual(
      [
        { id: a.id, paidMinor: 0, creditedMinor: 300, writtenOffMinor: 0 },
        { id: b.id, paidMinor: 0, creditedMinor: 2_000, writtenOffMinor: 0 },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    )
    const over = await addToInvoiceSettlement(db, { kind: 'written_off', amounts: [{ invoiceId: a.id, amountMinor: 701 }] }).catch((e: unknown) => e)
    expect(sqlStateOf(over)).toBe('23514')
    expect(await lockInvoicesForSettlement(db, [])).toEqual([])
  })
})
