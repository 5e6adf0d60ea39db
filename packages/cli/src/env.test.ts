import { availableParallelism } from 'node:os'
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
    { variables: {}, everyMs: 600_000 },
    { variables: { QUITTANCE_PAYMENT_RECONCILE_MINUTES: '2' }, everyMs: 120_000 },
    { variables: { QUITTANCE_PAYMENT_RECONCILE_MINUTES: 'off' }, everyMs: null },
  ])(
    'asks the providers about stale checkouts every $everyMs ms with $variables',
    ({ variables, everyMs }) => {
      expect(readHostEnv(variables, '/srv').paymentReconcileEveryMs).toBe(everyMs)
    },
  )

  const PG = 'postgres://app@db:5432/quittance'
  test.each([
    { variables: {}, processes: 1 },
    { variables: { DATABASE_URL: PG, PORTAL_PROCESSES: '3' }, processes: 3 },
    { variables: { DATABASE_URL: PG, PORTAL_PROCESSES: 'auto' }, processes: availableParallelism() },
  ])('serves the portal from $processes process(es) with $variables', ({ variables, processes }) => {
    expect(readHostEnv(variables, '/srv').portalProcesses).toBe(processes)
  })

  test.each([
    { variables: { PORTAL_PROCESSES: '2' }, message: /PORTAL_PROCESSES above 1 needs DATABASE_URL/ },
    {
      variables: { DATABASE_URL: 'postgres://app@db:5432/quittance', PORTAL_PROCESSES: '0' },
      message: /PORTAL_PROCESSES/,
    },
    {
      variables: { DATABASE_URL: 'postgres://app@db:5432/quittance', PORTAL_PROCESSES: 'many' },
      message: /PORTAL_PROCESSES/,
    },
    { variables: { PORTAL_PORT: 'abc' }, message: /PORTAL_PORT/ },
    { variables: { PORTAL_PORT: '70000' }, message: /PORTAL_PORT/ },
    { variables: { DATABASE_URL: 'mysql://x' }, message: /DATABASE_URL/ },
    { variables: { PORTAL_PUBLIC_URL: 'pay.example.com' }, message: /PORTAL_PUBLIC_URL/ },
    {
      variables: { QUITTANCE_PAYMENT_RECONCILE_MINUTES: '0' },
      message: /QUITTANCE_PAYMENT_RECONCILE_MINUTES/,
    },
    {
      variables: { QUITTANCE_PAYMENT_RECONCILE_MINUTES: 'hourly' },
      message: /QUITTANCE_PAYMENT_RECONCILE_MINUTES/,
    },
  ])('refuses $variables with a message naming the variable', ({ variables, message }) => {
    expect(() => readHostEnv(variables, '/srv')).toThrow(ConfigurationError)
    expect(() => readHostEnv(variables, '/srv')).toThrow(message)
  })
})
