import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { ConfigurationError, readHostEnv } from './env'

const STRIPE = { secretKey: 'sk_test_abc123', webhookSecret: 'whsec_abc123', currencies: ['EUR'] }

describe('reading the payment configuration', () => {
  test('the embedded default offers the sandbox and bank transfers; production without configuration only transfers', () => {
    expect(readHostEnv({}, '/srv').payments.entities.get('*')).toMatchObject({ sandbox: { currencies: null }, bankTransfer: true, stripe: null })
    expect(readHostEnv({ NODE_ENV: 'production' }, '/srv').payments.entities.get('*')).toMatchObject({ sandbox: null, bankTransfer: true })
  })

  test('takes per-entity providers from JSON in the environment or from a file', () => {
    const json = JSON.stringify({ ACME: { stripe: { ...STRIPE, apiBase: 'http://127.0.0.1:12111' } } })
    const fromEnv = readHostEnv({ QUITTANCE_PAYMENT_PROVIDERS: json }, '/srv').payments
    expect(fromEnv.entities.get('ACME')?.stripe?.apiBase?.port).toBe('12111')
    const dir = mkdtempSync(join(tmpdir(), 'quittance-env-'))
    writeFileSync(join(dir, 'payments.json'), json)
    expect(readHostEnv({ QUITTANCE_PAYMENT_PROVIDERS_FILE: 'payments.json' }, dir).payments.entities.has('ACME')).toBe(true)
  })

  test.each([
    { value: '{not json', message: /QUITTANCE_PAYMENT_PROVIDERS is not valid JSON/ },
    { value: JSON.stringify({ ACME: { stripe: { ...STRIPE, secretKey: 'pk_test_1' } } }), message: /ACME.stripe.secretKey/ },
    { value: JSON.stringify({ ACME: { mollie: { apiKey: 'test_abc', apiEndpoint: 'http://127.0.0.1' } } }), message: /https/ },
    { value: JSON.stringify({ ACME: { stripe: { ...STRIPE, currencies: ['EURO'] } } }), message: /currencies/ },
  ])('refuses a bad configuration with a message naming the field ($message)', ({ value, message }) => {
    expect(() => readHostEnv({ QUITTANCE_PAYMENT_PROVIDERS: value }, '/srv')).toThrow(ConfigurationError)
    expect(() => readHostEnv({ QUITTANCE_PAYMENT_PROVIDERS: value }, '/srv')).toThrow(message)
  })

  test('never shows a key or a webhook secret, even in an error or when the whole configuration is printed', () => {
    const env = readHostEnv({ QUITTANCE_PAYMENT_PROVIDERS: JSON.stringify({ ACME: { stripe: STRIPE } }) }, '/srv')
    for (const printed of [JSON.stringify(env), inspect(env, { depth: 10 }), String(env.payments.entities.get('ACME')?.stripe?.secretKey)]) {
      expect(printed).not.toContain('sk_test_abc123')
      expect(printed).not.toContain('whsec_abc123')
    }
    const bad = JSON.stringify({ ACME: { stripe: { ...STRIPE, webhookSecret: '', secretKey: 'sk_test_leak' } } })
    expect(() => readHostEnv({ QUITTANCE_PAYMENT_PROVIDERS: bad }, '/srv')).toThrow(/^(?!.*sk_test_leak).*$/s)
  })
})
