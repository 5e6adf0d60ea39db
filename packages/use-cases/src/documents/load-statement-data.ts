import type { StatementDocumentData } from '@quittance/documents/document-data'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { daysLate } from '@quittance/domain/invoices/days-late'
import { remainingMinor, settledMinor } from '@quittance/domain/invoices/invoice-balance'
import type { Db } from '@quittance/db/client'
import { findCustomerForPortal, findEntityWithBankAccounts } from '@quittance/db/repositories/customers'
import { listInvoicesForCustomer } from '@quittance/db/repositories/invoices'
import { listPaymentsForCustomer } from '@quittance/db/repositories/payments'
import { toCreditorIdentity, toCustomerIdentity } from './creditor-identity'

const STATEMENT_MAX_INVOICES = 2000
const STATEMENT_RECENT_PAYMENTS = 50

/** The customer's open items and recent payments as of `today`. */
export async function loadStatementData(
  db: Db,
  input: { customerId: string; today: LocalDate },
): Promise<StatementDocumentData | null> {
  const customer = await findCustomerForPortal(db, input.customerId)
  if (!customer) return null
  const [entity, open, payments] = await Promise.all([
    findEntityWithBankAccounts(db, customer.entityId),
    listInvoicesForCustomer(db, {
      customerId: input.customerId,
      settlement: 'open',
      sort: 'due_asc',
      limit: STATEMENT_MAX_INVOICES,
      offset: 0,
    }),
    listPaymentsForCustomer(db, { customerId: input.customerId, limit: STATEMENT_RECENT_PAYMENTS }),
  ])
  if (!entity) return null
  return {
    creditor: toCreditorIdentity(entity, customer.currency),
    customer: toCustomerIdentity(customer),
    asOf: input.today,
    openInvoices: open.rows.map((invoice) => ({
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      currency: invoice.currency,
      totalMinor: invoice.totalMinor,
      settledMinor: settledMinor(invoice),
      remainingMinor: remainingMinor(invoice),
      daysLate: daysLate(invoice.dueDate, input.today),
    })),
    recentPayments: payments.map((payment) => ({
      receivedOn: payment.receivedOn,
      reference: payment.externalRef,
      method: payment.method,
      currency: payment.currency,
      amountMinor: payment.amountMinor,
    })),
  }
}
