import type { Server } from 'node:http'
import type { Database } from '@quittance/db/client'
import { createPaymentGateway } from '@quittance/payments/payment-gateway'
import { PORTAL_DIR } from '../apps'
import type { HostEnv } from '../env'
import { serveRemixApp } from '../http/serve-remix-app'

export async function servePortal(env: HostEnv, database: Database): Promise<Server> {
  // One gateway per process: provider clients are made once per entity, with keys from the configuration.
  const payments = createPaymentGateway(env.payments, { portalUrl: env.portalPublicUrl })
  return serveRemixApp({
    appDir: PORTAL_DIR,
    port: env.portalPort,
    host: env.bindHost,
    trustProxy: env.trustProxy,
    hsts: env.portalPublicUrl.startsWith('https://'),
    loadContext: (request) => ({
      db: database.db,
      config: { publicUrl: env.portalPublicUrl, secureCookies: env.portalPublicUrl.startsWith('https://') },
      cspNonce: request.cspNonce,
      requestId: request.requestId,
      clientIp: request.ip,
      now: () => new Date(),
      payments,
    }),
  })
}
