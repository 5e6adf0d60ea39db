import { randomBytes, randomUUID } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

/**
 * Headers every response carries. Scripts run only from our origin or with this request's nonce, nothing is
 * loaded from elsewhere (no third-party script on the portal), and no page ever sends a Referer.
 */
export function securityHeaders(options: { hsts: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = freshNonce()
    res.locals.cspNonce = nonce
    res.locals.requestId = randomUUID()
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    )
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    res.setHeader('X-Request-Id', res.locals.requestId as string)
    if (options.hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  }
}

// 16 bytes from the CSPRNG per response, drawn from a pooled buffer (as randomUUID does) rather than one
// randomBytes call each; no byte is ever used twice.
const NONCE_BYTES = 16
const POOL_BYTES = NONCE_BYTES * 256
let pool = Buffer.alloc(0)
let poolOffset = 0

function freshNonce() {
  if (poolOffset + NONCE_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES)
    poolOffset = 0
  }
  const nonce = pool.toString('base64', poolOffset, poolOffset + NONCE_BYTES)
  poolOffset += NONCE_BYTES
  return nonce
}
