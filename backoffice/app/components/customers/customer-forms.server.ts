import { z } from 'zod'
import type { CustomerIntent } from './intents'
import { isAfter, isLocalDate, type LocalDate } from '@quittance/domain/dates/local-date'
import {
  CONTACT_ROLES,
  CUSTOMER_LANGUAGES,
  EMAIL_PATTERN,
  LIMITS,
  PHONE_PATTERN,
  textLength,
} from '@quittance/use-cases/customers/customer-rules'

// The forms of the customer page. Each posts a hidden `intent`; the messages are catalogue keys shown next to
// their fields. The use cases check the same rules again.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const E = (key: string) => ({ error: `bo-customers.errors.${key}` })

const id = z.string(E('invalid')).regex(UUID, E('invalid'))
const maxChars = (max: number, key: string) => (value: string) => textLength(value) <= max || E(key).error

const contactFields = {
  name: z
    .string(E('nameRequired'))
    .trim()
    .min(1, E('nameRequired'))
    .refine((v) => textLength(v) <= LIMITS.contactName, E('nameTooLong')),
  email: z
    .string()
    .trim()
    .max(LIMITS.email, E('emailInvalid'))
    .regex(EMAIL_PATTERN, E('emailInvalid'))
    .optional(),
  phone: z.string().trim().regex(PHONE_PATTERN, E('phoneInvalid')).optional(),
  language: z.enum(CUSTOMER_LANGUAGES, E('languageInvalid')),
  role: z.enum(CONTACT_ROLES, E('roleInvalid')),
  isPrimary: z.boolean().optional(),
}

export function customerActionSchema(today: LocalDate) {
  const schema = z.discriminatedUnion('intent', [
    z.object({
      intent: z.literal('update-customer'),
      segment: z
        .string()
        .trim()
        .refine((v) => textLength(v) <= LIMITS.segment, E('segmentTooLong'))
        .optional(),
      creditLimit: z.string().trim().max(30, E('creditLimitInvalid')).optional(),
      language: z.enum(CUSTOMER_LANGUAGES, E('languageInvalid')),
    }),
    z.object({ intent: z.literal('assign-owner'), ownerId: id.optional() }),
    z.object({ intent: z.literal('add-contact'), ...contactFields }),
    z.object({ intent: z.literal('update-contact'), contactId: id, ...contactFields }),
    z.object({ intent: z.literal('remove-contact'), contactId: id }),
    z.object({
      intent: z.literal('add-note'),
      body: z.string(E('noteEmpty')).trim().min(1, E('noteEmpty')).refine(maxChars(LIMITS.noteBody, 'noteTooLong')),
    }),
    z.object({
      intent: z.literal('pause-reminders'),
      until: z
        .string(E('dateRequired'))
        .trim()
        .refine(isLocalDate, E('dateInvalid'))
        .refine((value) => !isLocalDate(value) || isAfter(value, today), E('dateNotAfterToday')),
      reason: z.string(E('reasonRequired')).trim().min(1, E('reasonRequired')).refine(maxChars(LIMITS.pauseReason, 'reasonTooLong')),
    }),
    z.object({ intent: z.literal('resume-reminders') }),
    z.object({ intent: z.literal('issue-link'), contactId: id.optional(), revokeOthers: z.boolean().optional() }),
    z.object({ intent: z.literal('revoke-links') }),
  ])
  // Every intent has a schema, and every schema an intent the page knows.
  type Covered = z.infer<typeof schema>['intent']
  const _exhaustive: [Covered, CustomerIntent] extends [CustomerIntent, Covered] ? true : never = true
  return schema
}

/** A use case's refusal, as a message next to the field it concerns (or above the form). */
export const REFUSALS: Record<string, { field?: string; message: string }> = {
  'name-required': { field: 'name', message: 'bo-customers.errors.nameRequired' },
  'name-too-long': { field: 'name', message: 'bo-customers.errors.nameTooLong' },
  'invalid-email': { field: 'email', message: 'bo-customers.errors.emailInvalid' },
  'invalid-phone': { field: 'phone', message: 'bo-customers.errors.phoneInvalid' },
  'invalid-language': { field: 'language', message: 'bo-customers.errors.languageInvalid' },
  'invalid-role': { field: 'role', message: 'bo-customers.errors.roleInvalid' },
  'note-empty': { field: 'body', message: 'bo-customers.errors.noteEmpty' },
  'note-too-long': { field: 'body', message: 'bo-customers.errors.noteTooLong' },
  'invalid-date': { field: 'until', message: 'bo-customers.errors.dateInvalid' },
  'date-not-after-today': { field: 'until', message: 'bo-customers.errors.dateNotAfterToday' },
  'reason-required': { field: 'reason', message: 'bo-customers.errors.reasonRequired' },
  'reason-too-long': { field: 'reason', message: 'bo-customers.errors.reasonTooLong' },
  'segment-too-long': { field: 'segment', message: 'bo-customers.errors.segmentTooLong' },
  'invalid-credit-limit': { field: 'creditLimit', message: 'bo-customers.errors.creditLimitInvalid' },
  'owner-not-found': { field: 'ownerId', message: 'bo-customers.errors.ownerNotFound' },
  'owner-not-sales': { field: 'ownerId', message: 'bo-customers.errors.ownerNotSales' },
  'contact-not-found': { message: 'bo-customers.errors.contactNotFound' },
  'not-paused': { message: 'bo-customers.errors.notPaused' },
}
