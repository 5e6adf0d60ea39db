import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { escapeHtml, postWithRetries, readBody, redirect, sendHtml, sendJson } from './http-helpers'
import { selfSignedCertificate } from './self-signed-certificate'

/**
 * A local https server that speaks the part of Mollie's v2 API Quittance uses, for the real `@mollie/api-client`
 * (which only accepts an https endpoint: the test process sets NODE_TLS_REJECT_UNAUTHORIZED=0 for this
 * self-signed certificate). Payments belong to the API key that made them: another key gets a 404, as at Mollie.
 * Idempotency-Key replays the first response; its hosted checkout has Pay / Fail buttons and then calls the
 * payment's webhookUrl with `id=tr_…` only, unsigned, like Mollie.
 */
type MolliePayment = Record<string, unknown> & {
  id: string
  status: string
  amount: { currency: string; value: string }
  metadata: Record<string, string> | null
  redirectUrl: string
  cancelUrl: string | null
  webhookUrl: string | null
  amountRefunded: { currency: string; value: string }
  amountChargedBack?: { currency: string; value: string }
}
type Refund = Record<string, unknown> & { id: string; amount: { currency: string; value: string }; status: string }
type Chargeback = Record<string, unknown> & { id: string; amount: { currency: string; value: string }; reversedAt: string | null }

export type FakeMollie = {
  url: string
  apiEndpoint: string
  payments: Map<string, MolliePayment>
  requests: { method: string; path: string; idempotencyKey: string | null; apiKey: string }[]
  webhookCalls: { paymentId: string; status: number | string }[]
  setStatus(paymentId: string, status: 'paid' | 'failed' | 'canceled' | 'expired' | 'pending' | 'open', method?: string): void
  addChargeback(paymentId: string, value: string): Chargeback
  reverseChargeback(chargebackId: string): void
  setRefundStatus(refundId: string, status: string): void
  /** Calls the payment's webhook as Mollie does: POST id=tr_… */
  callWebhook(paymentId: string): Promise<void>
  close(): Promise<void>
}

export async function startFakeMollie(options: { apiKeys: string[]; port?: number; webhookDelayMs?: number }): Promise<FakeMollie> {
  const { key, cert } = selfSignedCertificate()
  const payments = new Map<string, MolliePayment>()
  const owners = new Map<string, string>()
  const refunds = new Map<string, Refund[]>()
  const chargebacks = new Map<string, Chargeback[]>()
  const idempotency = new Map<string, { hash: string; status: number; body: unknown }>()
  const requests: FakeMollie['requests'] = []
  const webhookCalls: FakeMollie['webhookCalls'] = []
  let base = ''

  const mollieId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex').replace(/[^a-z0-9]/gi, '').slice(0, 10)}`
  const links = (path: string) => ({
    self: { href: `${base}/v2/${path}`, type: 'application/hal+json' },
    documentation: { href: 'https://docs.mollie.com/reference/', type: 'text/html' },
  })
  const notFound = (response: ServerResponse, what: string, id: string) =>
    sendJson(response, 404, { status: 404, title: 'Not Found', detail: `No ${what} exists with token ${id}.`, _links: links('') }, { 'Content-Type': 'application/hal+json' })
  const cents = (value: string) => Math.round(Number(value) * 100)
  const sum = (values: { value: string }[], currency: string) => ({
    currency,
    value: (values.reduce((s, v) => s + cents(v.value), 0) / 100).toFixed(2),
  })

  function refreshAmounts(payment: MolliePayment) {
    const list = refunds.get(payment.id) ?? []
    payment.amountRefunded = sum(list.filter((r) => r.status !== 'failed' && r.status !== 'canceled').map((r) => r.amount), payment.amount.currency)
    const backs = chargebacks.get(payment.id) ?? []
    if (backs.length > 0) payment.amountChargedBack = sum(backs.filter((c) => !c.reversedAt).map((c) => c.amount), payment.amount.currency)
    payment.amountRemaining = {
      currency: payment.amount.currency,
      value: ((cents(payment.amount.value) - cents(payment.amountRefunded.value)) / 100).toFixed(2),
    }
  }

  async function callWebhook(paymentId: string) {
    const payment = payments.get(paymentId)
    if (!payment?.webhookUrl) return
    const result = await postWithRetries(payment.webhookUrl, {
      body: `id=${paymentId}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    webhookCalls.push({ paymentId, status: result instanceof Error ? result.message : result.status })
  }

  async function api(request: IncomingMessage, response: ServerResponse, path: string, body: string) {
    const apiKey = (request.headers.authorization ?? '').replace(/^Bearer /, '')
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null
    requests.push({ method: request.method!, path, idempotencyKey, apiKey })
    if (!options.apiKeys.includes(apiKey)) {
      return sendJson(response, 401, { status: 401, title: 'Unauthorized Request', detail: 'Missing authentication, or failed to authenticate', _links: links('') })
    }
    if (request.method === 'POST' && idempotencyKey) {
      const replayKey = `${apiKey}:${idempotencyKey}`
      const hash = createHash('sha256').update(`${path}\n${body}`).digest('hex')
      const previous = idempotency.get(replayKey)
      if (previous) {
        if (previous.hash !== hash) {
          return sendJson(response, 400, { status: 400, title: 'Bad Request', detail: 'The idempotency key was already used with different parameters.', _links: links('') })
        }
        return sendJson(response, previous.status, previous.body, { 'Idempotent-Replayed': 'true', 'Content-Type': 'application/hal+json' })
      }
      const [status, payload] = handle(apiKey, request.method, path, body)
      idempotency.set(replayKey, { hash, status, body: payload })
      return sendJson(response, status, payload, { 'Content-Type': 'application/hal+json' })
    }
    const [status, payload] = handle(apiKey, request.method!, path, body)
    if (status === 404) return notFound(response, 'payment', path.split('/')[3] ?? '')
    return sendJson(response, status, payload, { 'Content-Type': 'application/hal+json' })
  }

  function handle(apiKey: string, method: string, path: string, body: string): [number, unknown] {
    if (method === 'POST' && path === '/v2/payments') {
      const input = JSON.parse(body) as Record<string, unknown>
      const id = mollieId('tr')
      const amount = input.amount as { currency: string; value: string }
      const payment: MolliePayment = {
        resource: 'payment',
        id,
        mode: apiKey.startsWith('live_') ? 'live' : 'test',
        createdAt: new Date().toISOString(),
        amount,
        description: input.description,
        method: null,
        metadata: (input.metadata as Record<string, string>) ?? null,
        status: 'open',
        isCancelable: false,
        expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
        profileId: 'pfl_fake00001',
        sequenceType: 'oneoff',
        redirectUrl: String(input.redirectUrl),
        cancelUrl: (input.cancelUrl as string) ?? null,
        webhookUrl: (input.webhookUrl as string) ?? null,
        amountRefunded: { currency: amount.currency, value: '0.00' },
        _links: {
          ...links(`payments/${id}`),
          checkout: { href: `${base}/checkout/${id}`, type: 'text/html' },
          dashboard: { href: `${base}/dashboard/payments/${id}`, type: 'text/html' },
        },
      }
      payments.set(id, payment)
      owners.set(id, apiKey)
      return [201, payment]
    }
    const match = /^\/v2\/payments\/(tr_[A-Za-z0-9]+)(?:\/(refunds|chargebacks))?$/.exec(path)
    const payment = match ? payments.get(match[1]!) : undefined
    if (!match || !payment || owners.get(payment.id) !== apiKey) return [404, null]
    refreshAmounts(payment)
    if (method === 'GET' && !match[2]) return [200, payment]
    if (method === 'GET' && match[2] === 'refunds') {
      const list = refunds.get(payment.id) ?? []
      return [200, { count: list.length, _embedded: { refunds: list }, _links: { ...links(`payments/${payment.id}/refunds`), previous: null, next: null } }]
    }
    if (method === 'GET' && match[2] === 'chargebacks') {
      const list = chargebacks.get(payment.id) ?? []
      return [200, { count: list.length, _embedded: { chargebacks: list }, _links: { ...links(`payments/${payment.id}/chargebacks`), previous: null, next: null } }]
    }
    if (method === 'POST' && match[2] === 'refunds') {
      const input = JSON.parse(body) as { amount: { currency: string; value: string }; metadata?: Record<string, string> }
      if (payment.status !== 'paid') return [422, { status: 422, title: 'Unprocessable Entity', detail: 'The payment is not paid' }]
      if (cents(input.amount.value) > cents(String(payment.amountRemaining && (payment.amountRemaining as { value: string }).value))) {
        return [422, { status: 422, title: 'Unprocessable Entity', detail: 'The amount is higher than the amount that can be refunded', field: 'amount' }]
      }
      const refund: Refund = {
        resource: 'refund',
        id: mollieId('re'),
        amount: input.amount,
        status: 'pending',
        createdAt: new Date().toISOString(),
        description: '',
        metadata: input.metadata ?? null,
        paymentId: payment.id,
        _links: links(`payments/${payment.id}/refunds`),
      }
      refunds.set(payment.id, [...(refunds.get(payment.id) ?? []), refund])
      return [201, refund]
    }
    return [404, null]
  }

  function checkoutPage(payment: MolliePayment) {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Mollie Checkout</title></head><body>
<h1>Fake Mollie checkout (test server)</h1>
<p>Amount: <strong>${escapeHtml(`${payment.amount.value} ${payment.amount.currency}`)}</strong></p>
<form method="post" action="/checkout/${payment.id}/complete"><input type="hidden" name="status" value="paid"><button type="submit">Pay</button></form>
<form method="post" action="/checkout/${payment.id}/complete"><input type="hidden" name="status" value="failed"><button type="submit">Fail</button></form>
</body></html>`
  }

  const server = createServer({ key, cert }, (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'https://fake')
      const body = await readBody(request)
      if (url.pathname.startsWith('/v2/')) return api(request, response, url.pathname, body)
      const page = /^\/checkout\/(tr_[A-Za-z0-9]+)(\/complete)?$/.exec(url.pathname)
      const payment = page ? payments.get(page[1]!) : undefined
      if (!page || !payment) return sendJson(response, 404, { error: 'not found' })
      if (!page[2]) return sendHtml(response, checkoutPage(payment))
      const status = new URLSearchParams(body).get('status')
      if (status !== 'paid' && status !== 'failed') return sendJson(response, 400, { error: 'status' })
      setStatus(payment.id, status, 'creditcard')
      setTimeout(() => void callWebhook(payment.id), options.webhookDelayMs ?? 0)
      return redirect(response, status === 'failed' && payment.cancelUrl ? payment.cancelUrl : payment.redirectUrl)
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) })
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`

  function setStatus(paymentId: string, status: string, method = 'creditcard') {
    const payment = payments.get(paymentId)
    if (!payment) throw new Error(`no payment ${paymentId}`)
    payment.status = status
    payment.method = method
    if (status === 'paid') payment.paidAt = new Date().toISOString()
    if (status !== 'open') delete (payment._links as Record<string, unknown>).checkout
  }

  return {
    url: base,
    apiEndpoint: `${base}/v2/`,
    payments,
    requests,
    webhookCalls,
    setStatus,
    addChargeback(paymentId, value) {
      const payment = payments.get(paymentId)!
      const chargeback: Chargeback = {
        resource: 'chargeback',
        id: mollieId('chb'),
        amount: { currency: payment.amount.currency, value },
        settlementAmount: { currency: payment.amount.currency, value: `-${value}` },
        createdAt: new Date().toISOString(),
        reversedAt: null,
        paymentId,
        _links: links(`payments/${paymentId}/chargebacks`),
      }
      chargebacks.set(paymentId, [...(chargebacks.get(paymentId) ?? []), chargeback])
      return chargeback
    },
    reverseChargeback(chargebackId) {
      for (const list of chargebacks.values()) for (const c of list) if (c.id === chargebackId) c.reversedAt = new Date().toISOString()
    },
    setRefundStatus(refundId, status) {
      for (const list of refunds.values()) for (const r of list) if (r.id === refundId) r.status = status
    },
    callWebhook,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
