import type { LocalDate } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import { MAX_INVOICES_PER_CHECKOUT } from '@quittance/domain/payments/checkout-selection'
import type { Db } from '@quittance/db/client'
import { findEntityForPayments, listOverdueInvoiceIds, listPayableInvoices } from '@quittance/db/repositories/online-payments'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { paymentMethodsFor, type MethodOffer } from './payment-methods-for'

export type PaymentSelection = { kind: 'invoices'; invoiceIds: readonly string[] } | { kind: 'overdue' }

export type PaymentGroup = {
  currency: string
  invoices: { id: string; number: string; dueDate: LocalDate; totalMinor: number; remainingMinor: number }[]
  totalMinor: number
  methods: MethodOffer[]
  /** A part may be paid: the entity allows it and the group is one invoice. */
  partialAllowed: boolean
}

/**
 * What the pay page shows: the selected invoices of this customer that still owe something, one group per
 * currency (each its own payment), with the methods the entity takes for that amount.
 */
export async function loadPaymentOptions(
  db: Db,
  gateway: PaymentGateway,
  input: { customerId: string; entityId: string; selection: PaymentSelection; today: LocalDate },
): Promise<{ groups: PaymentGroup[]; skippedCount: number } | null> {
  const entity = await findEntityForPayments(db, input.entityId)
  if (!entity) return null
  const requestedIds =
    input.selection.kind === 'overdue'
      ? await listOverdueInvoiceIds(db, { customerId: input.customerId, today: input.today, limit: MAX_INVOICES_PER_CHECKOUT })
      : [...new Set(input.selection.invoiceIds)].slice(0, MAX_INVOICES_PER_CHECKOUT)
  const rows = (await listPayableInvoices(db, { customerId: input.customerId, invoiceIds: requestedIds })).filter((row) => row.remainingMinor > 0)
  const payments = gateway.forEntity(entity.code)
  const accountCurrencies = entity.bankAccounts.map((account) => account.currency)
  const groups: PaymentGroup[] = []
  for (const currency of [...new Set(rows.map((row) => row.currency))].sort()) {
    const invoices = rows.filter((row) => row.currency === currency)
    const totalMinor = invoices.reduce((sum, row) => sum + row.remainingMinor, 0)
    groups.push({
      currency,
      invoices: invoices.map((row) => ({ id: row.id, number: row.number, dueDate: row.dueDate, totalMinor: row.totalMinor, remainingMinor: row.remainingMinor })),
      totalMinor,
      methods: paymentMethodsFor(payments, money(totalMinor, currency), accountCurrencies),
      partialAllowed: entity.portalPolicy.allowPartialPayments === true && invoices.length === 1,
    })
  }
  return { groups, skippedCount: requestedIds.length - rows.length }
}
