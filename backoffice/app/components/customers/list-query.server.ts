import { z } from 'zod'
import { AGING_BUCKETS } from '@quittance/domain/invoices/aging'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { CUSTOMER_SORTS, type CustomerListParams } from './list-query'

// Anything unknown or malformed in the list's URL falls back to its default: a hand-edited URL shows the list,
// never an error.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .catch('')

const CustomerListQuerySchema = z.object({
  entity: z.string().regex(UUID).catch(''),
  q: optionalText(100),
  segment: optionalText(60),
  owner: z.union([z.literal('none'), z.string().regex(UUID)]).catch(''),
  bucket: z.enum(AGING_BUCKETS).or(z.literal('')).catch(''),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .catch(''),
  currency: z
    .string()
    .refine((code) => /^[A-Z]{3}$/.test(code) && isCurrencyCode(code))
    .catch(''),
  sort: z.enum(CUSTOMER_SORTS).catch('name_asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export function parseCustomerListQuery(searchParams: URLSearchParams): CustomerListParams {
  const raw = Object.fromEntries(
    Object.keys(CustomerListQuerySchema.shape).map((key) => [key, searchParams.get(key) ?? undefined]),
  )
  return CustomerListQuerySchema.parse(raw)
}
