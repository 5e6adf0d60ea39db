import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export type SinkMessage = { key: string | null; mail: ParsedMail; raw: Buffer }

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that keeps and parses what it receives, like a mailbox. Messages
 * carrying the same idempotency key are counted, so tests can tell a replay from a second message.
 */
export async function startSmtpSink(
  options: {
    port?: number
    parse?: boolean
    failFirst?: number
    /** Answer each message after this long, as a busy mail server does (paces a sender, whatever its speed). */
    answerAfterMs?: number
    /**
     * Accept at most this many distinct idempotency keys; later new messages wait, unanswered, until
     * `setAcceptLimit` raises it (a replay of an accepted key always goes through). Lets a test stop a sender at a
     * known point of its run, whatever the speed of the machine.
     */
    acceptLimit?: number
  } = {},
) {
  const messages: SinkMessage[] = []
  const deliveriesByKey = new Map<string, number>()
  let toFail = options.failFirst ?? 0
  let acceptLimit = options.acceptLimit ?? Number.POSITIVE_INFINITY
  const admittedKeys = new Set<string>()
  const waiting: { key: string; go: () => void }[] = []
  const admit = (key: string | null, go: () => void) => {
    if (key === null || admittedKeys.has(key) || admittedKeys.size < acceptLimit) {
      if (key !== null) admittedKeys.add(key)
      go()
    } else waiting.push({ key, go })
  }
  const releaseWaiting = () => {
    while (waiting.length > 0 && (admittedKeys.has(waiting[0]!.key) || admittedKeys.size < acceptLimit)) {
      const next = waiting.shift()!
      admittedKeys.add(next.key)
      next.go()
    }
  }
  const keyOf = (raw: Buffer) => {
    const header = /^x-quittance-idempotency-key:\s*(.+)$/im.exec(raw.subarray(0, 8192).toString('utf8'))
    return header ? header[1]!.trim() : null
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () =>
        admit(keyOf(Buffer.concat(chunks)), () =>
          options.answerAfterMs ? setTimeout(answer, options.answerAfterMs) : answer(),
        ),
      )
      const answer = () => {
        if (toFail > 0) {
          toFail--
          const error = new Error('Temporary failure, try again') as Error & { responseCode: number }
          error.responseCode = 451
          callback(error)
          return
        }
        const raw = Buffer.concat(chunks)
        const key = keyOf(raw)
        if (key) deliveriesByKey.set(key, (deliveriesByKey.get(key) ?? 0) + 1)
        if (options.parse === false) {
          messages.push({ key, mail: null as unknown as ParsedMail, raw })
          callback()
          return
        }
        simpleParser(raw).then(
          (mail) => {
            messages.push({ key, mail, raw })
            callback()
          },
          (error: Error) => callback(error),
        )
      }
    },
  })
  // A sender killed mid-message resets its connection: that is the point of the chaos tests, not an error here.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    deliveriesByKey,
    /** Messages counted once per idempotency key: what a mailbox that drops replays would show. */
    uniqueKeys: () => new Set(deliveriesByKey.keys()),
    /** New messages held at the accept limit, unanswered. */
    waitingCount: () => waiting.length,
    setAcceptLimit: (limit: number) => {
      acceptLimit = limit
      releaseWaiting()
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
