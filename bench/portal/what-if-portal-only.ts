// WHAT-IF: `serve portal` without the rest of main.ts's static imports (job runner, reminders, imports…), which a
// portal process never runs. Same steps as main.ts's serve(): open the database, migrate, serve the portal.
import { openConfiguredDatabase } from '../../packages/cli/src/database'
import { readHostEnv } from '../../packages/cli/src/env'
import { servePortal } from '../../packages/cli/src/commands/serve-portal'

const env = readHostEnv()
const database = await openConfiguredDatabase(env)
await database.migrate()
await servePortal(env, database)
console.log(JSON.stringify({ level: 'info', message: 'portal listening (portal-only entry)', port: env.portalPort }))
await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve)
  process.once('SIGTERM', resolve)
})
await database.close()
process.exit(0)
