export const SUPPORTED_LOCALES = ['fr', 'en', 'de', 'es'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'fr'

export const LOCALE_NAMES: Record<Locale, string> = {
  fr: 'Français',
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
}

// The region decides date order and separators; English uses en-GB because our creditors and most debtors are European.
const INTL_TAGS: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE', es: 'es-ES' }

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value)
}

export function intlLocale(locale: Locale): string {
  return INTL_TAGS[locale]
}

/** Picks the first supported language of an Accept-Language header, by quality. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const quality = q ? Number(q.slice(2)) : 1
      return { language: tag.toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index }
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
  return ranked.map((entry) => entry.language).find(isLocale) ?? null
}

/** The contact's own language first, then the browser's, then the fallback. */
export function chooseLocale(options: {
  contactLanguage?: string | null
  acceptLanguage?: string | null
  fallback?: Locale
}): Locale {
  const contact = options.contactLanguage?.toLowerCase().split('-')[0]
  if (isLocale(contact)) return contact
  return localeFromAcceptLanguage(options.acceptLanguage) ?? options.fallback ?? DEFAULT_LOCALE
}
