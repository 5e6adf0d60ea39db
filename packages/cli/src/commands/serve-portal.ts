import type { Database } from '@quittance/db/client'
import { createPaymentGateway } from '@quittance/payments/payment-gateway'
import { PORTAL_DIR } from '../apps'
import type { HostEnv } from '../env'
import { providerWebhooks } from '../http/provider-webhooks'
import { serveRemixApp, type RunningApp } from '../http/serve-remix-app'

export async function servePortal(
  env: HostEnv,
  database: Database,
  options: { processes: number; onHelperReady?: (pid: number) => void } = { processes: 1 },
): Promise<RunningApp> {
  // One gateway per process: provider clients are made once per entity, with keys from the configuration.
  const payments = createPaymentGateway(env.payments, { portalUrl: env.portalPublicUrl })
  return serveRemixApp({
    appDir: PORTAL_DIR,
    port: env.portalPort,
    processes: options.processes,
    onHelperReady: options.onHelperReady,
    connectionHelper: env.connectionHelper,
    host: env.bindHost,
    trustProxy: env.trustProxy,
    hsts: env.portalPublicUrl.startsWith('https://'),
    // Provider notifications skip Remix (same use case and answers as the portal's webhook routes).
    before: [providerWebhooks({ db: database.db, payments })],
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
