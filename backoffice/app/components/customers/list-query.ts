import type { AgingBucket } from '@quittance/domain/invoices/aging'

// The customer list's URL: every filter is a GET parameter, so a filtered list can be bookmarked and shared.
// Parsing it is in list-query.server.ts (zod stays out of the browser bundle).

export const CUSTOMER_SORTS = [
  'name_asc',
  'name_desc',
  'outstanding_desc',
  'outstanding_asc',
  'days_late_desc',
  'days_late_asc',
] as const
export type CustomerSort = (typeof CUSTOMER_SORTS)[number]

export const PAGE_SIZE = 50

export type CustomerListParams = {
  entity: string
  q: string
  segment: string
  owner: string
  bucket: AgingBucket | ''
  country: string
  currency: string
  sort: CustomerSort
  page: number
}
/** The list's URL with some parameters changed; empty values and defaults are left out to keep it short. */
export function customerListHref(params: CustomerListParams, changes: Partial<CustomerListParams> = {}): string {
  const next = { ...params, ...changes }
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(next)) {
    if (value === '' || value === undefined) continue
    if (key === 'page' && value === 1) continue
    if (key === 'sort' && value === 'name_asc') continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `/customers?${text}` : '/customers'
}
