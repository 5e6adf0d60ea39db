import { describe, expect, test } from 'vitest'
import { ConfigurationError, readHostEnv } from './env'

describe('reading the host configuration', () => {
  test('defaults to the embedded database in .data and the portal on port 3000', () => {
    const env = readHostEnv({}, '/srv/quittance')
    expect(env).toMatchObject({
      databaseUrl: null,
      dataDir: '/srv/quittance/.data',
      portalPort: 3000,
      portalPublicUrl: 'http://localhost:3000',
      trustProxy: false,
    })
  })

  test('takes PostgreSQL, a public URL without trailing slash, and a data directory from the environment', () => {
    const env = readHostEnv(
      {
        DATABASE_URL: 'postgres://app@db:5432/quittance',
        PORTAL_PORT: '8080',
        PORTAL_PUBLIC_URL: 'https://pay.example.com/',
        QUITTANCE_DATA_DIR: '/var/lib/quittance',
        TRUST_PROXY: 'true',
      },
      '/srv',
    )
    expect(env).toMatchObject({
      databaseUrl: 'postgres://app@db:5432/quittance',
      portalPort: 8080,
      portalPublicUrl: 'https://pay.example.com',
      dataDir: '/var/lib/quittance',
      trustProxy: true,
    })
  })

  test.each([
    { variables: { PORTAL_PORT: 'abc' }, message: /PORTAL_PORT/ },
    { variables: { PORTAL_PORT: '70000' }, message: /PORTAL_PORT/ },
    { variables: { DATABASE_URL: 'mysql://x' }, message: /DATABASE_URL/ },
    { variables: { PORTAL_PUBLIC_URL: 'pay.example.com' }, message: /PORTAL_PUBLIC_URL/ },
  ])('refuses $variables with a message naming the variable', ({ variables, message }) => {
    expect(() => readHostEnv(variables, '/srv')).toThrow(ConfigurationError)
    expect(() => readHostEnv(variables, '/srv')).toThrow(message)
  })
})
