import { ChannelSendError, type ChannelAdapter, type OutgoingMessage } from '@quittance/use-cases/reminders/reminder-channels'

/**
 * SMS and letter providers over HTTP: one JSON POST per message with an `Idempotency-Key` header (the action's
 * key), as the fakes and the usual providers (SMS gateways, letter and LRE services) accept. 2xx → accepted, with
 * the provider's id; 408/429/5xx and network errors → retried; other 4xx → failed for good.
 */
export function createHttpProviderAdapter(options: { provider: string; url: string; apiKey?: string | null; timeoutMs?: number }): ChannelAdapter {
  return {
    provider: options.provider,
    async send(message: OutgoingMessage) {
      const body = {
        channel: message.channel,
        reference: message.idempotencyKey,
        to: message.recipient,
        locale: message.locale,
        subject: message.subject,
        text: message.text,
        sender: message.sender,
        documents: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, base64: Buffer.from(a.content).toString('base64') })),
      }
      let response: Response
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': message.idempotencyKey,
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        })
      } catch (error) {
        throw new ChannelSendError(`${options.provider}: ${error instanceof Error ? error.message : String(error)}`, false)
      }
      const text = await response.text()
      if (!response.ok) {
        const retryable = response.status === 408 || response.status === 429 || response.status >= 500
        throw new ChannelSendError(`${options.provider}: HTTP ${response.status} ${text.slice(0, 200)}`, !retryable)
      }
      let id = message.idempotencyKey
      let state: 'sent' | 'delivered' = 'sent'
      try {
        const parsed = JSON.parse(text) as { id?: unknown; state?: unknown }
        if (typeof parsed.id === 'string') id = parsed.id
        if (parsed.state === 'delivered') state = 'delivered'
      } catch {
        // A provider that answers 2xx without JSON accepted the message; our key identifies it.
      }
      return { providerMessageId: id, state }
    },
  }
}
