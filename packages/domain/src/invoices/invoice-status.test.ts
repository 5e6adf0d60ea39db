import { describe, expect, test } from 'vitest'
import { INVOICE_STATUSES, invoiceStatus, isOverdue } from './invoice-status'
import type { InvoiceStatusInput } from './invoice-status'

const today = '2026-11-23'
const past = '2026-10-31'
const future = '2026-12-31'

const invoice = (overrides: Partial<InvoiceStatusInput> = {}): InvoiceStatusInput => ({
  totalMinor: 10_000,
  paidMinor: 0,
  creditedMinor: 0,
  writtenOffMinor: 0,
  dueDate: future,
  ...overrides,
})
const everyFlag = { isDisputed: true, isInPaymentPlan: true, isPromised: true }

describe('invoiceStatus', () => {
  test.each([
    { name: 'an untouched invoice not yet due', input: invoice(), expected: 'open' },
    { name: 'an invoice due today', input: invoice({ dueDate: today }), expected: 'open' },
    { name: 'an invoice due yesterday', input: invoice({ dueDate: '2026-11-22' }), expected: 'overdue' },
    {
      name: 'a partly paid invoice not yet due',
      input: invoice({ paidMinor: 1 }),
      expected: 'partially_paid',
    },
    {
      name: 'a partly credited invoice not yet due',
      input: invoice({ creditedMinor: 500 }),
      expected: 'partially_paid',
    },
    {
      name: 'a partly paid overdue invoice',
      input: invoice({ paidMinor: 1, dueDate: past }),
      expected: 'overdue',
    },
    {
      name: 'a promised overdue invoice',
      input: invoice({ dueDate: past, isPromised: true }),
      expected: 'promised',
    },
    { name: 'a promised invoice not yet due', input: invoice({ isPromised: true }), expected: 'promised' },
    {
      name: 'an invoice both promised and in a plan',
      input: invoice({ dueDate: past, isPromised: true, isInPaymentPlan: true }),
      expected: 'in_payment_plan',
    },
    {
      name: 'a disputed invoice in a plan with a promise',
      input: invoice({ dueDate: past, ...everyFlag }),
      expected: 'disputed',
    },
    {
      name: 'a disputed partly paid invoice',
      input: invoice({ paidMinor: 5_000, isDisputed: true }),
      expected: 'disputed',
    },
    {
      name: 'a paid invoice with every flag and a past due date',
      input: invoice({ paidMinor: 10_000, dueDate: past, ...everyFlag }),
      expected: 'paid',
    },
    {
      name: 'an invoice settled by a credit note and a write-off',
      input: invoice({ creditedMinor: 4_000, writtenOffMinor: 6_000, dueDate: past }),
      expected: 'paid',
    },
    {
      name: 'an invoice with flags explicitly false',
      input: invoice({ isDisputed: false, isInPaymentPlan: false, isPromised: false }),
      expected: 'open',
    },
  ])('gives $name the status $expected', ({ input, expected }) => {
    expect(invoiceStatus(input, today)).toBe(expected)
  })

  test('lists every status it can return', () => {
    expect(INVOICE_STATUSES).toEqual([
      'open',
      'partially_paid',
      'overdue',
      'promised',
      'in_payment_plan',
      'disputed',
      'paid',
    ])
  })
})

describe('isOverdue', () => {
  test.each([
    { name: 'an unpaid invoice due yesterday', input: invoice({ dueDate: '2026-11-22' }), expected: true },
    { name: 'an unpaid invoice due today', input: invoice({ dueDate: today }), expected: false },
    { name: 'an unpaid invoice due next month', input: invoice(), expected: false },
    {
      name: 'a paid invoice past its due date',
      input: invoice({ paidMinor: 10_000, dueDate: past }),
      expected: false,
    },
    // Overdue is a fact about money and dates; a dispute changes what we do about it, not whether it is late.
    {
      name: 'a disputed invoice past its due date',
      input: invoice({ dueDate: past, isDisputed: true }),
      expected: true,
    },
  ])('says $name is overdue: $expected', ({ input, expected }) => {
    expect(isOverdue(input, today)).toBe(expected)
  })
})
