import {
  OUTBOX_ADAPTER,
  type ChannelAdapter,
  type MessageChannel,
  type ReminderChannels,
} from '@quittance/use-cases/reminders/reminder-channels'
import { createHttpProviderAdapter } from './http-provider'
import { createSmtpEmailAdapter } from './smtp-email'

export type ChannelSettings = {
  smtpUrl: string | null
  smtpFrom?: string | null
  /** Parallel SMTP connections (default 5): a worker running N send jobs at once wants about N. */
  smtpMaxConnections?: number
  smsProviderUrl: string | null
  letterProviderUrl: string | null
  registeredLetterProviderUrl: string | null
  providerApiKey?: string | null
}

/**
 * One adapter per channel from the configuration; a channel with no provider configured writes to the outbox (the
 * embedded default: every message viewable in the back office, nothing leaves the machine).
 */
export function configureReminderChannels(settings: ChannelSettings): ReminderChannels & { close(): void } {
  const smtp = settings.smtpUrl
    ? createSmtpEmailAdapter({ url: settings.smtpUrl, defaultFrom: settings.smtpFrom ?? undefined, maxConnections: settings.smtpMaxConnections })
    : null
  const http = (provider: string, url: string | null): ChannelAdapter =>
    url ? createHttpProviderAdapter({ provider, url, apiKey: settings.providerApiKey ?? null }) : OUTBOX_ADAPTER
  const adapters: Record<MessageChannel, ChannelAdapter> = {
    email: smtp ?? OUTBOX_ADAPTER,
    sms: http('http-sms', settings.smsProviderUrl),
    'postal-letter': http('http-letter', settings.letterProviderUrl),
    'registered-letter': http('http-registered-letter', settings.registeredLetterProviderUrl ?? settings.letterProviderUrl),
  }
  return { adapterFor: (channel) => adapters[channel], close: () => smtp?.close() }
}
