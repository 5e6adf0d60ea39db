import type { Db } from '@quittance/db/client'
import { startJobRunner } from '@quittance/jobs/job-runner'
import type { JobEvent, JobHandlers } from '@quittance/jobs/types'
import { createReminderJobHandlers } from '@quittance/use-cases/reminders/reminder-job-handlers'
import { configureReminderChannels, type ChannelSettings } from '../channels/configure-channels'
import { REMINDER_DOCUMENT_RENDERERS } from '../documents'
import type { BullmqTransportOptions } from './bullmq-transport'
import { startReminderSchedule } from './reminder-schedule'

export type WorkerSettings = ChannelSettings & {
  redisUrl: string | null
  portalPublicUrl: string
  concurrency?: number
  /** Job lease (PostgreSQL runner), BullMQ lock and delivery lease, in ms. */
  leaseMs?: number
  pollMs?: number
  /** Run the daily reminder schedule in this process (default true). */
  schedule?: boolean
}

/** The reminder engine's handlers with the configured channels and the real PDF renderers. */
export function reminderHandlersFor(settings: WorkerSettings) {
  // One SMTP connection per concurrent send job, up to 10 (many relays refuse more from one client).
  const channels = configureReminderChannels({
    ...settings,
    smtpMaxConnections: Math.min(Math.max(settings.concurrency ?? 5, 5), 10),
  })
  const handlers = createReminderJobHandlers({
    channels,
    documents: REMINDER_DOCUMENT_RENDERERS,
    portalBaseUrl: settings.portalPublicUrl,
    deliveryLeaseMs: settings.leaseMs ?? 60_000,
  })
  return { handlers, channels }
}

/**
 * Runs background jobs in this process: BullMQ when REDIS_URL is set (as many worker processes as you like), the
 * PostgreSQL runner otherwise (the embedded default runs it inside `start`). Same handlers either way.
 */
export function startWorkers(options: {
  db: Db
  settings: WorkerSettings
  /** The other handlers of the product (imports…). */
  otherHandlers?: JobHandlers
  onEvent?: (event: JobEvent) => void
}) {
  const { settings } = options
  const { handlers: reminderHandlers, channels } = reminderHandlersFor(settings)
  const handlers: JobHandlers = { ...options.otherHandlers, ...reminderHandlers }
  const leaseMs = settings.leaseMs ?? 60_000
  const transport = settings.redisUrl
    ? startBullmqLazily({
        db: options.db,
        handlers,
        redisUrl: settings.redisUrl,
        concurrency: settings.concurrency ?? 8,
        lockDurationMs: Math.min(leaseMs, 30_000),
        publishLeaseMs: Math.max(leaseMs, 5_000),
        onEvent: options.onEvent,
      })
    : startJobRunner({
        db: options.db,
        handlers,
        concurrency: settings.concurrency ?? 4,
        leaseMs,
        pollMs: settings.pollMs ?? 1000,
        onEvent: options.onEvent,
      })
  const schedule = settings.schedule === false ? null : startReminderSchedule({ db: options.db })
  return {
    kind: settings.redisUrl ? ('bullmq' as const) : ('postgres' as const),
    handlers,
    async stop() {
      await schedule?.stop()
      await transport.stop()
      channels.close()
    },
  }
}

// BullMQ and ioredis take ~0.4 s to load: a worker on the PostgreSQL runner (no REDIS_URL) never loads them.
function startBullmqLazily(options: BullmqTransportOptions) {
  const transport = import('./bullmq-transport').then(({ startBullmqTransport }) => startBullmqTransport(options))
  return { stop: async () => (await transport).stop() }
}
