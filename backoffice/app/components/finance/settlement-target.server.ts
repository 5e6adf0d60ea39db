import type { AppLoadContext } from '@remix-run/node'
import {
  findCustomerForFinance,
  listOpenCurrenciesOfCustomer,
  searchCustomersForFinance,
} from '@quittance/db/repositories/backoffice-invoices'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { customerVisibility, type Permission } from '@quittance/domain/staff/permissions'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'
import { openInvoicesFor } from './allocation-form.server'
import { formatters, staffLocale } from './format.server'

/**
 * The first part of recording a payment or a credit note: without `customerId` in the URL, the customer search
 * (`q`); with it, the customer (one this member may see, or a 404), the currency (`currency`, else the customer's own
 * if it has open invoices in it, else that of its first open invoices), its open invoices, and the one `invoiceId`
 * names (when the form is opened from an invoice's page).
 */
export async function loadSettlementTarget(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
) {
  const staff = await requireStaff(request, context, permission)
  const visibility = customerVisibility(staff)
  const url = new URL(request.url)
  const customerParam = url.searchParams.get('customerId')
  if (!customerParam) {
    const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
    const results = q
      ? await searchCustomersForFinance(context.db, { visibility, search: q, limit: 20 })
      : null
    return { step: 'customer' as const, q, results }
  }

  const customer = await findCustomerForFinance(context.db, {
    customerId: requireUuid(customerParam),
    visibility,
  })
  if (!customer) notFound()
  const openCurrencies = await listOpenCurrenciesOfCustomer(context.db, customer.id)
  const currencies = [...new Set([...openCurrencies, customer.currency])].sort()
  const asked = (url.searchParams.get('currency') ?? '').toUpperCase()
  const currency = isCurrencyCode(asked)
    ? asked
    : openCurrencies.includes(customer.currency) || openCurrencies.length === 0
      ? customer.currency
      : openCurrencies[0]!
  if (!currencies.includes(currency)) currencies.push(currency)

  const f = formatters(staffLocale(staff, request), customer.timeZone)
  const today = localDateInTimeZone(context.now(), customer.timeZone)
  const invoices = await openInvoicesFor(context, customer.id, currency)
  const invoiceParam = url.searchParams.get('invoiceId')
  // An id that is none of these invoices' (malformed, another customer's, settled) preselects nothing.
  const target = invoices.find((invoice) => invoice.id === invoiceParam)
  return { step: 'customer-chosen' as const, customer, currencies, currency, f, today, invoices, target }
}
