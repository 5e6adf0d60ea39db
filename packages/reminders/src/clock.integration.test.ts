import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { updateCustomerColumns } from '@quittance/db/repositories/backoffice-customers'
import { inspectReminderActions, listActionInvoiceIdsOfEntity } from '@quittance/db/repositories/reminders-read'
import { createContact, createCustomer, createEntity, createInvoice } from '@quittance/db/seed/factories'
import { payInvoiceInFull } from '@quittance/db/seed/factories-reminders'
import { TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { addDays, daysBetween } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import { FRENCH_B2B_SCENARIO } from '@quittance/domain/reminders/default-scenarios'
import { zonedInstant } from '@quittance/domain/reminders/send-window'
import { simulatePortfolio, type SimulatedInvoice } from '@quittance/domain/reminders/simulate-timeline'
import { ensureReminderDefaults } from '@quittance/use-cases/reminders/ensure-reminder-defaults'
import { holdInvoiceReminders } from '@quittance/use-cases/reminders/hold-invoice-reminders'
import { planReminders } from '@quittance/use-cases/reminders/plan-reminders'
import { releaseInvoiceReminders } from '@quittance/use-cases/reminders/release-invoice-reminders'
import { sendReminderAction } from '@quittance/use-cases/reminders/send-reminder-action'
import { createReminderTestDatabase, sendConfig } from './testing/harness'

// The engine on a real database with a controllable clock: the same portfolio as the pure 120-day test
// (packages/domain/src/reminders/simulate-timeline.test.ts), driven day by day through the database: events are
// written as the product writes them (payments, dispute and promise holds, a pause), the planner runs at 06:00
// Paris, and every action is sent at its send instant, re-checked then. The actions must match the pure simulation.
const DAY_0 = '2026-03-02'
const day = (n: number) => addDays(DAY_0, n)
const SYSTEM = { type: 'system' as const, id: 'clock-test' }

const portfolio: SimulatedInvoice[] = [
  { invoiceId: 'A', customerId: 'cust-1', issueDate: day(0), dueDate: day(7), amount: money(120_000, 'EUR'), events: [{ kind: 'paid', on: day(12) }] },
  { invoiceId: 'B', customerId: 'cust-2', issueDate: day(0), dueDate: day(14), amount: money(250_000, 'EUR'), events: [{ kind: 'dispute', from: day(8), to: day(25) }] },
  { invoiceId: 'C', customerId: 'cust-1', issueDate: day(0), dueDate: day(8), amount: money(80_000, 'EUR'), events: [{ kind: 'promise', madeOn: day(15), promisedFor: day(20), kept: false }] },
  { invoiceId: 'D', customerId: 'cust-3', issueDate: day(0), dueDate: day(20), amount: money(540_000, 'EUR') },
  { invoiceId: 'E', customerId: 'cust-4', issueDate: day(0), dueDate: day(30), knownSince: day(50), amount: money(8_000, 'EUR') },
]

describe.each(TEST_DATABASE_KINDS)('the 120-day clock on %s', (kind) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createReminderTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('steps a portfolio through 120 days and sends exactly the actions of the pure simulation, each once', async () => {
    const { db } = database
    const entity = await createEntity(db)
    await ensureReminderDefaults(db, { entityId: entity.id, now: new Date(`${DAY_0}T00:00:00Z`) })
    const customers: Record<string, string> = {}
    for (const c of ['cust-1', 'cust-2', 'cust-3', 'cust-4']) {
      const row = await createCustomer(db, { entityId: entity.id, name: c, addressLines: ['1 rue du Test'], postalCode: '75001', city: 'Paris' })
      await createContact(db, { customerId: row.id, email: `${c}@debtor.test`, phone: '+33612345678' })
      customers[c] = row.id
    }
    const invoices: Record<string, string> = {}
    const letterOf: Record<string, string> = {}
    const create = async (invoice: SimulatedInvoice) => {
      const row = await createInvoice(db, {
        entityId: entity.id,
        customerId: customers[invoice.customerId]!,
        number: `CLK-${invoice.invoiceId}`,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        totalMinor: invoice.amount.amountMinor,
      })
      invoices[invoice.invoiceId] = row.id
      letterOf[row.id] = invoice.invoiceId
    }
    for (const invoice of portfolio.filter((i) => i.invoiceId !== 'E')) await create(invoice)

    const config = sendConfig()
    for (let n = 0; n <= 120; n++) {
      const today = day(n)
      const now = zonedInstant(today, 6, 'Europe/Paris')
      if (n === 8) await holdInvoiceReminders(db, { invoiceId: invoices.B!, kind: 'dispute', source: null, actor: SYSTEM })
      if (n === 12) await payInvoiceInFull(db, invoices.A!)
      if (n === 15) await holdInvoiceReminders(db, { invoiceId: invoices.C!, kind: 'promise', until: day(20), source: null, actor: SYSTEM })
      if (n === 21) await releaseInvoiceReminders(db, { invoiceId: invoices.C!, kind: 'promise', brokenOn: day(21), now, actor: SYSTEM })
      if (n === 26) await releaseInvoiceReminders(db, { invoiceId: invoices.B!, kind: 'dispute', now, actor: SYSTEM })
      if (n === 30) await updateCustomerColumns(db, customers['cust-3']!, { remindersPausedUntil: day(40), remindersPauseReason: 'holiday' })
      if (n === 50) await create(portfolio.find((i) => i.invoiceId === 'E')!)
      await planReminders(db, { entityId: entity.id, today, now })
      // Send what is due before the end of today's window, each at its own instant.
      const endOfDay = zonedInstant(today, 23, 'Europe/Paris')
      for (const action of await inspectReminderActions(db, entity.id)) {
        if (action.status === 'planned' && action.sendAfter && action.sendAfter <= endOfDay) {
          await sendReminderAction(db, { ...config, actionId: action.id, now: action.sendAfter })
        }
      }
    }

    const expected = simulatePortfolio({ scenario: FRENCH_B2B_SCENARIO, invoices: portfolio, customers: ['cust-1', 'cust-2', 'cust-3', 'cust-4'].map((customerId) => ({ customerId, kind: 'professional' as const, segment: null, riskLevel: null, pauses: customerId === 'cust-3' ? [{ from: day(30), until: day(40) }] : [] })), from: DAY_0, days: 121 })
      .entries.flatMap((e) => (e.kind === 'action' ? [`${e.day} ${e.invoiceId} ${e.stepKey}`] : []))
      .sort()
    const actual = (await listActionInvoiceIdsOfEntity(db, entity.id)).map((a) => `${daysBetween(DAY_0, a.planningDate)} ${letterOf[a.invoiceId]} ${a.stepKey}`).sort()
    expect(actual).toEqual(expected)

    // Every action ended: sent, or waiting for a credit manager's approval (the formal notices); none twice.
    const actions = await inspectReminderActions(db, entity.id)
    expect([...new Set(actions.map((a) => a.status))].sort()).toEqual(['awaiting_approval', 'sent'])
    expect(actions.filter((a) => a.status === 'awaiting_approval').map((a) => a.stepKey)).toEqual(['formal-notice', 'formal-notice', 'formal-notice'])
    expect(new Set(actions.map((a) => a.actionKey)).size).toBe(actions.length)
  })
})
