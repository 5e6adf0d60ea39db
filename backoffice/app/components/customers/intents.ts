// The intents of the customer page's forms and the section each one lives in, to come back to it after saving.
export const SECTION_OF_INTENT = {
  'update-customer': 'details',
  'assign-owner': 'details',
  'add-contact': 'contacts',
  'update-contact': 'contacts',
  'remove-contact': 'contacts',
  'add-note': 'notes',
  'pause-reminders': 'reminders',
  'resume-reminders': 'reminders',
  'issue-link': 'portal',
  'revoke-links': 'portal',
} as const
export type CustomerIntent = keyof typeof SECTION_OF_INTENT

export function isCustomerIntent(value: string | null | undefined): value is CustomerIntent {
  return typeof value === 'string' && Object.hasOwn(SECTION_OF_INTENT, value)
}
