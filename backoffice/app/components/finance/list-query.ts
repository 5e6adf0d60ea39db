import { z } from 'zod'
import {
  CREDIT_NOTE_LIST_APPLICATIONS,
  INVOICE_LIST_SORTS,
  INVOICE_LIST_STATUSES,
  PAYMENT_LIST_ALLOCATIONS,
} from '@quittance/domain/payments/finance-list-options'
import { PAYMENT_METHODS } from '@quittance/domain/payments/payment-methods'

// The lists' query strings. Anything unknown or malformed falls back to its default: a hand-edited URL shows a
// list, never an error. Client-safe (no database code), so pages can build links with it.

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .catch('')
  .default('')
const currency = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/))
  .catch('')
  .default('')
const search = z
  .string()
  .transform((s) => s.trim().slice(0, 100))
  .catch('')
  .default('')
const page = z.coerce.number().int().min(1).max(100_000).catch(1).default(1)

export const InvoiceListQuery = z.object({
  q: search,
  status: z.enum(INVOICE_LIST_STATUSES).catch('open').default('open'),
  currency,
  dueFrom: date,
  dueTo: date,
  sort: z.enum(INVOICE_LIST_SORTS).catch('due_asc').default('due_asc'),
  page,
})
export type InvoiceListParams = z.infer<typeof InvoiceListQuery>

export const PaymentListQuery = z.object({
  q: search,
  currency,
  method: z.enum(['', ...PAYMENT_METHODS]).catch('').default(''),
  from: date,
  to: date,
  allocation: z.enum(PAYMENT_LIST_ALLOCATIONS).catch('all').default('all'),
  page,
})
export type PaymentListParams = z.infer<typeof PaymentListQuery>

export const CreditNoteListQuery = z.object({
  q: search,
  currency,
  from: date,
  to: date,
  application: z.enum(CREDIT_NOTE_LIST_APPLICATIONS).catch('all').default('all'),
  page,
})
export type CreditNoteListParams = z.infer<typeof CreditNoteListQuery>

export function parseQuery<S extends z.ZodType>(schema: S, searchParams: URLSearchParams): z.infer<S> {
  return schema.parse(Object.fromEntries(searchParams)) as z.infer<S>
}

/** The same list with some parameters changed; defaults are left out so links stay short. */
export function listHref(path: string, params: Record<string, string | number>, changes: Record<string, string | number>) {
  const merged = { ...params, ...changes }
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(merged)) {
    if (value === '' || (key === 'page' && value === 1)) continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `${path}?${text}` : path
}
