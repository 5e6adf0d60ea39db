import type { TimelineEntry } from '@quittance/db/repositories/customer-timeline'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { AGING_BUCKETS, agingBucket, type AgingBucket } from '@quittance/domain/invoices/aging'
import { daysLate } from '@quittance/domain/invoices/days-late'
import { remainingMinor, type InvoiceAmounts } from '@quittance/domain/invoices/invoice-balance'
import { invoiceStatus, type InvoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { memoizeFormatter } from '@quittance/domain/shared/memoize-formatter'

// Everything the customer screens show is formatted here, on the server, in the staff member's language and the
// creditor's time zone: pages read the same with or without JavaScript and ship no formatting code.

export const formatAmount = (amountMinor: number, currency: string, intlTag: string) => formatMoney(money(amountMinor, currency), intlTag)

const instantFormatter = memoizeFormatter(
  (intlTag, timeZone) => new Intl.DateTimeFormat(intlTag, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
)

export function formatInstant(at: Date | string, intlTag: string, timeZone: string): string {
  return instantFormatter(intlTag, timeZone).format(typeof at === 'string' ? new Date(at) : at)
}

export type AgingRow = {
  currency: string
  invoiceCount: number
  total: string
  overdue: string
  buckets: Record<AgingBucket, string | null>
}

/** Per currency, the remaining amounts in each aging bucket; currencies are never added together. */
export function agingByCurrency(
  invoices: readonly (InvoiceAmounts & { currency: string; dueDate: LocalDate })[],
  today: LocalDate,
  intlTag: string,
): AgingRow[] {
  const sums = new Map<string, { count: number; total: number; buckets: Record<AgingBucket, number> }>()
  for (const invoice of invoices) {
    const remaining = remainingMinor(invoice)
    if (remaining === 0) continue
    let sum = sums.get(invoice.currency)
    if (!sum) {
      sum = { count: 0, total: 0, buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number> }
      sums.set(invoice.currency, sum)
    }
    sum.count += 1
    sum.total += remaining
    sum.buckets[agingBucket(invoice.dueDate, today)] += remaining
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]) => ({
      currency,
      invoiceCount: sum.count,
      total: formatAmount(sum.total, currency, intlTag),
      overdue: formatAmount(sum.total - sum.buckets.not_due, currency, intlTag),
      buckets: Object.fromEntries(
        AGING_BUCKETS.map((bucket) => [bucket, sum.buckets[bucket] === 0 ? null : formatAmount(sum.buckets[bucket], currency, intlTag)]),
      ) as Record<AgingBucket, string | null>,
    }))
}

export type OpenInvoiceView = {
  id: string
  number: string
  dueDate: string
  remaining: string
  total: string
  daysLate: number
  status: InvoiceStatus
}

export function presentOpenInvoice(
  invoice: InvoiceAmounts & { id: string; number: string; dueDate: LocalDate; currency: string },
  today: LocalDate,
  intlTag: string,
): OpenInvoiceView {
  return {
    id: invoice.id,
    number: invoice.number,
    dueDate: formatLocalDate(invoice.dueDate, intlTag),
    remaining: formatAmount(remainingMinor(invoice), invoice.currency, intlTag),
    total: formatAmount(invoice.totalMinor, invoice.currency, intlTag),
    daysLate: daysLate(invoice.dueDate, today),
    status: invoiceStatus(invoice, today),
  }
}

export type TimelineChange = { field: string; before: string; after: string }

export type TimelineItemView = {
  id: string
  kind: TimelineEntry['kind']
  at: string
  /** The translation key of the headline, its values, and the actor's name when a person did it. */
  key: string
  values: Record<string, string | number>
  actor: string | null
  actorType: 'staff' | 'debtor' | 'system' | null
  /** Plain text (a note, a pause reason): rendered as text, never as HTML. */
  text: string | null
  changes: TimelineChange[]
  href: string | null
}

const KNOWN_ACTIONS = new Set([
  'customer.updated',
  'customer.sales_owner_assigned',
  'customer.reminders_paused',
  'customer.reminders_resumed',
  'contact.added',
  'contact.updated',
  'contact.removed',
  'customer_note.added',
  'portal_link.issued',
  'portal_link.revoked_all',
])

type PresentContext = {
  intlTag: string
  timeZone: string
  customerCurrency: string
  staffNames: ReadonlyMap<string, string>
}

function describeValue(field: string, value: unknown, context: PresentContext): string {
  if (value === null || value === undefined || value === '') return '—'
  if (field === 'creditLimitMinor' && typeof value === 'number') return formatAmount(value, context.customerCurrency, context.intlTag)
  if (field === 'salesOwnerId' && typeof value === 'string') return context.staffNames.get(value) ?? '—'
  if (field === 'remindersPausedUntil' && typeof value === 'string') return formatLocalDate(value, context.intlTag)
  if (typeof value === 'boolean') return value ? '✓' : '✗'
  return String(value)
}

function changesOf(before: unknown, after: unknown, context: PresentContext): TimelineChange[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field]) !== JSON.stringify(a[field]))
    .map((field) => ({ field, before: describeValue(field, b[field], context), after: describeValue(field, a[field], context) }))
}

export function presentTimeline(entries: readonly TimelineEntry[], context: PresentContext): TimelineItemView[] {
  const at = (date: Date) => formatInstant(date, context.intlTag, context.timeZone)
  return entries.map((entry): TimelineItemView => {
    const base = { id: `${entry.kind}-${entry.id}`, kind: entry.kind, at: at(entry.at), actor: null, actorType: null, text: null, changes: [], href: null }
    switch (entry.kind) {
      case 'audit': {
        const after = (entry.after && typeof entry.after === 'object' ? entry.after : {}) as Record<string, unknown>
        const action = KNOWN_ACTIONS.has(entry.action) ? entry.action : 'other'
        const values: Record<string, string | number> = { action: entry.action }
        if (entry.action === 'customer.reminders_paused' && typeof after.remindersPausedUntil === 'string') {
          values.until = formatLocalDate(after.remindersPausedUntil, context.intlTag)
        }
        if (entry.action === 'portal_link.revoked_all') values.count = typeof after.revokedCount === 'number' ? after.revokedCount : 0
        if (entry.action.startsWith('contact.')) {
          const before = (entry.before && typeof entry.before === 'object' ? entry.before : {}) as Record<string, unknown>
          values.name = String(after.name ?? before.name ?? '')
        }
        const showsChanges = entry.action === 'customer.updated' || entry.action === 'contact.updated' || entry.action === 'customer.sales_owner_assigned'
        return {
          ...base,
          key: `bo-customers.timeline.action.${action}`,
          values,
          actor: entry.actorName ?? null,
          actorType: entry.actorType,
          text: entry.action === 'customer.reminders_paused' && typeof after.remindersPauseReason === 'string' ? after.remindersPauseReason : null,
          changes: showsChanges ? changesOf(entry.before, entry.after, context) : [],
        }
      }
      case 'payment':
        return {
          ...base,
          key: 'bo-customers.timeline.payment',
          values: {
            amount: formatAmount(entry.amountMinor, entry.currency, context.intlTag),
            date: formatLocalDate(entry.receivedOn, context.intlTag),
            method: entry.method,
          },
          href: `/payments/${entry.id}`,
        }
      case 'portal_visit':
        return {
          ...base,
          key: entry.contactName ? 'bo-customers.timeline.portalVisitBy' : 'bo-customers.timeline.portalVisit',
          values: { name: entry.contactName ?? '' },
          actorType: 'debtor',
        }
      case 'note':
        return { ...base, key: 'bo-customers.timeline.note', values: {}, actor: entry.authorName, actorType: 'staff', text: entry.body }
      case 'message':
        return {
          ...base,
          key: 'bo-customers.timeline.message',
          values: { channel: entry.channel, recipient: entry.recipient, status: entry.status, subject: entry.subject ?? entry.template },
          actorType: 'system',
        }
    }
  })
}
