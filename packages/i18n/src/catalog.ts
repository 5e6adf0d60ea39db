import deDocuments from '../locales/de/documents.json'
import deEmails from '../locales/de/emails.json'
import dePortal from '../locales/de/portal.json'
import enDocuments from '../locales/en/documents.json'
import enEmails from '../locales/en/emails.json'
import enPortal from '../locales/en/portal.json'
import esDocuments from '../locales/es/documents.json'
import esEmails from '../locales/es/emails.json'
import esPortal from '../locales/es/portal.json'
import frDocuments from '../locales/fr/documents.json'
import frEmails from '../locales/fr/emails.json'
import frPortal from '../locales/fr/portal.json'
import type { Locale } from './locales'
import type { Messages } from './translator'

export const NAMESPACES = ['portal', 'documents', 'emails'] as const
export type Namespace = (typeof NAMESPACES)[number]

const CATALOG: Record<Locale, Record<Namespace, Messages>> = {
  fr: { portal: frPortal, documents: frDocuments, emails: frEmails },
  en: { portal: enPortal, documents: enDocuments, emails: enEmails },
  de: { portal: dePortal, documents: deDocuments, emails: deEmails },
  es: { portal: esPortal, documents: esDocuments, emails: esEmails },
}

export function messagesFor(locale: Locale, namespace: Namespace): Messages {
  return CATALOG[locale][namespace]
}
