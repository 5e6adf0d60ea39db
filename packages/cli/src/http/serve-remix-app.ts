import { readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type RequestHandler } from 'express'
import { connectionHelperEnv } from '../env'
import { listenSharingConnections } from './connection-handoff'
import { sameOriginGuard } from './same-origin-guard'
import { securityHeaders } from './security-headers'

export type RemixAppOptions = {
  /** The app's folder, holding build/server and build/client after `remix vite:build`. */
  appDir: string
  port: number
  host: string
  /** Processes serving the port (1: this one; more: helpers share its connections, see connection-handoff.ts). */
  processes?: number
  /** This process is such a helper (HostEnv.connectionHelper). */
  connectionHelper?: boolean
  /** Told when such a helper is ready (it starts after this process listens, and takes seconds to load the app). */
  onHelperReady?: (pid: number) => void
  trustProxy: boolean
  hsts: boolean
  loadContext: (request: { ip: string | null; cspNonce: string; requestId: string }) => AppLoadContext
  /** Plain handlers tried before the static files and Remix (after the security headers and the CSRF guard). */
  before?: readonly RequestHandler[]
}

export type RunningApp = { close(): Promise<void> }

/** Serves one built Remix app with our security headers, compression and long-lived asset caching. */
export async function serveRemixApp(options: RemixAppOptions): Promise<RunningApp> {
  const buildPath = join(options.appDir, 'build', 'server', 'index.js')
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy)
  app.use(compression())
  app.use(securityHeaders({ hsts: options.hsts }))
  app.use(sameOriginGuard({ trustProxy: options.trustProxy }))
  for (const handler of options.before ?? []) app.use(handler)
  const clientDir = join(options.appDir, 'build', 'client')
  // Fingerprinted assets never change; everything else in public/ may.
  app.use(
    '/assets',
    express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false }),
  )
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
  return listenSharingConnections(server, {
    port: options.port,
    host: options.host,
    processes: options.processes ?? 1,
    helper: options.connectionHelper ?? false,
    helperEnv: connectionHelperEnv,
    onHelperReady: options.onHelperReady,
  })
}

/** URL paths ("/favicon.svg") of the files under `dir`, except those in its top-level folder `except`. */
function filesUnder(dir: string, options: { except: string }, prefix = ''): Set<string> {
  const paths = new Set<string>()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!prefix && entry.name === options.except) continue
    const path = `${prefix}/${encodeURIComponent(entry.name)}`
    if (entry.isDirectory())
      for (const nested of filesUnder(join(dir, entry.name), options, path)) paths.add(nested)
    else if (entry.isFile()) paths.add(path)
  }
  return paths
}
