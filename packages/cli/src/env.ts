import { resolve } from 'node:path'

/** The only module of the host that reads the environment; everything else receives a typed config. */
export type HostEnv = {
  databaseUrl: string | null
  redisUrl: string | null
  dataDir: string
  portalPort: number
  portalPublicUrl: string
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
  const portalPublicUrl = (env.PORTAL_PUBLIC_URL?.trim() || `http://localhost:${portalPort}`).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(portalPublicUrl)) {
    throw new ConfigurationError('PORTAL_PUBLIC_URL must be an absolute http(s) URL, for example https://pay.example.com.')
  }
  return {
    databaseUrl,
    redisUrl: env.REDIS_URL?.trim() || null,
    dataDir: resolve(cwd, env.QUITTANCE_DATA_DIR?.trim() || '.data'),
    portalPort,
    portalPublicUrl,
    bindHost: env.HOST?.trim() || '0.0.0.0',
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    production: env.NODE_ENV === 'production',
  }
}

function parsePort(value: string | undefined, name: string, fallback: number) {
  if (value === undefined || value.trim() === '') return fallback
  const port = Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigurationError(`${name} must be a port number between 1 and 65535, got "${value}".`)
  }
  return port
}
