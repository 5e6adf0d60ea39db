import { readdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { sameOriginGuard } from './same-origin-guard'
import { securityHeaders } from './security-headers'

export type RemixAppOptions = {
  /** The app's folder, holding build/server and build/client after `remix vite:build`. */
  appDir: string
  port: number
  host: string
  trustProxy: boolean
  hsts: boolean
  loadContext: (request: { ip: string | null; cspNonce: string; requestId: string }) => AppLoadContext
}

/** Serves one built Remix app with our security headers, compression and long-lived asset caching. */
export async function serveRemixApp(options: RemixAppOptions): Promise<Server> {
  const buildPath = join(options.appDir, 'build', 'server', 'index.js')
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy)
  app.use(compression())
  app.use(securityHeaders({ hsts: options.hsts }))
  app.use(sameOriginGuard({ trustProxy: options.trustProxy }))
  const clientDir = join(options.appDir, 'build', 'client')
  // Fingerprinted assets never change; everything else in public/ may.
  app.use('/assets', express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false }))
  // The rest of public/ is a handful of files, known once built: only their paths reach the file system, not every
  // page request (a stat each).
  const publicFiles = filesUnder(clientDir, { except: 'assets' })
  const servePublic = express.static(clientDir, { maxAge: '1h', index: false })
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()))
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: 'production',
      getLoadContext: (req, res) =>
        options.loadContext({
          ip: req.ip ?? null,
          cspNonce: res.locals.cspNonce as string,
          requestId: res.locals.requestId as string,
        }),
    }),
  )
  const server = createServer(app)
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  return server
}

/** URL paths ("/favicon.svg") of the files under `dir`, except those in its top-level folder `except`. */
function filesUnder(dir: string, options: { except: string }, prefix = ''): Set<string> {
  const paths = new Set<string>()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!prefix && entry.name === options.except) continue
    const path = `${prefix}/${encodeURIComponent(entry.name)}`
    if (entry.isDirectory()) for (const nested of filesUnder(join(dir, entry.name), options, path)) paths.add(nested)
    else if (entry.isFile()) paths.add(path)
  }
  return paths
}
