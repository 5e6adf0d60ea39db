import { z } from 'zod'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import { Secret } from './secret'

/**
 * Which online payments each creditor entity takes, and with which credentials. It comes from the host's
 * configuration (never from the database or a page), keyed by entity code; the key "*" applies to every entity
 * without an entry of its own (a single-creditor installation, the sandbox, tests).
 *
 * {
 *   "ACME": {
 *     "stripe": { "secretKey": "sk_live_…", "webhookSecret": "whsec_…", "currencies": ["EUR", "GBP"] },
 *     "mollie": { "apiKey": "live_…", "currencies": ["EUR"] },
 *     "bankTransfer": true
 *   },
 *   "*": { "sandbox": {} }
 * }
 *
 * `apiBase` (Stripe) and `apiEndpoint` (Mollie) point the SDKs at another server (the local fakes in tests).
 */
export type StripeSettings = {
  secretKey: Secret
  /** Several during a rotation: a signature made with any of them is accepted. */
  webhookSecrets: Secret[]
  currencies: string[] | null
  apiBase: URL | null
  /** Test-mode keys must never accept live events, and the reverse. */
  livemode: boolean
  timeoutMs: number
}
export type MollieSettings = { apiKey: Secret; currencies: string[] | null; apiEndpoint: string | null }
export type SandboxSettings = { currencies: string[] | null }
export type EntityPaymentSettings = {
  stripe: StripeSettings | null
  mollie: MollieSettings | null
  sandbox: SandboxSettings | null
  bankTransfer: boolean
}

export type PaymentConfiguration = {
  entities: ReadonlyMap<string, EntityPaymentSettings>
  /** Signs the sandbox's notifications; made at start when not given, since only this process verifies them. */
  sandboxSecret: Secret
}

const currencies = z
  .array(z.string().refine((code) => isCurrencyCode(code), { message: 'unknown currency code' }))
  .min(1)
  .optional()

const EntitySchema = z
  .object({
    stripe: z
      .object({
        secretKey: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'Stripe keys start with sk_test_ or sk_live_'),
        webhookSecret: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
        currencies,
        apiBase: z.url().optional(),
        timeoutMs: z.number().int().min(100).max(120_000).optional(),
      })
      .strict()
      .optional(),
    mollie: z
      .object({
        apiKey: z.string().regex(/^(test|live)_[A-Za-z0-9]+$/, 'Mollie keys start with test_ or live_'),
        currencies,
        apiEndpoint: z.url().refine((url) => url.startsWith('https://'), 'Mollie only accepts an https apiEndpoint').optional(),
      })
      .strict()
      .optional(),
    sandbox: z.object({ currencies }).strict().optional(),
    bankTransfer: z.boolean().optional(),
  })
  .strict()

const ConfigurationSchema = z.record(z.string().min(1).max(64), EntitySchema)

export function parsePaymentConfiguration(
  json: string,
  options: { sandboxSecret: string },
): Result<PaymentConfiguration, string> {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    return err('is not valid JSON')
  }
  const parsed = ConfigurationSchema.safeParse(raw)
  if (!parsed.success) {
    // Paths and messages only: an error message must never echo a key back into a log.
    const first = parsed.error.issues[0]
    return err(`${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`)
  }
  const entities = new Map<string, EntityPaymentSettings>()
  for (const [code, entry] of Object.entries(parsed.data)) {
    entities.set(code, {
      stripe: entry.stripe
        ? {
            secretKey: new Secret(entry.stripe.secretKey),
            webhookSecrets: [entry.stripe.webhookSecret].flat().map((s) => new Secret(s)),
            currencies: entry.stripe.currencies ?? null,
            apiBase: entry.stripe.apiBase ? new URL(entry.stripe.apiBase) : null,
            livemode: entry.stripe.secretKey.includes('_live_'),
            timeoutMs: entry.stripe.timeoutMs ?? 10_000,
          }
        : null,
      mollie: entry.mollie
        ? { apiKey: new Secret(entry.mollie.apiKey), currencies: entry.mollie.currencies ?? null, apiEndpoint: entry.mollie.apiEndpoint ?? null }
        : null,
      sandbox: entry.sandbox ? { currencies: entry.sandbox.currencies ?? null } : null,
      bankTransfer: entry.bankTransfer ?? true,
    })
  }
  return ok({ entities, sandboxSecret: new Secret(options.sandboxSecret) })
}

/** The embedded default: every entity gets the sandbox and bank transfers, so a newcomer can try the flow. */
export function sandboxOnlyConfiguration(sandboxSecret: string): PaymentConfiguration {
  return {
    entities: new Map([['*', { stripe: null, mollie: null, sandbox: { currencies: null }, bankTransfer: true }]]),
    sandboxSecret: new Secret(sandboxSecret),
  }
}

/** Bank transfers only: a production host with no payment configuration. */
export function bankTransferOnlyConfiguration(sandboxSecret: string): PaymentConfiguration {
  return {
    entities: new Map([['*', { stripe: null, mollie: null, sandbox: null, bankTransfer: true }]]),
    sandboxSecret: new Secret(sandboxSecret),
  }
}
