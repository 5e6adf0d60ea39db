import { useMemo } from 'react'
import { useRouteLoaderData } from '@remix-run/react'
import { intlLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator, type Messages } from '@quittance/i18n/translator'

export type RootI18nData = { locale: Locale; messages: Messages }

export function useTranslation() {
  const data = useRouteLoaderData('root') as RootI18nData | undefined
  const locale = data?.locale ?? 'en'
  const messages = data?.messages
  const t = useMemo(() => createTranslator(intlLocale(locale), messages ?? {}), [locale, messages])
  return { t, locale }
}
