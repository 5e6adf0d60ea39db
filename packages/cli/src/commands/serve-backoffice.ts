import type { Database } from '@quittance/db/client'
import { createPaymentGateway } from '@quittance/payments/payment-gateway'
import { BACKOFFICE_DIR } from '../apps'
import type { HostEnv } from '../env'
import { serveRemixApp, type RunningApp } from '../http/serve-remix-app'

export async function serveBackoffice(env: HostEnv, database: Database): Promise<RunningApp> {
  const secure = env.backofficePublicUrl.startsWith('https://')
  // Staff refund online payments through the same providers, keys and sandbox as the portal.
  const payments = createPaymentGateway(env.payments, { portalUrl: env.portalPublicUrl })
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
      payments,
    }),
  })
}
