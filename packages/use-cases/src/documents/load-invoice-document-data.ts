import type { InvoiceDocumentData } from '@quittance/documents/document-data'
import { remainingMinor } from '@quittance/domain/invoices/invoice-balance'
import type { Db } from '@quittance/db/client'
import { findCustomerForPortal, findEntityWithBankAccounts } from '@quittance/db/repositories/customers'
import { findInvoiceForCustomer } from '@quittance/db/repositories/invoices'
import { toCreditorIdentity, toCustomerIdentity } from './creditor-identity'

/** Everything a rendered invoice PDF shows, or null when the invoice is not this customer's. */
export async function loadInvoiceDocumentData(
  db: Db,
  input: { customerId: string; invoiceId: string },
): Promise<InvoiceDocumentData | null> {
  const invoice = await findInvoiceForCustomer(db, input)
  if (!invoice) return null
  const [customer, entity] = await Promise.all([
    findCustomerForPortal(db, input.customerId),
    findEntityWithBankAccounts(db, invoice.entityId),
  ])
  if (!customer || !entity) return null
  return {
    creditor: toCreditorIdentity(entity, invoice.currency),
    customer: toCustomerIdentity(customer),
    invoice: {
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      currency: invoice.currency,
      purchaseOrder: invoice.purchaseOrder,
      subtotalMinor: invoice.subtotalMinor,
      taxMinor: invoice.taxMinor,
      totalMinor: invoice.totalMinor,
      paidMinor: invoice.paidMinor,
      creditedMinor: invoice.creditedMinor,
      remainingMinor: remainingMinor(invoice),
      lines: invoice.lines.map((line) => ({
        description: line.description,
        quantityMilli: line.quantityMilli,
        unitPriceMinor: line.unitPriceMinor,
        taxRateBasisPoints: line.taxRateBasisPoints,
        netMinor: line.netMinor,
      })),
    },
    paymentReference: `${customer.externalRef} ${invoice.number}`,
  }
}
