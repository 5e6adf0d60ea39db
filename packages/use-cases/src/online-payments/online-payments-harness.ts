import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Db } from '@quittance/db/client'
import { parsePaymentConfiguration } from '@quittance/payments/configuration'
import { createPaymentGateway, type PaymentGateway } from '@quittance/payments/payment-gateway'
import type { CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import { receiveProviderWebhook } from './receive-provider-webhook'

// For tests and the benchmark: a gateway on the local fakes, and a bare HTTP host that hands webhook requests (raw
// body and headers, as the portal route does) to the use case.

export const TEST_STRIPE_KEY = 'sk_test_quittance000'
export const TEST_STRIPE_WEBHOOK_SECRET = 'whsec_quittance_test'
export const TEST_MOLLIE_KEY = 'test_quittance00000000000000000'

export function testGateway(input: { stripeUrl?: string; mollieEndpoint?: string; portalUrl: string; stripeTimeoutMs?: number }): PaymentGateway {
  const configuration = parsePaymentConfiguration(
    JSON.stringify({
      '*': {
        ...(input.stripeUrl
          ? { stripe: { secretKey: TEST_STRIPE_KEY, webhookSecret: TEST_STRIPE_WEBHOOK_SECRET, apiBase: input.stripeUrl, timeoutMs: input.stripeTimeoutMs ?? 5_000 } }
          : {}),
        ...(input.mollieEndpoint ? { mollie: { apiKey: TEST_MOLLIE_KEY, apiEndpoint: input.mollieEndpoint } } : {}),
        sandbox: {},
        bankTransfer: true,
      },
    }),
    { sandboxSecret: 'sandbox-test-secret' },
  )
  if (!configuration.ok) throw new Error(configuration.error)
  return createPaymentGateway(configuration.value, { portalUrl: input.portalUrl })
}

export async function startWebhookHost(db: Db, gateway: () => PaymentGateway): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const match = /^\/webhooks\/(stripe|mollie|sandbox)\/([^/]+)$/.exec(request.url ?? '')
      // Read with 'data' events, as the portal's host does (an async iterator costs more per request).
      const chunks: Buffer[] = []
      await new Promise<void>((resolve, reject) => {
        request.on('data', (chunk: Buffer) => chunks.push(chunk))
        request.once('end', resolve)
        request.once('error', reject)
      })
      if (!match || request.method !== 'POST') {
        response.writeHead(404).end()
        return
      }
      const answer = await receiveProviderWebhook(db, gateway(), {
        provider: match[1] as CheckoutProvider,
        entityCode: decodeURIComponent(match[2]!),
        rawBody: Buffer.concat(chunks).toString('utf8'),
        header: (name) => {
          const value = request.headers[name.toLowerCase()]
          return typeof value === 'string' ? value : null
        },
        now: new Date(),
        ipAddress: request.socket.remoteAddress ?? null,
      })
      response.writeHead(answer.status, { 'Content-Type': 'text/plain' }).end(answer.outcome)
    })().catch((error: unknown) => {
      console.error(error)
      if (!response.headersSent) response.writeHead(500).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
