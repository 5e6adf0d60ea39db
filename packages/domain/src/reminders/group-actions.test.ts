import { describe, expect, test } from 'vitest'
import { actionKey, groupDueSteps, periodKey } from './group-actions'
import type { DueInvoiceStep } from './group-actions'
import { money } from '../money/money'

const planningDate = '2026-04-04'

const due = (overrides: Partial<DueInvoiceStep> = {}): DueInvoiceStep => ({
  customerId: 'cust-1',
  invoiceId: 'inv-1',
  invoiceDueDate: '2026-04-01',
  remaining: money(10_000, 'EUR'),
  scenarioId: 'fr-b2b',
  scenarioVersion: 3,
  stepKey: 'overdue-3',
  channel: 'email',
  requiresApproval: false,
  daysLate: 0,
  contactIds: ['contact-1'],
  ...overrides,
})

const shape = (items: DueInvoiceStep[]) =>
  groupDueSteps(items, planningDate).actions.map((a) => ({
    customer: a.customerId,
    contact: a.contactId,
    currency: a.currency,
    step: a.stepKey,
    invoices: a.invoiceIds,
    total: a.total.amountMinor,
  }))

describe('groupDueSteps', () => {
  test.each([
    {
      name: 'one message lists every eligible invoice of a customer, oldest due date first',
      items: [
        due({ invoiceId: 'inv-b', invoiceDueDate: '2026-04-01' }),
        due({ invoiceId: 'inv-a', invoiceDueDate: '2026-04-01', remaining: money(5_000, 'EUR') }),
        due({ invoiceId: 'inv-c', invoiceDueDate: '2026-03-20' }),
      ],
      expected: [
        {
          customer: 'cust-1',
          contact: 'contact-1',
          currency: 'EUR',
          step: 'overdue-3',
          invoices: ['inv-c', 'inv-a', 'inv-b'],
          total: 25_000,
        },
      ],
    },
    {
      name: 'two currencies make two messages, never one sum',
      items: [due({ invoiceId: 'inv-eur' }), due({ invoiceId: 'inv-usd', remaining: money(7_000, 'USD') })],
      expected: [
        {
          customer: 'cust-1',
          contact: 'contact-1',
          currency: 'EUR',
          step: 'overdue-3',
          invoices: ['inv-eur'],
          total: 10_000,
        },
        {
          customer: 'cust-1',
          contact: 'contact-1',
          currency: 'USD',
          step: 'overdue-3',
          invoices: ['inv-usd'],
          total: 7_000,
        },
      ],
    },
    {
      name: 'two contacts each get the message',
      items: [due({ contactIds: ['contact-2', 'contact-1', 'contact-2'] })],
      expected: [
        {
          customer: 'cust-1',
          contact: 'contact-1',
          currency: 'EUR',
          step: 'overdue-3',
          invoices: ['inv-1'],
          total: 10_000,
        },
        {
          customer: 'cust-1',
          contact: 'contact-2',
          currency: 'EUR',
          step: 'overdue-3',
          invoices: ['inv-1'],
          total: 10_000,
        },
      ],
    },
    {
      name: 'two steps make two messages',
      items: [due({ invoiceId: 'inv-1' }), due({ invoiceId: 'inv-2', stepKey: 'overdue-10-email' })],
      expected: [
        {
          customer: 'cust-1',
          contact: 'contact-1',
          currency: 'EUR',
          step: 'overdue-10-email',
          invoices: ['inv-2'],
          total: 10_000,
        },
        {
          customer: 'cust-1',
          contact: 'contact-1',
          currency: 'EUR',
          step: 'overdue-3',
          invoices: ['inv-1'],
          total: 10_000,
        },
      ],
    },
    {
      name: 'two customers never share a message',
      items: [due({ customerId: 'cust-2', invoiceId: 'inv-2' }), due()],
      expected: [
        {
          customer: 'cust-1',
          contact: 'contact-1',
          currency: 'EUR',
          step: 'overdue-3',
          invoices: ['inv-1'],
          total: 10_000,
        },
        {
          customer: 'cust-2',
          contact: 'contact-1',
          currency: 'EUR',
          step: 'overdue-3',
          invoices: ['inv-2'],
          total: 10_000,
        },
      ],
    },
    {
      name: 'a phone task without a contact is still one task for the customer',
      items: [
        due({ channel: 'phone-task', stepKey: 'call', contactIds: [] }),
        due({ invoiceId: 'inv-2', channel: 'phone-task', stepKey: 'call', contactIds: [] }),
      ],
      expected: [
        {
          customer: 'cust-1',
          contact: null,
          currency: 'EUR',
          step: 'call',
          invoices: ['inv-1', 'inv-2'],
          total: 20_000,
        },
      ],
    },
  ])('$name', ({ items, expected }) => {
    expect(shape(items)).toEqual(expected)
  })

  test('reports an e-mail step for a customer without an e-mail contact as unreachable', () => {
    expect(groupDueSteps([due({ contactIds: [] })], planningDate)).toEqual({
      actions: [],
      unreachable: [{ customerId: 'cust-1', invoiceId: 'inv-1', stepKey: 'overdue-3', channel: 'email' }],
    })
  })

  test('holds the whole message for approval when one of its steps needs it, and tells how late it is', () => {
    const [action] = groupDueSteps(
      [due({ daysLate: 2 }), due({ invoiceId: 'inv-2', requiresApproval: true })],
      planningDate,
    ).actions
    expect(action?.requiresApproval).toBe(true)
    expect(action?.maxDaysLate).toBe(2)
  })

  test('gives the same keys whatever the order of the input and however often it runs', () => {
    const items = [
      due({ invoiceId: 'inv-1' }),
      due({ invoiceId: 'inv-2', customerId: 'cust-2' }),
      due({ invoiceId: 'inv-3' }),
    ]
    const first = groupDueSteps(items, planningDate).actions.map((a) => a.actionKey)
    const again = groupDueSteps([...items].reverse(), planningDate).actions.map((a) => a.actionKey)
    expect(again).toEqual(first)
    expect(first).toEqual([
      'cust-1:overdue-3:EUR:contact-1:2026-04-04',
      'cust-2:overdue-3:EUR:contact-1:2026-04-04',
    ])
  })

  test('keys an action by its planning day, not by the invoices it lists', () => {
    const one = groupDueSteps([due()], planningDate).actions[0]!.actionKey
    const two = groupDueSteps([due(), due({ invoiceId: 'inv-2' })], planningDate).actions[0]!.actionKey
    const nextDay = groupDueSteps([due()], '2026-04-05').actions[0]!.actionKey
    expect(two).toBe(one)
    expect(nextDay).not.toBe(one)
  })
})

describe('actionKey and periodKey', () => {
  test('encode each part, so ids containing ":" cannot collide', () => {
    const a = actionKey({ customerId: 'a:b', stepKey: 'c', currency: 'EUR', contactId: null, planningDate })
    const b = actionKey({ customerId: 'a', stepKey: 'b:c', currency: 'EUR', contactId: null, planningDate })
    expect(a).toBe('a%3Ab:c:EUR:-:2026-04-04')
    expect(a).not.toBe(b)
  })

  test('a period is the currency, the contact and the planning day', () => {
    expect(periodKey({ currency: 'EUR', contactId: 'contact-1', planningDate })).toBe(
      'EUR:contact-1:2026-04-04',
    )
  })
})
