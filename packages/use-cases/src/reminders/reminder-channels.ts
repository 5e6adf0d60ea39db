import type { Channel } from '@quittance/domain/reminders/scenario'

// What the engine asks of a message channel. The adapters (SMTP, SMS and letter providers over HTTP) and their
// fakes live in @quittance/reminders; the two that need nothing from outside live here.

export type MessageChannel = Exclude<Channel, 'phone-task' | 'manual-task'>

export type OutgoingMessage = {
  channel: MessageChannel
  /** The same on every attempt for one action: providers dedupe on it. */
  idempotencyKey: string
  recipient: string
  locale: string
  subject: string | null
  text: string
  html: string | null
  attachments: { filename: string; contentType: string; content: Uint8Array }[]
  sender: { name: string; email: string | null }
}

export type SendReceipt = { providerMessageId: string; state: 'sent' | 'delivered' }

export type ChannelAdapter = {
  /** Stored on the delivery: 'smtp', 'http-sms', 'outbox', 'test-mode'… */
  provider: string
  send(message: OutgoingMessage): Promise<SendReceipt>
}

export type ReminderChannels = { adapterFor(channel: MessageChannel): ChannelAdapter }

/** A refusal that no retry will change (an invalid recipient, a rejected document): the send fails at once. */
export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message)
    this.name = 'ChannelSendError'
  }
}

/**
 * The embedded default: the message is the outbox row itself, viewable in the back office; nothing leaves the
 * machine.
 */
export const OUTBOX_ADAPTER: ChannelAdapter = {
  provider: 'outbox',
  send: async (message) => ({ providerMessageId: message.idempotencyKey, state: 'sent' }),
}

/** Test mode: rendered and kept (cancelled) in the outbox, never handed to a provider. */
export const TEST_MODE_ADAPTER: ChannelAdapter = {
  provider: 'test-mode',
  send: async (message) => ({ providerMessageId: message.idempotencyKey, state: 'sent' }),
}

export function outboxOnlyChannels(): ReminderChannels {
  return { adapterFor: () => OUTBOX_ADAPTER }
}
