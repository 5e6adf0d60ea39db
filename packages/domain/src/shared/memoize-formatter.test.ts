import { describe, expect, test } from 'vitest'
import { memoizeFormatter } from './memoize-formatter'

describe('memoizeFormatter', () => {
  test('builds once per distinct key and returns the same formatter afterwards', () => {
    const built: string[] = []
    const formatter = memoizeFormatter((locale, currency) => {
      built.push(`${locale}/${currency}`)
      return { locale, currency }
    })
    const first = formatter('fr-FR', 'EUR')
    expect(formatter('fr-FR', 'EUR')).toBe(first)
    expect(formatter('fr-FR', 'JPY')).not.toBe(first)
    expect(formatter('de-DE', 'EUR')).toEqual({ locale: 'de-DE', currency: 'EUR' })
    expect(built).toEqual(['fr-FR/EUR', 'fr-FR/JPY', 'de-DE/EUR'])
  })
})
