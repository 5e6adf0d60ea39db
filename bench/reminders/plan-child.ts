// The planner alone in its own process, as a worker runs it: `node --import tsx bench/reminders/plan-child.ts URL
// ENTITY DATE`. Prints one JSON line with the duration, the counts and the process's peak memory.
import { openDatabase } from '@quittance/db/client'
import { planReminders } from '@quittance/use-cases/reminders/plan-reminders'

const [url, entityId, today, batch] = process.argv.slice(2)
const database = await openDatabase({ kind: 'postgres', url: url!, maxConnections: 8 })
const started = performance.now()
const result = await planReminders(database.db, { entityId: entityId!, today: today!, now: new Date(), batchSize: batch ? Number(batch) : undefined })
const durationMs = performance.now() - started
await database.close()
console.log(JSON.stringify({ durationMs, counts: result.counts, maxRssMb: process.resourceUsage().maxRSS / 1024 }))
