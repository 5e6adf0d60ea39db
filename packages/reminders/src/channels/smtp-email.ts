import { createHash } from 'node:crypto'
import nodemailer from 'nodemailer'
import { ChannelSendError, type ChannelAdapter } from '@quittance/use-cases/reminders/reminder-channels'
import { buildMimeMessage, isSimpleAddress } from './email-mime'

/** The Message-ID of an action's e-mail: the same on every attempt, so a receiving system can drop a replay. */
export function messageIdFor(idempotencyKey: string, domain = 'quittance.invalid'): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`
}

export type SmtpAdapterOptions = {
  /** smtp://user:pass@host:587 or smtps://… */
  url: string
  /** The From address when the creditor entity has none. */
  defaultFrom?: string
  /** Parallel SMTP connections (one worker sends several messages at once). */
  maxConnections?: number
}

/**
 * E-mail over SMTP with nodemailer, pooled. SMTP has no idempotency key: the action's key goes in a header and in a
 * deterministic Message-ID, so a message replayed after a crash is recognisable as the same one.
 */
export function createSmtpEmailAdapter(options: SmtpAdapterOptions): ChannelAdapter & { close(): void } {
  // The options go in the transport's configuration object, with the URL: createTransport's second argument is
  // message defaults, and there `pool` left every message on a new connection (connect, EHLO, QUIT each time).
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  const defaultFrom = options.defaultFrom ?? 'no-reply@quittance.invalid'
  return {
    provider: 'smtp',
    async send(message) {
      const from = { name: message.sender.name, address: message.sender.email ?? defaultFrom }
      const messageId = messageIdFor(message.idempotencyKey)
      const headers = { 'X-Quittance-Idempotency-Key': message.idempotencyKey, 'Content-Language': message.locale }
      try {
        if (isSimpleAddress(from.address) && isSimpleAddress(message.recipient)) {
          // The common case: the message built in memory and handed over whole (see email-mime.ts).
          const raw = buildMimeMessage({
            from,
            to: message.recipient,
            subject: message.subject ?? '',
            text: message.text,
            html: message.html ? emailHtml(message.html, message.locale) : null,
            messageId,
            headers,
            attachments: message.attachments,
          })
          await transport.sendMail({ envelope: { from: from.address, to: [message.recipient] }, raw })
          return { providerMessageId: messageId, state: 'sent' }
        }
        const info = await transport.sendMail({
          from,
          to: message.recipient,
          subject: message.subject ?? '',
          text: message.text,
          ...(message.html ? { html: emailHtml(message.html, message.locale) } : {}),
          messageId,
          headers,
          attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
        })
        return { providerMessageId: String(info.messageId ?? messageId), state: 'sent' }
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode
        // 5xx is the server's final word on this message (bad address, refused content); anything else may pass later.
        throw new ChannelSendError(error instanceof Error ? error.message : String(error), typeof code === 'number' && code >= 500 && code < 600)
      }
    },
    close: () => transport.close(),
  }
}

function emailHtml(body: string, locale: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><style>table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px}</style></head><body>${body}</body></html>`
}
