import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { inspectReminderActions, listReminderOutbox, listReminderTasks, listInvoiceStepHistory } from '@quittance/db/repositories/reminders-read'
import { createEntity } from '@quittance/db/seed/factories'
import { createStaffMember } from '@quittance/db/seed/factories-admin'
import { payInvoiceInFull, seedReminderPortfolio } from '@quittance/db/seed/factories-reminders'
import { countActionsByStatus } from '@quittance/db/repositories/reminders-sending'
import { TEST_DATABASE_KINDS, type TestDatabase } from '@quittance/db/testing/test-databases'
import { runJobsUntilIdle } from '@quittance/jobs/job-runner'
import { createScenario } from '@quittance/use-cases/reminders/create-scenario'
import { decideReminderApproval } from '@quittance/use-cases/reminders/decide-reminder-approval'
import { planReminders } from '@quittance/use-cases/reminders/plan-reminders'
import { publishScenarioVersion } from '@quittance/use-cases/reminders/publish-scenario-version'
import { recordDeliveryEvent } from '@quittance/use-cases/reminders/record-delivery-event'
import { configureReminderChannels } from './channels/configure-channels'
import { startFakeHttpProvider } from './testing/fake-http-provider'
import { createReminderJobHandlers } from '@quittance/use-cases/reminders/reminder-job-handlers'
import { updateReminderSettings } from '@quittance/use-cases/reminders/update-reminder-settings'
import { ensureReminderDefaults } from '@quittance/use-cases/reminders/ensure-reminder-defaults'
import { createReminderTestDatabase, oneEmailStepScenario, sendConfig, TINY_PDF } from './testing/harness'

const TODAY = '2026-03-10'
const NOW = new Date('2026-03-10T06:00:00Z')
const SEND_AT = new Date('2026-03-10T10:00:00Z')

async function entityWithScenario(db: TestDatabase['db'], definition = oneEmailStepScenario()) {
  const entity = await createEntity(db)
  await ensureReminderDefaults(db, { entityId: entity.id, now: NOW })
  const created = await createScenario(db, { entityId: entity.id, definition, actor: { id: null } })
  if (!created.ok) throw new Error(JSON.stringify(created.error))
  const settings = await updateReminderSettings(db, {
    entityId: entity.id,
    defaultScenarioId: created.value.scenarioId,
    rules: [],
    actor: { id: '00000000-0000-0000-0000-000000000000' },
    now: NOW,
  })
  if (!settings.ok) throw new Error(settings.error)
  return { entity, scenarioId: created.value.scenarioId }
}

const handlersAt = (now: Date) => createReminderJobHandlers({ ...sendConfig(), now: () => now })

describe.each(TEST_DATABASE_KINDS)('the reminder engine on %s', (kind) => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createReminderTestDatabase(kind)
  })
  afterAll(async () => {
    await database?.drop()
  })

  test('plans one message per customer, contact, currency and step listing every eligible invoice, and a second run plans nothing', async () => {
    const { db } = database
    const { entity } = await entityWithScenario(db)
    await seedReminderPortfolio(db, { entityId: entity.id, customers: 3, invoicesPerCustomer: 2, issueDate: '2026-02-05', dueDate: '2026-03-07', prefix: 'G' })
    const first = await planReminders(db, { entityId: entity.id, today: TODAY, now: NOW })
    expect(first.counts.actionsPlanned).toBe(3)
    const actions = await inspectReminderActions(db, entity.id)
    expect(actions.map((a) => a.invoiceCount)).toEqual([2, 2, 2])
    const second = await planReminders(db, { entityId: entity.id, today: TODAY, now: NOW })
    expect(second.counts.actionsPlanned).toBe(0)
    expect(await countActionsByStatus(db, { entityId: entity.id })).toEqual({ planned: 3 })
  })

  test('two planners running at once plan each action once', async () => {
    const { db } = database
    const { entity } = await entityWithScenario(db)
    await seedReminderPortfolio(db, { entityId: entity.id, customers: 40, issueDate: '2026-02-05', dueDate: '2026-03-07', prefix: 'T' })
    const runs = await Promise.all([1, 2].map(() => planReminders(db, { entityId: entity.id, today: TODAY, now: NOW, batchSize: 7 })))
    expect(runs[0]!.counts.actionsPlanned + runs[1]!.counts.actionsPlanned).toBe(40)
    const actions = await inspectReminderActions(db, entity.id)
    expect(actions).toHaveLength(40)
    expect(actions.every((a) => a.sendJobs === 1)).toBe(true)
  })

  test('sends through the outbox with the invoice PDF and a fresh portal link; an invoice paid meanwhile is skipped with a reason', async () => {
    const { db } = database
    const { entity } = await entityWithScenario(db)
    const { invoiceIds } = await seedReminderPortfolio(db, {
      entityId: entity.id,
      customers: 2,
      issueDate: '2026-02-05',
      dueDate: '2026-03-07',
      prefix: 'S',
      originalPdf: TINY_PDF,
    })
    await planReminders(db, { entityId: entity.id, today: TODAY, now: NOW })
    await payInvoiceInFull(db, invoiceIds[1]!)
    await runJobsUntilIdle(db, { handlers: handlersAt(SEND_AT) })
    expect(await countActionsByStatus(db, { entityId: entity.id })).toEqual({ sent: 1, skipped: 1 })
    const skipped = (await inspectReminderActions(db, entity.id)).find((a) => a.status === 'skipped')
    expect(skipped?.skipReason).toBe('no-eligible-invoice')
    expect(await listInvoiceStepHistory(db, invoiceIds[1]!)).toEqual([])
    const [message] = await listReminderOutbox(db, entity.id)
    expect(message!.status).toBe('sent')
    expect(message!.attachments).toBe(1)
    expect(message!.bodyText).toMatch(/http:\/\/portal\.test\/fr\/a\/[A-Za-z0-9_-]{43}/)
    expect((await listInvoiceStepHistory(db, invoiceIds[0]!)).map((h) => h.outcome)).toEqual(['sent'])
    // Nothing is due again the next day: the step is done.
    const tomorrow = await planReminders(db, { entityId: entity.id, today: '2026-03-11', now: new Date('2026-03-11T06:00:00Z') })
    expect(tomorrow.counts.actionsPlanned).toBe(0)
  })

  test('an approval step waits in the worklist and is sent once approved', async () => {
    const { db } = database
    const definition = oneEmailStepScenario()
    const { entity } = await entityWithScenario(db, { ...definition, steps: [{ ...definition.steps[0]!, requiresApproval: true }] })
    const { customerIds } = await seedReminderPortfolio(db, { entityId: entity.id, customers: 1, issueDate: '2026-02-05', dueDate: '2026-03-07', prefix: 'A', originalPdf: TINY_PDF })
    await planReminders(db, { entityId: entity.id, today: TODAY, now: NOW })
    expect(await runJobsUntilIdle(db, { handlers: handlersAt(SEND_AT) })).toBe(0)
    const [task] = await listReminderTasks(db, { status: 'open', kinds: ['approval'], customerIds: customerIds, limit: 10 })
    expect(task!.kind).toBe('approval')
    const manager = await createStaffMember(db, { role: 'credit_manager' })
    const decided = await decideReminderApproval(db, { actionId: task!.actionId!, approve: true, actor: { id: manager.id }, now: SEND_AT })
    expect(decided.ok).toBe(true)
    await runJobsUntilIdle(db, { handlers: handlersAt(SEND_AT) })
    expect(await countActionsByStatus(db, { entityId: entity.id })).toEqual({ sent: 1 })
  })

  test('test mode renders the message but sends nothing, and a new scenario version never re-sends a done step', async () => {
    const { db } = database
    const { entity, scenarioId } = await entityWithScenario(db)
    await updateReminderSettings(db, { entityId: entity.id, testMode: true, actor: { id: '00000000-0000-0000-0000-000000000000' }, now: NOW })
    await seedReminderPortfolio(db, { entityId: entity.id, customers: 1, issueDate: '2026-02-05', dueDate: '2026-03-07', prefix: 'M', originalPdf: TINY_PDF })
    await planReminders(db, { entityId: entity.id, today: TODAY, now: NOW })
    await runJobsUntilIdle(db, { handlers: handlersAt(SEND_AT) })
    const [message] = await listReminderOutbox(db, entity.id)
    expect({ status: message!.status, provider: message!.provider }).toEqual({ status: 'cancelled', provider: 'test-mode' })
    // Version 2 inserts a step before the done one and keeps it: the invoice moves on, nothing is sent again.
    const definition = oneEmailStepScenario()
    const published = await publishScenarioVersion(db, {
      scenarioId,
      basedOn: 1,
      definition: { ...definition, steps: [{ ...definition.steps[0]!, key: 'overdue-1', name: 'J+1', offsetDays: 1 }, definition.steps[0]!] },
      actor: { id: null },
      now: NOW,
    })
    expect(published).toEqual({ ok: true, value: { version: 2 } })
    const next = await planReminders(db, { entityId: entity.id, today: '2026-03-11', now: new Date('2026-03-11T06:00:00Z') })
    expect(next.counts.actionsPlanned).toBe(0)
  })

  test('an SMS goes to the provider once per key, its delivery receipt moves the state forward, and a late bounce changes nothing', async () => {
    const { db } = database
    const definition = oneEmailStepScenario()
    const step = definition.steps[0]!
    const { entity } = await entityWithScenario(db, {
      ...definition,
      steps: [{ ...step, channel: 'sms', templates: { fr: { body: 'Facture(s) {{invoices.numbers}} en retard : {{portal.link}}' } } }],
    })
    await seedReminderPortfolio(db, { entityId: entity.id, customers: 1, issueDate: '2026-02-05', dueDate: '2026-03-07', prefix: 'P' })
    const provider = await startFakeHttpProvider({ name: 'sms' })
    try {
      provider.failNext(1)
      await planReminders(db, { entityId: entity.id, today: TODAY, now: NOW })
      const channels = configureReminderChannels({ smtpUrl: null, smsProviderUrl: provider.url, letterProviderUrl: null, registeredLetterProviderUrl: null })
      await runJobsUntilIdle(db, { handlers: createReminderJobHandlers({ ...sendConfig(channels), now: () => SEND_AT }) })
      // One refusal (503), then accepted: two calls with the same key, one message at the provider.
      expect(provider.calls).toHaveLength(2)
      expect(new Set(provider.calls).size).toBe(1)
      expect(provider.accepted.size).toBe(1)
      const [message] = [...provider.accepted.values()]
      expect(message!.request.body.text).toMatch(/^Facture\(s\) F-P-0000001-1 en retard : http:\/\/portal\.test\/fr\/a\//)
      const delivered = await recordDeliveryEvent(db, { provider: 'http-sms', providerMessageId: message!.id, event: 'delivered', at: SEND_AT })
      const bounced = await recordDeliveryEvent(db, { provider: 'http-sms', providerMessageId: message!.id, event: 'bounced', at: SEND_AT })
      expect([delivered.applied, bounced.applied]).toEqual([true, false])
      const [action] = await inspectReminderActions(db, entity.id)
      expect({ status: action!.status, delivery: action!.deliveryState }).toEqual({ status: 'sent', delivery: 'delivered' })
    } finally {
      await provider.close()
    }
  })
})
