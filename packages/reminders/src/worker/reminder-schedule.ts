import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { zonedInstant } from '@quittance/domain/reminders/send-window'
import type { Db } from '@quittance/db/client'
import { findReminderSettings, listEntitiesForReminders } from '@quittance/db/repositories/reminders-config'
import { ensureReminderDefaults } from '@quittance/use-cases/reminders/ensure-reminder-defaults'
import { requestReminderRun } from '@quittance/use-cases/reminders/request-reminder-run'

/**
 * The daily plan: once the planning hour has passed in an entity's time zone, ask for that day's run. Every web
 * and worker process may run this: the run's key makes one run per entity and day, whoever asks first.
 */
export function startReminderSchedule(options: { db: Db; now?: () => Date; everyMs?: number; onError?: (error: unknown) => void }) {
  const now = options.now ?? (() => new Date())
  let stopped = false
  const tick = async () => {
    const at = now()
    for (const entity of await listEntitiesForReminders(options.db)) {
      // A new entity gets the default scenarios and the rate table (nothing is changed once they exist).
      await ensureReminderDefaults(options.db, { entityId: entity.id, now: at })
      const settings = await findReminderSettings(options.db, entity.id)
      const today = localDateInTimeZone(at, entity.timeZone)
      if (at < zonedInstant(today, settings.planningHour, entity.timeZone)) continue
      await requestReminderRun(options.db, {
        entityId: entity.id,
        planningDate: today,
        trigger: 'schedule',
        actor: { type: 'system', id: 'schedule' },
        now: at,
      })
    }
  }
  const loop = (async () => {
    while (!stopped) {
      await tick().catch((error: unknown) => options.onError?.(error))
      await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 60_000).unref?.())
    }
  })()
  return {
    tick,
    async stop() {
      stopped = true
      void loop
    },
  }
}
