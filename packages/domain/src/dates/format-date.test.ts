import { describe, expect, test } from 'vitest'
import { formatLocalDate } from './format-date'

describe('formatLocalDate', () => {
  test.each([
    { locale: 'fr-FR', style: 'short', expected: '05/03/2026' },
    { locale: 'fr-FR', style: 'medium', expected: '5 mars 2026' },
    { locale: 'fr-FR', style: 'long', expected: '5 mars 2026' },
    { locale: 'fr', style: 'medium', expected: '5 mars 2026' },
    { locale: 'en-GB', style: 'short', expected: '05/03/2026' },
    { locale: 'en-GB', style: 'medium', expected: '5 Mar 2026' },
    { locale: 'en-GB', style: 'long', expected: '5 March 2026' },
    { locale: 'en', style: 'medium', expected: 'Mar 5, 2026' },
    { locale: 'de-DE', style: 'short', expected: '05.03.26' },
    { locale: 'de-DE', style: 'medium', expected: '05.03.2026' },
    { locale: 'de-DE', style: 'long', expected: '5. März 2026' },
    { locale: 'es-ES', style: 'short', expected: '5/3/26' },
    { locale: 'es-ES', style: 'medium', expected: '5 mar 2026' },
    { locale: 'es-ES', style: 'long', expected: '5 de marzo de 2026' },
  ] as const)('formats 2026-03-05 in $locale ($style) as $expected', ({ locale, style, expected }) => {
    expect(formatLocalDate('2026-03-05', locale, style)).toBe(expected)
  })

  test('uses the medium style by default', () => {
    expect(formatLocalDate('2026-11-23', 'en-GB')).toBe('23 Nov 2026')
  })

  test.each([
    { d: '2028-02-29', expected: '29/02/2028' },
    { d: '2026-12-31', expected: '31/12/2026' },
    { d: '2026-01-01', expected: '01/01/2026' },
    // Year 99 stays year 99, not 1999.
    { d: '0099-07-01', expected: '01/07/99' },
  ])('keeps the calendar date of $d', ({ d, expected }) => {
    expect(formatLocalDate(d, 'fr-FR', 'short')).toBe(expected)
  })

  test.each(['Pacific/Honolulu', 'Pacific/Kiritimati', 'Europe/Paris'])(
    'does not shift the date when the process runs in %s',
    (timeZone) => {
      const previous = process.env.TZ
      process.env.TZ = timeZone
      try {
        expect(
          ['2026-01-01', '2026-03-29', '2026-10-25'].map((d) => formatLocalDate(d, 'en-GB', 'short')),
        ).toEqual(['01/01/2026', '29/03/2026', '25/10/2026'])
      } finally {
        if (previous === undefined) delete process.env.TZ
        else process.env.TZ = previous
      }
    },
  )

  test('refuses a string that is not a LocalDate', () => {
    expect(() => formatLocalDate('2026-02-30', 'fr-FR')).toThrow(/LocalDate/)
  })
})
