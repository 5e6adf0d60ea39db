import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createContact, createCustomer, createEntity, createInvoice } from '@quittance/db/seed/factories'
import { inspectReminderActions } from '@quittance/db/repositories/reminders-read'
import type { TestDatabase } from '@quittance/db/testing/test-databases'
import { runJobsUntilIdle } from '@quittance/jobs/job-runner'
import { ensureReminderDefaults } from '@quittance/use-cases/reminders/ensure-reminder-defaults'
import { planReminders } from '@quittance/use-cases/reminders/plan-reminders'
import { createReminderJobHandlers } from '@quittance/use-cases/reminders/reminder-job-handlers'
import { redeemPortalLink } from '@quittance/use-cases/portal-access/redeem-portal-link'
import { configureReminderChannels } from './channels/configure-channels'
import { REMINDER_DOCUMENT_RENDERERS } from './documents'
import { createReminderTestDatabase } from './testing/harness'
import { startSmtpSink } from './testing/smtp-sink'

// Real SMTP: nodemailer talks to an smtp-server started here; the test reads the MIME message it received.
// Tuesday 10 March 2026, 10:00 in Paris: inside the default scenarios' window.
const TODAY = '2026-03-10'
const PLAN_AT = new Date('2026-03-10T05:00:00Z')
const SEND_AT = new Date('2026-03-10T09:00:00Z')

describe('reminder e-mails over SMTP (postgres)', () => {
  let database: TestDatabase
  let sink: Awaited<ReturnType<typeof startSmtpSink>>
  beforeAll(async () => {
    database = await createReminderTestDatabase('postgres')
    sink = await startSmtpSink()
  })
  afterAll(async () => {
    await sink?.close()
    await database?.drop()
  })

  test('a debtor gets one e-mail in its language listing its overdue invoices, with a working portal link and the PDFs', async () => {
    const { db } = database
    const entity = await createEntity(db)
    await ensureReminderDefaults(db, { entityId: entity.id, now: PLAN_AT })
    // Two customers on the French B2B scenario: one reads English, one French. Both invoices of the English one
    // are three days overdue (J+3): one message lists both.
    const english = await createCustomer(db, { entityId: entity.id, name: 'Harbour Tools Ltd', language: 'en' })
    const englishContact = await createContact(db, { customerId: english.id, name: 'Ann Lee', email: 'ann@harbour.test', language: 'en' })
    const one = await createInvoice(db, { entityId: entity.id, customerId: english.id, number: 'INV-EN-1', issueDate: '2026-02-05', dueDate: '2026-03-07', totalMinor: 120_000 })
    const two = await createInvoice(db, { entityId: entity.id, customerId: english.id, number: 'INV-EN-2', issueDate: '2026-02-06', dueDate: '2026-03-07', totalMinor: 30_050 })
    const french = await createCustomer(db, { entityId: entity.id, name: 'Boulangerie Martin', language: 'fr' })
    await createContact(db, { customerId: french.id, name: 'Claire Martin', email: 'claire@martin.test', language: 'fr' })
    await createInvoice(db, { entityId: entity.id, customerId: french.id, number: 'FAC-FR-1', issueDate: '2026-02-05', dueDate: '2026-03-07', totalMinor: 99_900 })

    const plan = await planReminders(db, { entityId: entity.id, today: TODAY, now: PLAN_AT })
    expect(plan.counts.actionsPlanned).toBe(2)
    const channels = configureReminderChannels({ smtpUrl: sink.url, smsProviderUrl: null, letterProviderUrl: null, registeredLetterProviderUrl: null })
    const handlers = createReminderJobHandlers({ channels, documents: REMINDER_DOCUMENT_RENDERERS, portalBaseUrl: 'http://portal.test', now: () => SEND_AT })
    await runJobsUntilIdle(db, { handlers })
    channels.close()
    expect((await inspectReminderActions(db, entity.id)).map((a) => a.status)).toEqual(['sent', 'sent'])
    expect(sink.messages).toHaveLength(2)

    const toAnn = sink.messages.find((m) => m.mail.to && JSON.stringify(m.mail.to).includes('ann@harbour.test'))!.mail
    expect(toAnn.subject).toMatch(/overdue|reminder|payment/i)
    expect(toAnn.subject).not.toMatch(/facture|relance/i)
    expect(toAnn.headers.get('content-language')).toBe('en')
    const text = toAnn.text ?? ''
    expect(text).toContain('INV-EN-1')
    expect(text).toContain('INV-EN-2')
    expect(text).toContain('€1,200.00')
    expect(text).toContain('€300.50')
    expect(toAnn.html).toContain('<table>')
    expect(toAnn.html).toContain('INV-EN-2')
    // The invoices as PDFs, rendered by Quittance (they had no imported original).
    expect(toAnn.attachments.map((a) => a.filename).sort()).toEqual(['INV-EN-1.pdf', 'INV-EN-2.pdf'])
    for (const a of toAnn.attachments) expect(a.content.subarray(0, 5).toString()).toBe('%PDF-')

    // The link opens the portal: redeeming it starts a session for this customer and contact.
    const link = /http:\/\/portal\.test\/(en)\/a\/([A-Za-z0-9_-]{43})/.exec(text)
    expect(link).not.toBeNull()
    const redeemed = await redeemPortalLink(db, { token: link![2]!, now: SEND_AT, userAgent: 'test', ipAddress: null })
    expect(redeemed.ok && redeemed.value.customerId).toBe(english.id)
    void englishContact

    const toClaire = sink.messages.find((m) => JSON.stringify(m.mail.to).includes('claire@martin.test'))!.mail
    expect(toClaire.subject).toMatch(/facture|relance|rappel|paiement/i)
    expect(toClaire.text).toContain('FAC-FR-1')
    expect(toClaire.text).toContain('999,00')
    expect(toClaire.text).toMatch(/http:\/\/portal\.test\/fr\/a\/[A-Za-z0-9_-]{43}/)
    void one
    void two
  })

  test('a refused send is retried with back-off, then shown as failed with its error', async () => {
    const { db } = database
    const failing = await startSmtpSink({ failFirst: 100 })
    try {
      const entity = await createEntity(db)
      await ensureReminderDefaults(db, { entityId: entity.id, now: PLAN_AT })
      const customer = await createCustomer(db, { entityId: entity.id, name: 'Atelier Dupuis' })
      await createContact(db, { customerId: customer.id, email: 'compta@dupuis.test' })
      await createInvoice(db, { entityId: entity.id, customerId: customer.id, issueDate: '2026-02-05', dueDate: '2026-03-07', totalMinor: 50_000 })
      await planReminders(db, { entityId: entity.id, today: TODAY, now: PLAN_AT })
      const channels = configureReminderChannels({ smtpUrl: failing.url, smsProviderUrl: null, letterProviderUrl: null, registeredLetterProviderUrl: null })
      const handlers = createReminderJobHandlers({ channels, documents: REMINDER_DOCUMENT_RENDERERS, portalBaseUrl: 'http://portal.test', now: () => SEND_AT, deliveryLeaseMs: 1 })
      // runJobsUntilIdle retries at once (no back-off) until the job's attempts are used up.
      await runJobsUntilIdle(db, { handlers })
      channels.close()
      const [action] = await inspectReminderActions(db, entity.id)
      expect(action!.status).toBe('failed')
      expect(action!.deliveryState).toBe('failed')
      expect(action!.deliveryAttempts).toBe(5)
    } finally {
      await failing.close()
    }
  })
})
