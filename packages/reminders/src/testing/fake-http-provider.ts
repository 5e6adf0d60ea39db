import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeProviderRequest = { key: string; body: { channel: string; to: string; text: string; documents: { filename: string; base64: string }[] } }

/**
 * A local SMS or letter provider speaking the adapters' HTTP protocol: it records each message once per
 * Idempotency-Key (a replay answers with the first id), and can be told to fail the next calls.
 */
export async function startFakeHttpProvider(options: { name?: string } = {}) {
  const accepted = new Map<string, { id: string; request: FakeProviderRequest }>()
  const calls: string[] = []
  let failures: { status: number; count: number } | null = null
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const key = String(req.headers['idempotency-key'] ?? '')
    calls.push(key)
    if (failures && failures.count > 0) {
      failures.count--
      res.writeHead(failures.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'simulated' }))
      return
    }
    if (!key) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Idempotency-Key required' }))
      return
    }
    let entry = accepted.get(key)
    if (!entry) {
      entry = { id: `${options.name ?? 'fake'}-${accepted.size + 1}`, request: { key, body: JSON.parse(body) as FakeProviderRequest['body'] } }
      accepted.set(key, entry)
    }
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: entry.id, state: 'sent' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/messages`,
    accepted,
    calls,
    failNext(count: number, status = 503) {
      failures = { status, count }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
