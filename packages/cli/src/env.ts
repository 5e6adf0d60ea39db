import { resolve } from 'node:path'

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
}

export class ConfigurationError extends Error {}

export function readHostEnv(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): HostEnv {
  const portalPort = parsePort(env.PORTAL_PORT, 'PORTAL_PORT', 3000)
  const databaseUrl = env.DATABASE_URL?.trim() || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigurationError('DATABASE_URL must start with postgres:// (for example postgres://user@host:5432/quittance).')
  }
  const portalPublicUrl = publicUrl(env.PORTAL_PUBLIC_URL, 'PORTAL_PUBLIC_URL', portalPort, 'https://pay.example.com')
  const backofficePort = parsePort(env.BACKOFFICE_PORT, 'BACKOFFICE_PORT', 3001)
  const backofficePublicUrl = publicUrl(env.BACKOFFICE_PUBLIC_URL, 'BACKOFFICE_PUBLIC_URL', backofficePort, 'https://collect.example.com')
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
  }
}

function publicUrl(value: string | undefined, name: string, port: number, example: string) {
  const url = (value?.trim() || `http://localhost:${port}`).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(url)) throw new ConfigurationError(`${name} must be an absolute http(s) URL, for example ${example}.`)
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
