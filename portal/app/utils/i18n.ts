import { createContext, useContext, useMemo } from 'react'
import { useRouteLoaderData } from '@remix-run/react'
import { intlLocale, isLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator, type Messages, type Translate } from '@quittance/i18n/translator'

export type PageTranslation = { locale: Locale; t: Translate }

/**
 * The server renders every page with the translator of its language (entry.server.tsx): the catalogue stays on the
 * server, one translator per language for the life of the process, instead of travelling through each request's
 * loader data (serialised, parsed, and written into the page for a client that never reads it: no page hydrates).
 */
export const PageTranslationContext = createContext<PageTranslation | null>(null)

/** What a page that hydrates would need on the client: the catalogue in its root loader data. */
export type RootI18nData = { locale: Locale; messages?: Messages }

export function useTranslation(): PageTranslation {
  const provided = useContext(PageTranslationContext)
  const data = useRouteLoaderData('root') as RootI18nData | undefined
  const locale = data?.locale ?? 'en'
  const messages = data?.messages
  // On the server the provided translator is used as it is: no translator is made per component and request.
  return useMemo(
    () => provided ?? { t: createTranslator(intlLocale(locale), messages ?? {}), locale },
    [provided, locale, messages],
  )
}

/** The language a path starts with (`/de/invoices` → de), or English. */
export function localeFromPath(pathname: string): Locale {
  const first = pathname.split('/')[1]
  return isLocale(first) ? first : 'en'
}
