import { pgEnum } from 'drizzle-orm/pg-core'

export const customerKind = pgEnum('customer_kind', ['professional', 'consumer', 'public_body'])
export const staffRole = pgEnum('staff_role', ['admin', 'credit_manager', 'collector', 'sales', 'auditor'])
export const paymentMethod = pgEnum('payment_method', [
  'card',
  'sepa_debit',
  'bank_transfer',
  'cheque',
  'cash',
  'direct_debit',
  'other',
])
export const documentKind = pgEnum('document_kind', [
  'invoice',
  'credit_note',
  'receipt',
  'statement',
  'letter',
  'attachment',
])
export const outboxChannel = pgEnum('outbox_channel', ['email', 'sms', 'letter', 'registered_letter'])
export const outboxStatus = pgEnum('outbox_status', ['pending', 'sent', 'failed', 'cancelled'])
export const actorType = pgEnum('actor_type', ['staff', 'debtor', 'system'])
