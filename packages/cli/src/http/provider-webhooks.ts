import type { NextFunction, Request, Response } from 'express'
import type { Db } from '@quittance/db/client'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import {
  receiveProviderWebhook,
  WEBHOOK_MAX_BODY_BYTES,
} from '@quittance/use-cases/online-payments/receive-provider-webhook'

const WEBHOOK_PATH = /^\/webhooks\/(stripe|mollie)\/([^/]+)$/

/**
 * The providers' notifications (`POST /webhooks/{stripe|mollie}/{entity code}`), answered before the Remix app:
 * a provider's server needs no page, session or React, and this is the hottest write path of the portal. The same
 * use case as the portal's resource routes (portal/app/routes/webhooks.*), with the same answers: the raw body
 * (read as UTF-8 text, before anything parses it), the headers, the client address and the request id. Anything
 * else under /webhooks (another method, another path) goes on to Remix, whose routes answer it as before.
 */
export function providerWebhooks(options: { db: Db; payments: PaymentGateway }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next()
    const match = WEBHOOK_PATH.exec(req.path)
    if (!match) return next()
    let entityCode: string
    try {
      entityCode = decodeURIComponent(match[2]!)
    } catch {
      return next()
    }
    const requestId = res.locals.requestId as string | undefined
    void readBody(req, WEBHOOK_MAX_BODY_BYTES)
      .then(async (body) => {
        if (body === null) {
          // Refused unread, as the use case refuses it: the rest of the body is discarded, the connection closed.
          req.resume()
          answer(res, 413, 'refused', { Connection: 'close' })
          return
        }
        const result = await receiveProviderWebhook(options.db, options.payments, {
          provider: match[1] as 'stripe' | 'mollie',
          entityCode,
          rawBody: body,
          header: (name) => req.get(name) ?? null,
          now: new Date(),
          ipAddress: req.ip ?? null,
          logger: (line) => console.warn(JSON.stringify({ ...line, requestId })),
        })
        answer(res, result.status, result.outcome)
      })
      .catch((error: unknown) => {
        console.error(
          JSON.stringify({ level: 'error', message: 'webhook failed', requestId, detail: String(error) }),
        )
        if (!res.headersSent) answer(res, 500, 'Unexpected Server Error')
        else res.end()
      })
  }
}

function answer(res: Response, status: number, body: string, headers: Record<string, string> = {}) {
  res
    .writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    })
    .end(body)
}

/** The body as UTF-8 text, or null as soon as it is longer than `limit` bytes. */
function readBody(req: Request, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        done = true
        req.off('data', onData)
        resolve(null)
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => {
      if (!done) resolve(Buffer.concat(chunks, size).toString('utf8'))
    })
    req.once('error', (error) => {
      if (!done) reject(error)
    })
  })
}
