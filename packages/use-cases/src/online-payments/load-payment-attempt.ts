import { formatCreditorReference } from '@quittance/domain/banking/creditor-reference'
import { formatIban } from '@quittance/domain/banking/iban'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { remainingMinor } from '@quittance/domain/invoices/invoice-balance'
import { invoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { money } from '@quittance/domain/money/money'
import type { Db } from '@quittance/db/client'
import { findEntityWithBankAccounts } from '@quittance/db/repositories/customers'
import { findAttemptForCustomer } from '@quittance/db/repositories/online-payments'
import { epcQrDataUrl } from '@quittance/payments/epc-qr-svg'

/**
 * Everything the debtor's payment page shows, scoped to the customer (another customer's attempt is null): the
 * state, the invoices with what is left on them now, and for a bank transfer the details, reference and QR code.
 */
export async function loadPaymentAttempt(db: Db, input: { attemptId: string; customerId: string; today: LocalDate }) {
  const attempt = await findAttemptForCustomer(db, input)
  if (!attempt) return null
  const allocatedTo = new Map(attempt.allocations.map((a) => [a.invoiceId, a.amountMinor]))
  const allocatedMinor = attempt.allocations.reduce((sum, a) => sum + a.amountMinor, 0)
  let transfer = null
  if (attempt.provider === 'bank_transfer' && attempt.bankReference) {
    const entity = await findEntityWithBankAccounts(db, attempt.entityId)
    const account = entity?.bankAccounts.find((a) => a.currency === attempt.currency)
    if (entity && account) {
      const qr =
        attempt.currency === 'EUR'
          ? await epcQrDataUrl({
              beneficiaryName: entity.legalName.slice(0, 70),
              iban: account.iban,
              bic: account.bic,
              amount: money(attempt.amountMinor, attempt.currency),
              structuredReference: attempt.bankReference,
            })
          : null
      transfer = {
        beneficiary: entity.legalName,
        iban: formatIban(account.iban),
        bic: account.bic,
        reference: formatCreditorReference(attempt.bankReference),
        qrDataUrl: qr?.ok ? qr.value : null,
      }
    }
  }
  return {
    id: attempt.id,
    provider: attempt.provider,
    status: attempt.status,
    currency: attempt.currency,
    amountMinor: attempt.amountMinor,
    createdAt: attempt.createdAt,
    checkoutUrl: attempt.checkoutUrl,
    receivedOn: attempt.paymentReceivedOn,
    paymentAmountMinor: attempt.paymentAmountMinor,
    creditMinor: attempt.paymentAmountMinor === null ? 0 : attempt.paymentAmountMinor - allocatedMinor,
    invoices: attempt.items.map((item) => ({
      id: item.invoiceId,
      number: item.number,
      currency: item.currency,
      attemptAmountMinor: item.amountMinor,
      allocatedMinor: allocatedTo.get(item.invoiceId) ?? 0,
      remainingMinor: remainingMinor(item),
      status: invoiceStatus(item, input.today),
    })),
    transfer,
    amount: money(attempt.amountMinor, attempt.currency),
  }
}
