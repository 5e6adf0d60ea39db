import deBackoffice from '../locales/de/backoffice.json'
import deBoAdmin from '../locales/de/bo-admin.json'
import deBoCustomers from '../locales/de/bo-customers.json'
import deBoFinance from '../locales/de/bo-finance.json'
import deBoImports from '../locales/de/bo-imports.json'
import deBoReminders from '../locales/de/bo-reminders.json'
import deDocuments from '../locales/de/documents.json'
import deEmails from '../locales/de/emails.json'
import dePortal from '../locales/de/portal.json'
import enBackoffice from '../locales/en/backoffice.json'
import enBoAdmin from '../locales/en/bo-admin.json'
import enBoCustomers from '../locales/en/bo-customers.json'
import enBoFinance from '../locales/en/bo-finance.json'
import enBoImports from '../locales/en/bo-imports.json'
import enBoReminders from '../locales/en/bo-reminders.json'
import enDocuments from '../locales/en/documents.json'
import enEmails from '../locales/en/emails.json'
import enPortal from '../locales/en/portal.json'
import esBackoffice from '../locales/es/backoffice.json'
import esBoAdmin from '../locales/es/bo-admin.json'
import esBoCustomers from '../locales/es/bo-customers.json'
import esBoFinance from '../locales/es/bo-finance.json'
import esBoImports from '../locales/es/bo-imports.json'
import esBoReminders from '../locales/es/bo-reminders.json'
import esDocuments from '../locales/es/documents.json'
import esEmails from '../locales/es/emails.json'
import esPortal from '../locales/es/portal.json'
import frBackoffice from '../locales/fr/backoffice.json'
import frBoAdmin from '../locales/fr/bo-admin.json'
import frBoCustomers from '../locales/fr/bo-customers.json'
import frBoFinance from '../locales/fr/bo-finance.json'
import frBoImports from '../locales/fr/bo-imports.json'
import frBoReminders from '../locales/fr/bo-reminders.json'
import frDocuments from '../locales/fr/documents.json'
import frEmails from '../locales/fr/emails.json'
import frPortal from '../locales/fr/portal.json'
import type { Locale } from './locales'
import type { Messages } from './translator'

export const NAMESPACES = [
  'portal',
  'documents',
  'emails',
  'backoffice',
  'bo-customers',
  'bo-finance',
  'bo-imports',
  'bo-admin',
  'bo-reminders',
] as const
export type Namespace = (typeof NAMESPACES)[number]

const CATALOG: Record<Locale, Record<Namespace, Messages>> = {
  fr: {
    portal: frPortal,
    documents: frDocuments,
    emails: frEmails,
    backoffice: frBackoffice,
    'bo-customers': frBoCustomers,
    'bo-finance': frBoFinance,
    'bo-imports': frBoImports,
    'bo-reminders': frBoReminders,
    'bo-admin': frBoAdmin,
  },
  en: {
    portal: enPortal,
    documents: enDocuments,
    emails: enEmails,
    backoffice: enBackoffice,
    'bo-customers': enBoCustomers,
    'bo-finance': enBoFinance,
    'bo-imports': enBoImports,
    'bo-reminders': enBoReminders,
    'bo-admin': enBoAdmin,
  },
  de: {
    portal: dePortal,
    documents: deDocuments,
    emails: deEmails,
    backoffice: deBackoffice,
    'bo-customers': deBoCustomers,
    'bo-finance': deBoFinance,
    'bo-imports': deBoImports,
    'bo-reminders': deBoReminders,
    'bo-admin': deBoAdmin,
  },
  es: {
    portal: esPortal,
    documents: esDocuments,
    emails: esEmails,
    backoffice: esBackoffice,
    'bo-customers': esBoCustomers,
    'bo-finance': esBoFinance,
    'bo-imports': esBoImports,
    'bo-reminders': esBoReminders,
    'bo-admin': esBoAdmin,
  },
}

export function messagesFor(locale: Locale, namespace: Namespace): Messages {
  return CATALOG[locale][namespace]
}

/** Several namespaces as one flat catalogue (keys are unique across namespaces by their prefixes). */
export function mergedMessagesFor(locale: Locale, namespaces: readonly Namespace[]): Messages {
  return Object.assign({}, ...namespaces.map((namespace) => CATALOG[locale][namespace])) as Messages
}
