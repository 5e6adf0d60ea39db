import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import {
  bankTransferOnlyConfiguration,
  parsePaymentConfiguration,
  sandboxOnlyConfiguration,
  type PaymentConfiguration,
} from '@quittance/payments/configuration'

/** The only module of the host that reads the environment; everything else receives a typed config. */
export type HostEnv = {
  databaseUrl: string | null
  redisUrl: string | null
  dataDir: string
  portalPort: number
  portalPublicUrl: string
  backofficePort: number
  backofficePublicUrl: string
  bindHost: string
  trustProxy: boolean
  production: boolean
  /** Online payments per creditor entity: providers, their keys and webhook secrets (never printed, see Secret). */
  payments: PaymentConfiguration
  /** Reminder channels: each one not configured writes to the outbox (the embedded default). */
  reminders: ReminderChannelEnv
  /**
   * How often a process that runs background jobs asks the providers about checkouts left pending
   * (QUITTANCE_PAYMENT_RECONCILE_MINUTES, default 10; "off" leaves it to other processes or to cron).
   */
  paymentReconcileEveryMs: number | null
  /**
   * Processes `serve portal` runs on its port (PORTAL_PROCESSES, default 1; "auto": one per core). More than one
   * needs PostgreSQL: the embedded database lives in one process.
   */
  portalProcesses: number
  /** Set in the helper processes `serve portal` starts itself (see http/connection-handoff.ts). */
  connectionHelper: boolean
}

export type ReminderChannelEnv = {
  /** smtp://user:pass@host:587 or smtps://… (SMTP_URL); SMTP_FROM is the sender when an entity has no e-mail. */
  smtpUrl: string | null
  smtpFrom: string | null
  /** HTTP endpoints of the SMS, letter and registered-letter providers (JSON POST with an Idempotency-Key). */
  smsProviderUrl: string | null
  letterProviderUrl: string | null
  registeredLetterProviderUrl: string | null
  providerApiKey: string | null
  /** Jobs one worker process runs at once (QUITTANCE_WORKER_CONCURRENCY). */
  workerConcurrency: number
  /** How long a job (and a provider call) is held before another worker may take it over (QUITTANCE_JOB_LEASE_MS). */
  jobLeaseMs: number
  /** Whether this process asks for the daily plan (QUITTANCE_REMINDER_SCHEDULE=off to leave it to others). */
  schedule: boolean
}

export class ConfigurationError extends Error {}

const CONNECTION_HELPER_VARIABLE = 'QUITTANCE_CONNECTION_HELPER'

/** The environment of a helper process of `serve portal`: this one's, marked as a helper's. */
export function connectionHelperEnv(): NodeJS.ProcessEnv {
  return { ...process.env, [CONNECTION_HELPER_VARIABLE]: '1' }
}

export function readHostEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): HostEnv {
  const portalPort = parsePort(env.PORTAL_PORT, 'PORTAL_PORT', 3000)
  const databaseUrl = env.DATABASE_URL?.trim() || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigurationError(
      'DATABASE_URL must start with postgres:// (for example postgres://user@host:5432/quittance).',
    )
  }
  const portalPublicUrl = publicUrl(
    env.PORTAL_PUBLIC_URL,
    'PORTAL_PUBLIC_URL',
    portalPort,
    'https://pay.example.com',
  )
  const backofficePort = parsePort(env.BACKOFFICE_PORT, 'BACKOFFICE_PORT', 3001)
  const backofficePublicUrl = publicUrl(
    env.BACKOFFICE_PUBLIC_URL,
    'BACKOFFICE_PUBLIC_URL',
    backofficePort,
    'https://collect.example.com',
  )
  const portalProcesses =
    env.PORTAL_PROCESSES?.trim() === 'auto'
      ? availableParallelism()
      : parsePositive(env.PORTAL_PROCESSES, 'PORTAL_PROCESSES', 1, 64)
  if (portalProcesses > 1 && !databaseUrl) {
    throw new ConfigurationError(
      'PORTAL_PROCESSES above 1 needs DATABASE_URL: the embedded database is open in one process only.',
    )
  }
  return {
    databaseUrl,
    redisUrl: env.REDIS_URL?.trim() || null,
    dataDir: resolve(cwd, env.QUITTANCE_DATA_DIR?.trim() || '.data'),
    portalPort,
    portalPublicUrl,
    backofficePort,
    backofficePublicUrl,
    bindHost: env.HOST?.trim() || '0.0.0.0',
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    production: env.NODE_ENV === 'production',
    payments: readPaymentConfiguration(env, cwd),
    reminders: readReminderChannelEnv(env),
    paymentReconcileEveryMs:
      env.QUITTANCE_PAYMENT_RECONCILE_MINUTES?.trim() === 'off'
        ? null
        : parsePositive(
            env.QUITTANCE_PAYMENT_RECONCILE_MINUTES,
            'QUITTANCE_PAYMENT_RECONCILE_MINUTES',
            10,
            1_440,
          ) * 60_000,
    portalProcesses,
    connectionHelper: env[CONNECTION_HELPER_VARIABLE] === '1',
  }
}

function readReminderChannelEnv(env: Readonly<Record<string, string | undefined>>): ReminderChannelEnv {
  const url = (name: string, schemes: RegExp, example: string) => {
    const value = env[name]?.trim() || null
    if (value && !schemes.test(value)) throw new ConfigurationError(`${name} must look like ${example}.`)
    return value
  }
  return {
    smtpUrl: url('SMTP_URL', /^smtps?:\/\/[^/]+/, 'smtp://user:password@mail.example.com:587'),
    smtpFrom: env.SMTP_FROM?.trim() || null,
    smsProviderUrl: url('SMS_PROVIDER_URL', /^https?:\/\/[^/]+/, 'https://sms.example.com/messages'),
    letterProviderUrl: url('LETTER_PROVIDER_URL', /^https?:\/\/[^/]+/, 'https://letters.example.com/letters'),
    registeredLetterProviderUrl: url(
      'REGISTERED_LETTER_PROVIDER_URL',
      /^https?:\/\/[^/]+/,
      'https://letters.example.com/registered',
    ),
    providerApiKey: env.MESSAGE_PROVIDER_API_KEY?.trim() || null,
    workerConcurrency: parsePositive(
      env.QUITTANCE_WORKER_CONCURRENCY,
      'QUITTANCE_WORKER_CONCURRENCY',
      8,
      256,
    ),
    jobLeaseMs: parsePositive(env.QUITTANCE_JOB_LEASE_MS, 'QUITTANCE_JOB_LEASE_MS', 60_000, 3_600_000),
    schedule: env.QUITTANCE_REMINDER_SCHEDULE?.trim() !== 'off',
  }
}

function parsePositive(value: string | undefined, name: string, fallback: number, max: number) {
  if (value === undefined || value.trim() === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ConfigurationError(`${name} must be a whole number between 1 and ${max}, got "${value}".`)
  return n
}

/**
 * QUITTANCE_PAYMENT_PROVIDERS holds the JSON (see packages/payments/src/configuration.ts), or
 * QUITTANCE_PAYMENT_PROVIDERS_FILE names a file with it (better for secrets). Without either, the embedded default
 * offers the sandbox provider and bank transfers, and production offers bank transfers only.
 */
function readPaymentConfiguration(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): PaymentConfiguration {
  const sandboxSecret = env.QUITTANCE_SANDBOX_SECRET?.trim() || randomBytes(32).toString('hex')
  const inline = env.QUITTANCE_PAYMENT_PROVIDERS?.trim()
  const file = env.QUITTANCE_PAYMENT_PROVIDERS_FILE?.trim()
  if (inline && file)
    throw new ConfigurationError(
      'Set QUITTANCE_PAYMENT_PROVIDERS or QUITTANCE_PAYMENT_PROVIDERS_FILE, not both.',
    )
  let json = inline
  let name = 'QUITTANCE_PAYMENT_PROVIDERS'
  if (file) {
    name = 'QUITTANCE_PAYMENT_PROVIDERS_FILE'
    try {
      json = readFileSync(resolve(cwd, file), 'utf8')
    } catch {
      throw new ConfigurationError(`QUITTANCE_PAYMENT_PROVIDERS_FILE: cannot read ${resolve(cwd, file)}.`)
    }
  }
  if (!json)
    return env.NODE_ENV === 'production'
      ? bankTransferOnlyConfiguration(sandboxSecret)
      : sandboxOnlyConfiguration(sandboxSecret)
  const parsed = parsePaymentConfiguration(json, { sandboxSecret })
  if (!parsed.ok) throw new ConfigurationError(`${name} ${parsed.error}`)
  return parsed.value
}

function publicUrl(value: string | undefined, name: string, port: number, example: string) {
  const url = (value?.trim() || `http://localhost:${port}`).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new ConfigurationError(`${name} must be an absolute http(s) URL, for example ${example}.`)
  return url
}

function parsePort(value: string | undefined, name: string, fallback: number) {
  if (value === undefined || value.trim() === '') return fallback
  const port = Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigurationError(`${name} must be a port number between 1 and 65535, got "${value}".`)
  }
  return port
}
