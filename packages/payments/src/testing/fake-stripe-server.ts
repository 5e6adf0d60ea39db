import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { escapeHtml, parseStripeForm, postWithRetries, readBody, redirect, sendHtml, sendJson } from './http-helpers'

/**
 * A local server that speaks the part of Stripe's HTTP API Quittance uses, for the real `stripe` SDK pointed at it
 * with host/port/protocol. It keeps state (sessions, payment intents, refunds, disputes), honours idempotency keys
 * like Stripe (same key + same parameters → the first response replayed; other parameters → 400), serves a minimal
 * hosted checkout page with Pay / Fail buttons, and delivers signed webhooks the way Stripe does.
 */
export type FakeStripeAccount = {
  secretKey: string
  webhookSecret: string
  /** Where this account's webhooks go, as configured in a Stripe dashboard; gets the session's metadata. */
  webhookUrl: (metadata: Record<string, string>) => string | null
}

type Session = Record<string, unknown> & {
  id: string
  metadata: Record<string, string>
  amount_total: number
  currency: string
  status: 'open' | 'complete' | 'expired'
  payment_status: 'paid' | 'unpaid'
  payment_intent: string | null
  success_url: string
  cancel_url: string
  livemode: boolean
  url: string
}
type StripeEvent = { id: string; object: 'event'; type: string; livemode: boolean; created: number; data: { object: unknown } }

export type FakeStripe = {
  url: string
  requests: { method: string; path: string; idempotencyKey: string | null; replayed: boolean }[]
  sessions: Map<string, Session>
  refunds: Map<string, Record<string, unknown>>
  deliveries: { eventId: string; type: string; status: number | string }[]
  /** The next API responses are held back this long (after the work is done), to make the client time out. */
  delayNextResponses(count: number, ms: number): void
  /** Completes a session as the hosted page would: "paid", "sepa" (processing) or "failed". */
  complete(sessionId: string, outcome: 'paid' | 'sepa' | 'failed'): Promise<StripeEvent[]>
  /** The end of a SEPA debit: async success or failure of a completed, unpaid session. */
  settleAsync(sessionId: string, succeeded: boolean): Promise<StripeEvent>
  expire(sessionId: string): Promise<StripeEvent>
  dispute(paymentIntentId: string, amount: number, status?: 'needs_response' | 'won' | 'lost'): Promise<StripeEvent>
  /** Builds an event of this account, signed like Stripe would, without delivering it. */
  event(type: string, object: unknown, livemode?: boolean): StripeEvent
  sign(payload: string, secret: string, timestamp?: number): string
  deliver(event: StripeEvent, account?: FakeStripeAccount): Promise<void>
  close(): Promise<void>
}

export async function startFakeStripe(options: {
  accounts: FakeStripeAccount[]
  port?: number
  host?: string
  /** Stripe notifies asynchronously; a delay lets a test see the "processing" page first. */
  webhookDelayMs?: number
}): Promise<FakeStripe> {
  const host = options.host ?? '127.0.0.1'
  const sessions = new Map<string, Session>()
  const intents = new Map<string, { id: string; amount: number; currency: string; account: FakeStripeAccount; metadata: Record<string, string> }>()
  const refunds = new Map<string, Record<string, unknown>>()
  const sessionAccount = new Map<string, FakeStripeAccount>()
  const idempotency = new Map<string, { hash: string; status: number; body: unknown }>()
  const requests: FakeStripe['requests'] = []
  const deliveries: FakeStripe['deliveries'] = []
  let delayed = { count: 0, ms: 0 }
  let baseUrl = ''

  const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`
  const sign = (payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) =>
    `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}`

  const event = (type: string, object: unknown, livemode = false): StripeEvent => ({
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type,
    livemode,
    created: Math.floor(Date.now() / 1000),
    data: { object },
  })

  async function deliver(evt: StripeEvent, account?: FakeStripeAccount) {
    const object = evt.data.object as { metadata?: Record<string, string> }
    const owner = account ?? options.accounts[0]!
    const url = owner.webhookUrl(object.metadata ?? {})
    if (!url) return
    const payload = JSON.stringify(evt, null, 2)
    const result = await postWithRetries(url, {
      body: payload,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': sign(payload, owner.webhookSecret) },
    })
    deliveries.push({ eventId: evt.id, type: evt.type, status: result instanceof Error ? result.message : result.status })
  }

  function later(events: StripeEvent[], account: FakeStripeAccount) {
    const send = async () => {
      for (const evt of events) await deliver(evt, account)
    }
    setTimeout(() => void send(), options.webhookDelayMs ?? 0)
  }

  function accountOf(request: IncomingMessage) {
    const auth = request.headers.authorization ?? ''
    return options.accounts.find((a) => auth === `Bearer ${a.secretKey}`) ?? null
  }

  function completeSession(session: Session, outcome: 'paid' | 'sepa' | 'failed'): StripeEvent[] {
    const account = sessionAccount.get(session.id)!
    const intentId = session.payment_intent ?? id('pi')
    session.payment_intent = intentId
    intents.set(intentId, { id: intentId, amount: session.amount_total, currency: session.currency, account, metadata: session.metadata })
    const intent = (status: string) => ({
      id: intentId,
      object: 'payment_intent',
      amount: session.amount_total,
      amount_received: status === 'succeeded' ? session.amount_total : 0,
      currency: session.currency,
      status,
      metadata: session.metadata,
      payment_method_types: outcome === 'sepa' ? ['sepa_debit'] : ['card'],
      livemode: session.livemode,
    })
    if (outcome === 'failed') return [event('payment_intent.payment_failed', intent('requires_payment_method'), session.livemode)]
    session.status = 'complete'
    session.payment_status = outcome === 'paid' ? 'paid' : 'unpaid'
    return outcome === 'paid'
      ? [event('checkout.session.completed', { ...session }, session.livemode), event('payment_intent.succeeded', intent('succeeded'), session.livemode)]
      : [event('checkout.session.completed', { ...session }, session.livemode), event('payment_intent.processing', intent('processing'), session.livemode)]
  }

  async function api(request: IncomingMessage, response: ServerResponse, path: string, body: string) {
    const account = accountOf(request)
    if (!account) return sendJson(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } })
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null
    const params = parseStripeForm(body)
    const replyKey = idempotencyKey ? `${account.secretKey}:${idempotencyKey}` : null
    const log = { method: request.method!, path, idempotencyKey, replayed: false }
    requests.push(log)
    const respond = async (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (delayed.count > 0) {
        delayed.count--
        await new Promise((resolve) => setTimeout(resolve, delayed.ms))
      }
      if (!response.destroyed) sendJson(response, status, payload, headers)
    }

    if (request.method === 'POST' && replyKey) {
      const hash = createHash('sha256').update(`${path}\n${body}`).digest('hex')
      const previous = idempotency.get(replyKey)
      if (previous) {
        if (previous.hash !== hash) {
          return respond(400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          })
        }
        log.replayed = true
        return respond(previous.status, previous.body, { 'Idempotent-Replayed': 'true' })
      }
      const [status, payload] = handle(account, request.method, path, params)
      idempotency.set(replyKey, { hash, status, body: payload })
      return respond(status, payload)
    }
    const [status, payload] = handle(account, request.method!, path, params)
    return respond(status, payload)
  }

  function handle(account: FakeStripeAccount, method: string, path: string, params: Record<string, unknown>): [number, unknown] {
    const livemode = account.secretKey.includes('_live_')
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const lines = (params.line_items as { quantity: string; price_data: { currency: string; unit_amount: string } }[]) ?? []
      const currencies = new Set(lines.map((l) => l.price_data.currency))
      if (lines.length === 0 || currencies.size !== 1) {
        return [400, { error: { type: 'invalid_request_error', message: 'line_items must share one currency' } }]
      }
      const sessionId = id('cs')
      const session: Session = {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        amount_total: lines.reduce((sum, l) => sum + Number(l.price_data.unit_amount) * Number(l.quantity), 0),
        currency: [...currencies][0]!,
        client_reference_id: (params.client_reference_id as string) ?? null,
        metadata: (params.metadata as Record<string, string>) ?? {},
        status: 'open',
        payment_status: 'unpaid',
        payment_intent: null,
        success_url: String(params.success_url),
        cancel_url: String(params.cancel_url),
        expires_at: Number(params.expires_at ?? 0),
        livemode,
        payment_method_types: ['card'],
        url: `${baseUrl}/checkout/${sessionId}`,
      }
      sessions.set(sessionId, session)
      sessionAccount.set(sessionId, account)
      return [200, session]
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([A-Za-z0-9_]+)$/.exec(path)
    if (method === 'GET' && sessionMatch) {
      const session = sessions.get(sessionMatch[1]!)
      if (!session || sessionAccount.get(session.id) !== account) {
        return [404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such checkout.session' } }]
      }
      return [200, session]
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(String(params.payment_intent))
      if (!intent || intent.account !== account) {
        return [404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } }]
      }
      const already = [...refunds.values()]
        .filter((r) => r.payment_intent === intent.id && r.status !== 'failed')
        .reduce((sum, r) => sum + Number(r.amount), 0)
      const amount = Number(params.amount ?? intent.amount - already)
      if (already + amount > intent.amount) {
        return [400, { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'Refund amount is greater than unrefunded amount on charge' } }]
      }
      const refund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: intent.currency,
        payment_intent: intent.id,
        status: 'succeeded',
        metadata: (params.metadata as Record<string, string>) ?? {},
      }
      refunds.set(refund.id, refund)
      later([event('refund.created', refund, livemode)], account)
      return [200, refund]
    }
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } }]
  }

  function checkoutPage(session: Session) {
    const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Stripe Checkout</title></head><body>
<h1>Fake Stripe Checkout (test server)</h1>
<p>Amount: <strong data-testid="amount">${escapeHtml(amount)}</strong></p>
<form method="post" action="/checkout/${session.id}/complete"><input type="hidden" name="outcome" value="paid"><button type="submit">Pay</button></form>
<form method="post" action="/checkout/${session.id}/complete"><input type="hidden" name="outcome" value="sepa"><button type="submit">Pay by SEPA Direct Debit</button></form>
<form method="post" action="/checkout/${session.id}/complete"><input type="hidden" name="outcome" value="failed"><button type="submit">Fail</button></form>
</body></html>`
  }

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://fake')
      const body = await readBody(request)
      if (url.pathname.startsWith('/v1/')) return api(request, response, url.pathname, body)
      const page = /^\/checkout\/([A-Za-z0-9_]+)(\/complete)?$/.exec(url.pathname)
      const session = page ? sessions.get(page[1]!) : undefined
      if (!page || !session) return sendJson(response, 404, { error: 'not found' })
      if (!page[2]) return sendHtml(response, checkoutPage(session))
      if (session.status !== 'open') return redirect(response, session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id))
      const outcome = new URLSearchParams(body).get('outcome')
      if (outcome !== 'paid' && outcome !== 'sepa' && outcome !== 'failed') return sendJson(response, 400, { error: 'outcome' })
      later(completeSession(session, outcome), sessionAccount.get(session.id)!)
      const back = outcome === 'failed' ? session.cancel_url : session.success_url
      return redirect(response, back.replace('{CHECKOUT_SESSION_ID}', session.id))
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) })
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`

  const mustSession = (sessionId: string) => {
    const session = sessions.get(sessionId)
    if (!session) throw new Error(`no session ${sessionId}`)
    return session
  }

  return {
    url: baseUrl,
    requests,
    sessions,
    refunds,
    deliveries,
    delayNextResponses(count, ms) {
      delayed = { count, ms }
    },
    async complete(sessionId, outcome) {
      const session = mustSession(sessionId)
      const events = completeSession(session, outcome)
      for (const evt of events) await deliver(evt, sessionAccount.get(sessionId))
      return events
    },
    async settleAsync(sessionId, succeeded) {
      const session = mustSession(sessionId)
      if (succeeded) session.payment_status = 'paid'
      const evt = event(succeeded ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed', { ...session }, session.livemode)
      await deliver(evt, sessionAccount.get(sessionId))
      return evt
    },
    async expire(sessionId) {
      const session = mustSession(sessionId)
      session.status = 'expired'
      const evt = event('checkout.session.expired', { ...session }, session.livemode)
      await deliver(evt, sessionAccount.get(sessionId))
      return evt
    },
    async dispute(paymentIntentId, amount, status = 'needs_response') {
      const intent = intents.get(paymentIntentId)
      if (!intent) throw new Error(`no payment intent ${paymentIntentId}`)
      const dispute = { id: `du_test_${paymentIntentId.slice(-12)}`, object: 'dispute', amount, currency: intent.currency, payment_intent: paymentIntentId, status, reason: 'fraudulent', metadata: intent.metadata }
      const evt = event(status === 'needs_response' ? 'charge.dispute.created' : 'charge.dispute.closed', dispute)
      await deliver(evt, intent.account)
      return evt
    },
    event,
    sign,
    deliver,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
