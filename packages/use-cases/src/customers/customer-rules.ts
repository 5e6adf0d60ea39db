import { isLocalDate, isAfter, type LocalDate } from '@quittance/domain/dates/local-date'
import { can, type StaffRole } from '@quittance/domain/staff/permissions'
import { SUPPORTED_LOCALES, type Locale } from '@quittance/i18n/locales'

// The rules every customer change obeys. The back office's forms check the same limits first (to show a message
// next to the field); the use cases check them again, because a form is not the only caller.

/** Who makes a change: recorded in the audit log, and checked against the role's permissions. */
export type StaffActor = { id: string; role: StaffRole; ipAddress?: string | null }

export const CONTACT_ROLES = ['billing', 'accounting', 'management', 'purchasing', 'legal', 'other'] as const
export type ContactRole = (typeof CONTACT_ROLES)[number]
export const CUSTOMER_LANGUAGES = SUPPORTED_LOCALES

export const LIMITS = {
  contactName: 200,
  email: 254,
  phone: 30,
  noteBody: 5000,
  pauseReason: 500,
  segment: 60,
} as const

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// Digits with the usual separators, an optional leading +: "+33 4 72 00 00 00", "(555) 010-1234".
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{3,29}$/

export function mayChangeCustomers(actor: StaffActor): boolean {
  return can(actor.role, 'write:customers')
}

/** Length as PostgreSQL's char_length counts it (code points), not UTF-16 units. */
export function textLength(text: string): number {
  return [...text].length
}

export function isLanguage(value: string): value is Locale {
  return (CUSTOMER_LANGUAGES as readonly string[]).includes(value)
}

export function isContactRole(value: string): value is ContactRole {
  return (CONTACT_ROLES as readonly string[]).includes(value)
}

export type ContactInput = {
  name: string
  email?: string | null
  phone?: string | null
  language: string
  role: string
  isPrimary?: boolean
}

export type ContactFailure =
  | 'name-required'
  | 'name-too-long'
  | 'invalid-email'
  | 'invalid-phone'
  | 'invalid-language'
  | 'invalid-role'

/** Trims and checks a contact; empty e-mail and phone are stored as null. */
export function normalizeContact(
  input: ContactInput,
):
  | { ok: true; value: { name: string; email: string | null; phone: string | null; language: Locale; role: ContactRole; isPrimary: boolean } }
  | { ok: false; error: ContactFailure } {
  const name = input.name.trim()
  const email = input.email?.trim() || null
  const phone = input.phone?.trim() || null
  if (name === '') return { ok: false, error: 'name-required' }
  if (textLength(name) > LIMITS.contactName) return { ok: false, error: 'name-too-long' }
  if (email !== null && (email.length > LIMITS.email || !EMAIL_PATTERN.test(email))) return { ok: false, error: 'invalid-email' }
  if (phone !== null && !PHONE_PATTERN.test(phone)) return { ok: false, error: 'invalid-phone' }
  if (!isLanguage(input.language)) return { ok: false, error: 'invalid-language' }
  if (!isContactRole(input.role)) return { ok: false, error: 'invalid-role' }
  return { ok: true, value: { name, email, phone, language: input.language, role: input.role, isPrimary: input.isPrimary ?? false } }
}

export type PauseFailure = 'invalid-date' | 'date-not-after-today' | 'reason-required' | 'reason-too-long'

export function checkPause(input: { until: string; reason: string; today: LocalDate }): PauseFailure | null {
  if (!isLocalDate(input.until)) return 'invalid-date'
  if (!isAfter(input.until, input.today)) return 'date-not-after-today'
  const reason = input.reason.trim()
  if (reason === '') return 'reason-required'
  if (textLength(reason) > LIMITS.pauseReason) return 'reason-too-long'
  return null
}

export type NoteFailure = 'note-empty' | 'note-too-long'

export function checkNote(body: string): NoteFailure | null {
  const trimmed = body.trim()
  if (trimmed === '') return 'note-empty'
  if (textLength(trimmed) > LIMITS.noteBody) return 'note-too-long'
  return null
}
