import { mergedMessagesFor } from '@quittance/i18n/catalog'
import type { Locale } from '@quittance/i18n/locales'

const BACKOFFICE_NAMESPACES = ['backoffice', 'bo-customers', 'bo-finance', 'bo-imports', 'bo-admin', 'bo-reminders'] as const

export function backofficeMessages(locale: Locale) {
  return mergedMessagesFor(locale, BACKOFFICE_NAMESPACES)
}
