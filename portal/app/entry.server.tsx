import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { PageTranslationContext } from './utils/i18n'
import { pageLocale, pageTranslation } from './utils/page-translation.server'

const ABORT_DELAY = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
  if (!responseHeaders.has('Cache-Control')) responseHeaders.set('Cache-Control', 'private, no-store')
  const translation = pageTranslation(
    pageLocale(remixContext.staticHandlerContext.loaderData.root, request.url),
  )
  const app = (
    <PageTranslationContext.Provider value={translation}>
      <RemixServer
        context={remixContext}
        url={request.url}
        abortDelay={ABORT_DELAY}
        nonce={loadContext.cspNonce}
      />
    </PageTranslationContext.Provider>
  )
  if (!pageHydrates(remixContext)) return renderWhole(app, responseStatusCode, responseHeaders)
  return renderStream(app, request, responseStatusCode, responseHeaders, loadContext)
}

/**
 * A page without JavaScript is only useful once all of it has arrived: render it in one pass and send one body
 * with its length, rather than React's stream of small chunks (each its own socket write). Nothing on such a page
 * suspends (no <Await> without JavaScript to fill it in), so the markup is the same as the streamed one.
 * A render error throws here, like a shell error does when streaming: Remix then renders the error boundary.
 */
function renderWhole(app: JSX.Element, status: number, headers: Headers) {
  // Encoded once here: given a string, the Response would check it is well-formed and copy it before encoding it.
  const body = Buffer.from(`<!DOCTYPE html>${renderToString(app)}`)
  headers.set('Content-Length', String(body.byteLength))
  return new Response(body, { headers, status })
}

/** Routes that declare `handle.hydrate` ship the React runtime (see root.tsx); only they stream. */
function pageHydrates(context: EntryContext) {
  return context.staticHandlerContext.matches.some(
    (match) => (context.routeModules[match.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate,
  )
}

function renderStream(
  app: JSX.Element,
  request: Request,
  status: number,
  headers: Headers,
  loadContext: AppLoadContext,
) {
  // Bots get the whole document at once; browsers can start on the shell.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce: loadContext.cspNonce,
      onShellReady() {
        if (!waitForAll) start()
      },
      onAllReady() {
        // The timer would otherwise keep the whole render reachable for ABORT_DELAY after the response is sent.
        clearTimeout(abortTimer)
        if (waitForAll) start()
      },
      onShellError(error: unknown) {
        clearTimeout(abortTimer)
        reject(error)
      },
      onError(error: unknown) {
        status = 500
        if (shellRendered) console.error(error)
      },
    })
    const abortTimer = setTimeout(abort, ABORT_DELAY)
    function start() {
      shellRendered = true
      const body = new PassThrough()
      resolve(new Response(createReadableStreamFromReadable(body), { headers, status }))
      pipe(body)
    }
  })
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return
  const message = error instanceof Error ? error.message : JSON.stringify(error)
  console.error(
    JSON.stringify({ level: 'error', requestId: context.requestId, url: request.url, error: message }),
  )
  if (error instanceof Error && error.stack) console.error(error.stack)
}
