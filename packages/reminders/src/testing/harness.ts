import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ensureRemindersSchemaForTests } from '@quittance/db/repositories/reminders-testing'
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '@quittance/db/testing/test-databases'
import type { Scenario } from '@quittance/domain/reminders/scenario'
import { outboxOnlyChannels, type ReminderChannels } from '@quittance/use-cases/reminders/reminder-channels'
import type { SendReminderConfig } from '@quittance/use-cases/reminders/send-reminder-action'
import { REMINDER_DOCUMENT_RENDERERS } from '../documents'

const PENDING_MIGRATION = fileURLToPath(new URL('./pending-reminders-migration.sql', import.meta.url))

/** A fresh, migrated database with the reminder tables. */
export async function createReminderTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const database = await createTestDatabase(kind)
  await ensureRemindersSchemaForTests(database.db, readFileSync(PENDING_MIGRATION, 'utf8'))
  return database
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

/** A tiny valid PDF, standing for an imported original. */
export const TINY_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)
