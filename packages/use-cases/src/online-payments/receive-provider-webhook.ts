import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { findEntityByCode } from '@quittance/db/repositories/online-payments'
import type { CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { ProviderError } from '@quittance/payments/provider'
import { consumeRateLimit, type RateLimitRule } from '../rate-limits/consume-rate-limit'
import { applyProviderNotification, type NotificationOutcome } from './apply-provider-notification'

/** Each unsigned Mollie call costs us an outbound fetch: limit them per address. Refused signatures too. */
export const WEBHOOK_RATE_LIMITS = {
  mollieCalls: { name: 'webhook-mollie-ip', limit: 300, windowSeconds: 60 },
  refusedSignatures: { name: 'webhook-refused-ip', limit: 30, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>

/** Larger notifications are refused (413) without being read further. */
export const WEBHOOK_MAX_BODY_BYTES = 256 * 1024

// Entities are looked up on every notification and almost never change: a short per-process cache.
const ENTITY_TTL_MS = 60_000
const entityCaches = new WeakMap<Db, Map<string, { entity: Awaited<ReturnType<typeof findEntityByCode>>; at: number }>>()

async function entityByCode(db: Db, code: string, now: Date) {
  let entities = entityCaches.get(db)
  if (!entities) {
    entities = new Map()
    entityCaches.set(db, entities)
  }
  const cached = entities.get(code)
  if (cached && now.getTime() - cached.at < ENTITY_TTL_MS && cached.entity) return cached.entity
  const entity = await findEntityByCode(db, code)
  if (entities.size > 10_000) entities.clear()
  entities.set(code, { entity, at: now.getTime() })
  return entity
}

export type WebhookAnswer = { status: 200 | 400 | 404 | 413 | 429 | 503; outcome: NotificationOutcome | 'unknown' | 'refused' }

/**
 * A provider's notification at /webhooks/{provider}/{entity code}. Stripe's (and the sandbox's) signature is
 * verified on the raw body with the entity's own secret; Mollie's bare id is answered by fetching the payment with
 * the entity's key. Only then is anything stored or applied. Refusals are 400 with an audit entry (never the body).
 */
export async function receiveProviderWebhook(
  db: Db,
  gateway: PaymentGateway,
  input: {
    provider: CheckoutProvider
    entityCode: string
    rawBody: string
    header(name: string): string | null
    now: Date
    ipAddress: string | null
    logger?: (line: Record<string, unknown>) => void
  },
): Promise<WebhookAnswer> {
  if (Buffer.byteLength(input.rawBody) > WEBHOOK_MAX_BODY_BYTES) return { status: 413, outcome: 'refused' }
  const ip = input.ipAddress ?? 'unknown'
  if (input.provider === 'mollie') {
    const limit = await consumeRateLimit(db, { rule: WEBHOOK_RATE_LIMITS.mollieCalls, key: ip, now: input.now })
    if (!limit.allowed) return { status: 429, outcome: 'refused' }
  }
  const entity = /^[A-Za-z0-9_.-]{1,64}$/.test(input.entityCode) ? await entityByCode(db, input.entityCode, input.now) : null
  const provider = entity ? gateway.forEntity(entity.code).provider(input.provider) : null
  if (!entity || !provider) return { status: 404, outcome: 'unknown' }

  let reading
  try {
    reading = await provider.readWebhook({ rawBody: input.rawBody, header: input.header })
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error
    // Mollie could not be asked: answer with an error so that it calls again later.
    input.logger?.({ level: 'warn', message: 'webhook fetch failed', provider: input.provider, entity: entity.code, detail: error.message })
    return { status: 503, outcome: 'unknown' }
  }
  if (!reading.ok) {
    const limit = await consumeRateLimit(db, { rule: WEBHOOK_RATE_LIMITS.refusedSignatures, key: ip, now: input.now })
    if (limit.allowed) {
      await insertAuditEvent(db, {
        actorType: 'system',
        actorId: input.provider,
        action: 'webhook.refused',
        subjectType: 'webhook',
        subjectId: input.provider,
        entityId: entity.id,
        after: { reason: reading.reason, bytes: Buffer.byteLength(input.rawBody) },
        ipAddress: input.ipAddress,
      })
    }
    input.logger?.({ level: 'warn', message: 'webhook refused', provider: input.provider, entity: entity.code, reason: reading.reason })
    return { status: 400, outcome: 'refused' }
  }
  // Unknown to the provider (a forged Mollie id): nothing to learn and nothing to change, and nothing to tell.
  if (!reading.notification) return { status: 200, outcome: 'unknown' }
  const outcome = await applyProviderNotification(db, {
    entity,
    provider: input.provider,
    notification: reading.notification,
    rawBody: input.rawBody,
    now: input.now,
  })
  return { status: 200, outcome }
}
