import { describe, expect, test } from 'vitest'
import { messagesFor, NAMESPACES } from './catalog'
import { SUPPORTED_LOCALES } from './locales'
import { placeholdersOf } from './translator'

// English is the reference catalogue: every other language must say the same things with the same placeholders.
describe.each(NAMESPACES)('the %s catalogue', (namespace) => {
  const reference = messagesFor('en', namespace)

  test('is not empty', () => {
    expect(Object.keys(reference).length).toBeGreaterThan(0)
  })

  test.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('has every English key in %s and no extra key', (locale) => {
    const messages = messagesFor(locale, namespace)
    expect(Object.keys(messages).sort()).toEqual(Object.keys(reference).sort())
  })

  test.each(SUPPORTED_LOCALES)('uses the same placeholders and no empty text in %s', (locale) => {
    const messages = messagesFor(locale, namespace)
    for (const [key, text] of Object.entries(reference)) {
      const translated = messages[key] ?? ''
      expect(translated.trim(), `${locale} ${key}`).not.toBe('')
      expect(placeholdersOf(translated), `${locale} ${key}`).toEqual(placeholdersOf(text))
    }
  })
})
