import type { Db } from '@quittance/db/client'
import { listCustomerFilterValues } from '@quittance/db/repositories/backoffice-customers'
import type { CustomerVisibility } from '@quittance/domain/staff/permissions'

// The segments, countries and currencies offered by the list's filters: for staff who see every customer they are
// read by skip scans of indexes (about a millisecond, migration 0006); for a sales user, from their customers. They
// change rarely, so each process keeps them for a minute. A value added meanwhile can still be filtered on by URL.

const TTL_MS = 60_000
const MAX_ENTRIES = 1_000
type FilterValues = Awaited<ReturnType<typeof listCustomerFilterValues>>
const caches = new WeakMap<Db, Map<string, { expiresAt: number; values: Promise<FilterValues> }>>()

export function customerFilterValues(db: Db, input: { entityId: string; visibility: CustomerVisibility; now: Date }) {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  const key = `${input.entityId}/${input.visibility.kind === 'all' ? '*' : input.visibility.staffUserId}`
  const cached = cache.get(key)
  if (cached && cached.expiresAt > input.now.getTime()) return cached.values
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!)
  const values = listCustomerFilterValues(db, { entityId: input.entityId, visibility: input.visibility })
  cache.set(key, { expiresAt: input.now.getTime() + TTL_MS, values })
  // A failed read is not kept: the next request tries again.
  values.catch(() => cache.delete(key))
  return values
}
