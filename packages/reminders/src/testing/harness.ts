import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '@quittance/db/testing/test-databases'
import type { Scenario } from '@quittance/domain/reminders/scenario'
import { outboxOnlyChannels, type ReminderChannels } from '@quittance/use-cases/reminders/reminder-channels'
import type { SendReminderConfig } from '@quittance/use-cases/reminders/send-reminder-action'
import { REMINDER_DOCUMENT_RENDERERS } from '../documents'

/** A fresh, migrated database (the reminder tables come with migration 0005). */
export function createReminderTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  return createTestDatabase(kind)
}

export function sendConfig(channels: ReminderChannels = outboxOnlyChannels()): SendReminderConfig {
  return { channels, documents: REMINDER_DOCUMENT_RENDERERS, portalBaseUrl: 'http://portal.test', deliveryLeaseMs: 2_000 }
}

/** One e-mail step three days after the due date, a window open every hour of every day. */
export function oneEmailStepScenario(overrides: Partial<Scenario> = {}): Omit<Scenario, 'id' | 'version'> {
  return {
    name: 'Une relance',
    defaultLocale: 'fr',
    customerKinds: ['professional', 'public_body', 'consumer'],
    sendWindow: { weekdays: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24, timeZone: 'Europe/Paris', holidays: 'none' },
    minimumGapDays: 0,
    catchUp: 'send-latest-missed-only',
    maxCatchUpDays: 15,
    steps: [
      {
        key: 'overdue-3',
        name: 'J+3',
        anchor: 'due-date',
        offsetDays: 3,
        channel: 'email',
        templates: {
          fr: { subject: 'Relance {{invoices.numbers}}', body: 'Bonjour {{customer.name}},\n\n{{invoices.table}}\n\nPayer : {{portal.link}}' },
          en: { subject: 'Reminder {{invoices.numbers}}', body: 'Hello {{customer.name}},\n\n{{invoices.table}}\n\nPay: {{portal.link}}' },
        },
        conditions: { minimumAmountMinorByCurrency: {} },
        requiresApproval: false,
        includeStatutoryLatePaymentAmounts: false,
        isFormalNotice: false,
      },
    ],
    ...overrides,
  }
}

export { TINY_PDF } from './tiny-pdf'
