import type { ActionFunctionArgs } from '@remix-run/node'
import { receiveProviderWebhook } from '@quittance/use-cases/online-payments/receive-provider-webhook'

// Called by the provider's servers, never by a browser: no session, no page. Stripe signs the raw body with this entity's webhook secret; the signature is checked before anything else.
export async function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
  // The exact bytes the provider sent, read before anything could parse and re-serialise them.
  const rawBody = await request.text()
  const answer = await receiveProviderWebhook(context.db, context.payments, {
    provider: 'stripe',
    entityCode: params.entityCode ?? '',
    rawBody,
    header: (name) => request.headers.get(name),
    now: context.now(),
    ipAddress: context.clientIp,
    logger: (line) => console.warn(JSON.stringify({ ...line, requestId: context.requestId })),
  })
  return new Response(answer.outcome, { status: answer.status, headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
