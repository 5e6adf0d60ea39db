import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@quittance/db/testing/test-databases'

// `serve portal` with PORTAL_PROCESSES=2, as real processes: the second process serves part of the connections, the
// connections a helper had not taken when it was killed are answered by the first, the helper is replaced while the
// first serves on, and stopping the first stops everything.

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))
const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL)

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** One request on a connection of its own (no keep-alive), so each one is dispatched anew. */
function get(port: number, path: string) {
  return new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } },
      (res) => {
        let bytes = 0
        res.on('data', (chunk: Buffer) => (bytes += chunk.length))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }))
      },
    )
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${path} in 30 s`)))
    req.on('error', reject)
    req.end()
  })
}

/** The processes whose parent is `pid` and that run the host (not tsx's esbuild service). */
function hostChildren(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        return parent === pid && cmdline.includes('main.ts') ? [Number(entry)] : []
      } catch {
        return []
      }
    })
}

/** Bytes a process has written (sockets included): it grows when that process answers requests. */
function bytesWritten(pid: number) {
  return Number(/^wchar:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1])
}

/** The helpers the first process has announced as serving, oldest first. */
function readyHelpers(log: string): number[] {
  return [...log.matchAll(/"message":"portal helper ready","pid":(\d+)/g)].map((match) => Number(match[1]))
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function until<T>(
  value: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await value()
    if (found) return found
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe.skipIf(!ON_POSTGRES)('the portal on two processes sharing one port (postgres)', () => {
  let database: TestDatabase
  let host: ChildProcess
  let port: number
  let output = ''

  beforeAll(async () => {
    database = await createTestDatabase('postgres')
    port = await freePort()
    host = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', 'portal'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: database.url!,
        PORTAL_PORT: String(port),
        HOST: '127.0.0.1',
        PORTAL_PROCESSES: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    host.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    host.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await until(() => output.includes('portal listening'), 90_000)
  }, 120_000)
  afterAll(async () => {
    if (host.exitCode === null) host.kill('SIGKILL')
    for (const pid of hostChildren(host.pid!)) process.kill(pid, 'SIGKILL')
    await database?.drop()
  })

  test('the helper answers part of the connections; killed, it is replaced while the first process serves on; stopping the first stops both', async () => {
    // A helper starts after the first process listens and takes seconds to load the app (much longer on a busy
    // machine); until it says it is ready, the first process serves everything.
    const helper = await until(() => readyHelpers(output)[0], 120_000)
    expect(hostChildren(host.pid!)).toEqual([helper])

    const writtenBefore = bytesWritten(helper)
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(port, '/fr/login')))
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    // Round-robin between two processes: the helper wrote half of the pages (at least a third, to allow for its other
    // writes: the replies to its parent and its logs are not pages).
    const pageBytes = answers[0]!.bytes
    expect(pageBytes).toBeGreaterThan(1_000)
    expect(bytesWritten(helper) - writtenBefore, output).toBeGreaterThan(pageBytes * 6)

    // Killed while connections sent to it wait unanswered (it is stopped, so it cannot take them): the first process
    // answers them instead, and the requests made meanwhile.
    process.kill(helper, 'SIGSTOP')
    const stranded = Promise.all(Array.from({ length: 6 }, () => get(port, '/healthz')))
    await new Promise((resolve) => setTimeout(resolve, 500))
    process.kill(helper, 'SIGKILL')
    const meanwhile = await Promise.all(Array.from({ length: 6 }, () => get(port, '/healthz')))
    expect((await stranded).map((a) => a.status)).toEqual(Array(6).fill(200))
    expect(meanwhile.map((a) => a.status)).toEqual(Array(6).fill(200))
    const replacement = await until(() => readyHelpers(output).find((pid) => pid !== helper), 120_000)
    expect(hostChildren(host.pid!)).toEqual([replacement])
    const afterRestart = await Promise.all(Array.from({ length: 4 }, () => get(port, '/fr/login')))
    expect(afterRestart.map((a) => a.status)).toEqual(Array(4).fill(200))

    host.kill('SIGTERM')
    await until(() => host.exitCode !== null || host.signalCode !== null, 30_000)
    await until(() => !alive(replacement), 30_000)
  }, 240_000)
})
