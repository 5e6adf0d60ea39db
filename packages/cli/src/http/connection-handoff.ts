import { fork, type ChildProcess } from 'node:child_process'
import { createServer, type Server as NetServer, type Socket } from 'node:net'
import type { Server as HttpServer } from 'node:http'

/**
 * Several processes of one app on one port, without an idle primary. The first process listens, and hands each new
 * connection in turn to itself or to one of its helper processes (a copy of itself started with the same command),
 * as node:cluster's round-robin primary does; but that primary would only dispatch, and cost a process's memory
 * (~80 MB) to do it. A keep-alive connection stays with the process that got it. A helper that dies is started again;
 * meanwhile its share goes to the others.
 *
 * As in node:cluster, the first process keeps its copy of a connection until the helper says it took it: a helper
 * killed before that (or whose channel breaks) would otherwise leave the connection open and unanswered; the first
 * process serves it instead.
 */

const HANDOFF = 'quittance:connection'
const TAKEN = 'quittance:connection-taken'
const RESTART_DELAY_MS = 1_000

export type ListenOptions = {
  port: number
  host: string
  processes: number
  /** This process is a helper: it takes connections from its parent instead of listening (HostEnv.connectionHelper). */
  helper: boolean
  /** The environment a helper starts with (connectionHelperEnv). */
  helperEnv: () => NodeJS.ProcessEnv
  /** Told when a helper has started and takes its share of the connections. */
  onHelperReady?: (pid: number) => void
}

/**
 * Serves `server` on the port: itself only when `processes` is 1; otherwise it also starts `processes - 1`
 * helpers. In a helper, serves the connections its parent sends instead.
 */
export async function listenSharingConnections(
  server: HttpServer,
  options: ListenOptions,
): Promise<{ close(): Promise<void> }> {
  if (options.helper) return takeConnectionsFromParent(server)
  if (options.processes <= 1) {
    await listen(server, options)
    return { close: () => closeServer(server) }
  }
  return dispatchToHelpers(server, options)
}

function listen(server: HttpServer | NetServer, options: { port: number; host: string }) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function closeServer(server: HttpServer | NetServer) {
  return new Promise<void>((resolve) => server.close(() => resolve()))
}

async function dispatchToHelpers(server: HttpServer, options: ListenOptions) {
  let stopping = false
  const helpers: (ChildProcess | null)[] = Array.from({ length: options.processes - 1 }, () => null)
  /** Per helper, the connections sent to it that it has not yet said it took. */
  const sent = new Map<ChildProcess, Map<number, Socket>>()
  let nextId = 0
  const start = (slot: number) => {
    const child = fork(process.argv[1]!, process.argv.slice(2), {
      execArgv: process.execArgv,
      env: options.helperEnv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const unconfirmed = new Map<number, Socket>()
    child.on('message', (message: unknown) => {
      if (!isTaken(message)) return
      const socket = unconfirmed.get(message.id)
      unconfirmed.delete(message.id)
      // Closes only this process's descriptor: the helper's copy keeps the connection open.
      socket?.destroy()
    })
    sent.set(child, unconfirmed)
    child.once('exit', () => {
      helpers[slot] = null
      sent.delete(child)
      for (const socket of unconfirmed.values()) if (!socket.destroyed) serveHere(server, socket)
      unconfirmed.clear()
      if (!stopping) setTimeout(() => !stopping && start(slot), RESTART_DELAY_MS).unref()
    })
    // A helper counts once it serves: until then its share stays here.
    child.once('message', (message) => {
      if (message !== 'quittance:ready') return
      helpers[slot] = child
      options.onHelperReady?.(child.pid!)
    })
  }
  for (let slot = 0; slot < helpers.length; slot++) start(slot)

  let turn = 0
  const dispatcher = createServer({ pauseOnConnect: true }, (socket: Socket) => {
    const targets = [null, ...helpers.filter((h): h is ChildProcess => h !== null && h.connected)]
    const target = targets[turn++ % targets.length]
    const unconfirmed = target && sent.get(target)
    if (!target || !unconfirmed) return serveHere(server, socket)
    const id = ++nextId
    unconfirmed.set(id, socket)
    socket.on('error', () => {}) // a client gone meanwhile is the helper's business
    target.send({ type: HANDOFF, id }, socket, { keepOpen: true }, (error) => {
      // The helper went away between the choice and the send: serve the connection here.
      if (error && unconfirmed.delete(id) && !socket.destroyed) serveHere(server, socket)
    })
  })
  await listen(dispatcher, options)
  return {
    async close() {
      stopping = true
      for (const helper of helpers) helper?.kill('SIGTERM')
      for (const unconfirmed of sent.values()) for (const socket of unconfirmed.values()) socket.destroy()
      await Promise.all([closeServer(dispatcher), closeServer(server)])
    },
  }
}

function serveHere(server: HttpServer, socket: Socket) {
  server.emit('connection', socket)
  socket.resume()
}

async function takeConnectionsFromParent(server: HttpServer) {
  const onMessage = (message: unknown, socket: unknown) => {
    if (!isHandoff(message) || !socket) return
    serveHere(server, socket as Socket)
    process.send?.({ type: TAKEN, id: message.id })
  }
  process.on('message', onMessage)
  // Without its parent nobody sends connections any more.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
  process.send?.('quittance:ready')
  return {
    async close() {
      process.off('message', onMessage)
      await closeServer(server)
    },
  }
}

function isHandoff(message: unknown): message is { type: typeof HANDOFF; id: number } {
  return (message as { type?: unknown } | null)?.type === HANDOFF
}

function isTaken(message: unknown): message is { type: typeof TAKEN; id: number } {
  return (message as { type?: unknown } | null)?.type === TAKEN
}
