import type { NextFunction, Request, Response } from 'express'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses state-changing requests that come from another site (CSRF), before any app sees them.
 *
 * Browsers say where a request comes from in `Sec-Fetch-Site`; we accept only `same-origin` and `none` (typed or
 * bookmarked). Where that header is missing we fall back on `Origin`. Our pages send `Referrer-Policy:
 * no-referrer`, under which browsers send `Origin: null` on form posts; once `Sec-Fetch-Site` has vouched for such
 * a request we drop that `null`, which Remix would otherwise take for a mismatched host and answer with a 500.
 */
export function sameOriginGuard(options: { trustProxy: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const fetchSite = req.get('sec-fetch-site')
    const origin = req.get('origin')
    if (fetchSite !== undefined) {
      if (fetchSite !== 'same-origin' && fetchSite !== 'none') return refuse(res)
      if (origin === 'null') delete req.headers.origin
      else if (origin !== undefined && !sameHost(origin, requestHost(req, options.trustProxy))) return refuse(res)
      return next()
    }
    if (origin === undefined) return next() // non-browser clients (webhooks, CLI tools) send neither header
    if (origin === 'null' || !sameHost(origin, requestHost(req, options.trustProxy))) return refuse(res)
    next()
  }
}

function requestHost(req: Request, trustProxy: boolean) {
  const forwarded = trustProxy ? req.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  return forwarded || req.get('host') || ''
}

function sameHost(origin: string, host: string) {
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

function refuse(res: Response) {
  res.status(403).type('text/plain').send('Cross-site request refused.')
}
