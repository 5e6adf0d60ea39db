import type { Server } from 'node:http'
import type { Database } from '@quittance/db/client'
import { BACKOFFICE_DIR } from '../apps'
import type { HostEnv } from '../env'
import { serveRemixApp } from '../http/serve-remix-app'

export async function serveBackoffice(env: HostEnv, database: Database): Promise<Server> {
  const secure = env.backofficePublicUrl.startsWith('https://')
  return serveRemixApp({
    appDir: BACKOFFICE_DIR,
    port: env.backofficePort,
    host: env.bindHost,
    trustProxy: env.trustProxy,
    hsts: secure,
    loadContext: (request) => ({
      db: database.db,
      config: { publicUrl: env.backofficePublicUrl, portalPublicUrl: env.portalPublicUrl, secureCookies: secure },
      cspNonce: request.cspNonce,
      requestId: request.requestId,
      clientIp: request.ip,
      now: () => new Date(),
    }),
  })
}
