import { describe, expect, test } from 'vitest'
import { chooseLocale, localeFromAcceptLanguage } from './locales'
import { createTranslator, type TranslationValues } from './translator'

describe('createTranslator', () => {
  const messages = {
    greeting: 'Hello {name}',
    invoices_one: '{count} invoice',
    invoices_other: '{count} invoices',
    plain: 'No placeholder',
  }
  const t = createTranslator('en-GB', messages)

  test.each([
    { key: 'greeting', values: { name: 'Ada' }, expected: 'Hello Ada' },
    { key: 'invoices', values: { count: 1 }, expected: '1 invoice' },
    { key: 'invoices', values: { count: 0 }, expected: '0 invoices' },
    { key: 'invoices', values: { count: 7 }, expected: '7 invoices' },
    { key: 'plain', values: undefined, expected: 'No placeholder' },
    { key: 'greeting', values: {}, expected: 'Hello {name}' },
    { key: 'missing.key', values: undefined, expected: 'missing.key' },
  ])('translates $key with $values to "$expected"', ({ key, values, expected }) => {
    expect(t(key, values as TranslationValues | undefined)).toBe(expected)
  })

  test('uses the French plural rule where 0 and 1 are singular', () => {
    const fr = createTranslator('fr-FR', { n_one: '{count} facture', n_other: '{count} factures' })
    expect([fr('n', { count: 0 }), fr('n', { count: 1 }), fr('n', { count: 2 })]).toEqual([
      '0 facture',
      '1 facture',
      '2 factures',
    ])
  })
})

describe('choosing a language', () => {
  test.each([
    { header: 'de-DE,de;q=0.9,en;q=0.8', expected: 'de' },
    { header: 'ja,es;q=0.5,fr;q=0.7', expected: 'fr' },
    { header: 'ja, zh', expected: null },
    { header: 'en;q=0, es', expected: 'es' },
    { header: '', expected: null },
  ])('reads "$header" as $expected', ({ header, expected }) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected)
  })

  test.each([
    { contactLanguage: 'es', acceptLanguage: 'de', expected: 'es' },
    { contactLanguage: 'ja', acceptLanguage: 'de', expected: 'de' },
    { contactLanguage: null, acceptLanguage: 'pt', expected: 'fr' },
    { contactLanguage: 'EN-us', acceptLanguage: null, expected: 'en' },
  ])('prefers the contact language $contactLanguage over the browser $acceptLanguage', (input) => {
    expect(chooseLocale(input)).toBe(input.expected)
  })
})
