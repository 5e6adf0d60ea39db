import type { AppLoadContext } from '@remix-run/node'
import { listEntitiesForReminders } from '@quittance/db/repositories/reminders-config'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'

/** Scenarios belong to a creditor entity: the one in `?entity=`, else the first. */
export async function selectedEntity(context: AppLoadContext, url: URL) {
  const entities = await listEntitiesForReminders(context.db)
  const wanted = url.searchParams.get('entity')
  const entity = entities.find((e) => e.id === wanted) ?? entities[0] ?? null
  if (!entity) throw new Response('Not found', { status: 404 })
  return { entities: entities.map((e) => ({ id: e.id, code: e.code, name: e.legalName })), entity, today: localDateInTimeZone(context.now(), entity.timeZone) }
}
