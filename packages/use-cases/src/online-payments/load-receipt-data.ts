import type { ReceiptDocumentData } from '@quittance/documents/document-data'
import type { Db } from '@quittance/db/client'
import { findCustomerForPortal, findEntityWithBankAccounts } from '@quittance/db/repositories/customers'
import { findAttemptForCustomer } from '@quittance/db/repositories/online-payments'
import { toCreditorIdentity, toCustomerIdentity } from '../documents/creditor-identity'

/** The receipt of a succeeded online payment of this customer, or null (not theirs, or not paid). */
export async function loadReceiptData(db: Db, input: { attemptId: string; customerId: string }): Promise<ReceiptDocumentData | null> {
  const attempt = await findAttemptForCustomer(db, input)
  if (!attempt || attempt.status !== 'succeeded' || !attempt.paymentId || attempt.paymentAmountMinor === null || !attempt.paymentReceivedOn) {
    return null
  }
  const [customer, entity] = await Promise.all([findCustomerForPortal(db, input.customerId), findEntityWithBankAccounts(db, attempt.entityId)])
  if (!customer || !entity) return null
  const numberOf = new Map(attempt.items.map((item) => [item.invoiceId, item.number]))
  const allocations = attempt.allocations.map((a) => ({ invoiceNumber: numberOf.get(a.invoiceId) ?? '—', amountMinor: a.amountMinor }))
  return {
    creditor: toCreditorIdentity(entity, attempt.paymentCurrency ?? attempt.currency),
    customer: toCustomerIdentity(customer),
    receipt: {
      number: attempt.paymentId.slice(0, 8).toUpperCase(),
      receivedOn: attempt.paymentReceivedOn,
      currency: attempt.paymentCurrency ?? attempt.currency,
      amountMinor: attempt.paymentAmountMinor,
      method: attempt.paymentMethod ?? 'other',
      providerRef: attempt.providerPaymentRef ?? attempt.providerRef,
      allocations,
      creditMinor: attempt.paymentAmountMinor - allocations.reduce((sum, a) => sum + a.amountMinor, 0),
    },
  }
}
