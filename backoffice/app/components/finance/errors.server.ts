import { currencyExponent, isCurrencyCode } from '@quittance/domain/money/currencies'
import type { ParseAmountError } from '@quittance/domain/money/parse-amount'
import type { ApplyCreditNoteError } from '@quittance/use-cases/credit-notes/apply-credit-note'
import type { CreateCreditNoteError } from '@quittance/use-cases/credit-notes/create-credit-note'
import type { AllocatePaymentError } from '@quittance/use-cases/payments/allocate-payment'
import type { RecordManualPaymentError } from '@quittance/use-cases/payments/record-manual-payment'
import type { WriteOffInvoiceError } from '@quittance/use-cases/write-offs/write-off-invoice'
import type { Formatters } from './format.server'
import { allocationField, type FormFeedback, type Msg } from './messages'

export type FinanceError =
  | RecordManualPaymentError
  | AllocatePaymentError
  | CreateCreditNoteError
  | ApplyCreditNoteError
  | WriteOffInvoiceError

export function amountMessage(reason: ParseAmountError, currency: string): Msg {
  if (reason === 'too-many-decimals' && isCurrencyCode(currency)) {
    const decimals = currencyExponent(currency)
    return decimals === 0
      ? { key: 'bo-finance.error.amount.noDecimals', values: { currency } }
      : { key: 'bo-finance.error.amount.tooManyDecimals', values: { currency, decimals } }
  }
  return { key: `bo-finance.error.amount.${reason}` }
}

/**
 * A use case's refusal as the form shows it: next to the field it concerns when there is one, otherwise above the
 * form. `amountField` names the main amount field of the form.
 */
export function financeFeedback(
  intent: string,
  error: FinanceError,
  context: { currency: string; f: Formatters; amountField?: string },
): FormFeedback {
  const { currency, f } = context
  const amountField = context.amountField ?? 'amount'
  const field = (name: string, message: Msg): FormFeedback => ({
    intent,
    fieldErrors: { [name]: message },
    formError: { key: 'bo-finance.error.fixFields' },
  })
  const form = (message: Msg): FormFeedback => ({ intent, fieldErrors: {}, formError: message })

  switch (error.code) {
    case 'customer-not-found':
      return form({ key: 'bo-finance.error.customerNotFound' })
    case 'payment-not-found':
    case 'credit-note-not-found':
    case 'invoice-not-found':
      return form({ key: 'bo-finance.error.documentNotFound' })
    case 'invalid-date':
      return field(intent === 'create-credit-note' ? 'issueDate' : 'receivedOn', { key: 'bo-finance.error.invalidDate' })
    case 'date-in-future':
      return field(intent === 'create-credit-note' ? 'issueDate' : 'receivedOn', {
        key: 'bo-finance.error.dateInFuture',
        values: { today: f.date(error.today) },
      })
    case 'invalid-currency':
      return field('currency', { key: 'bo-finance.error.invalidCurrency' })
    case 'invalid-amount':
      return field(amountField, amountMessage(error.reason, currency))
    case 'amount-not-positive':
      return field(amountField, { key: 'bo-finance.error.amountNotPositive' })
    case 'invalid-method':
      return field('method', { key: 'bo-finance.error.invalidMethod' })
    case 'reference-too-long':
      return field('reference', { key: 'bo-finance.error.referenceTooLong' })
    case 'duplicate-reference':
      return field('reference', { key: 'bo-finance.error.duplicateReference' })
    case 'number-required':
      return field('number', { key: 'bo-finance.error.numberRequired' })
    case 'number-too-long':
      return field('number', { key: 'bo-finance.error.numberTooLong' })
    case 'duplicate-number':
      return field('number', { key: 'bo-finance.error.duplicateNumber' })
    case 'reason-required':
      return field('reason', { key: 'bo-finance.error.reasonRequired' })
    case 'reason-too-long':
      return field('reason', { key: 'bo-finance.error.reasonTooLong' })
    case 'nothing-to-allocate':
    case 'nothing-to-apply':
      return form({ key: 'bo-finance.error.nothingToAllocate' })
    case 'invalid-allocation-amount':
      return field(allocationField(error.invoiceId), amountMessage(error.reason, currency))
    case 'allocation-not-positive':
      return field(allocationField(error.invoiceId), { key: 'bo-finance.error.amountNotPositive' })
    case 'duplicate-invoice':
      return form({ key: 'bo-finance.error.duplicateInvoice' })
    case 'invoice-of-another-customer':
      return form({ key: 'bo-finance.error.invoiceOfAnotherCustomer', values: { number: error.invoiceNumber } })
    case 'invoice-in-another-currency':
      return form({
        key: 'bo-finance.error.invoiceInAnotherCurrency',
        values: { number: error.invoiceNumber, currency: error.invoiceCurrency },
      })
    case 'exceeds-remaining': {
      const remaining = f.money(error.remainingMinor, currency)
      if ('invoiceId' in error) {
        return {
          intent,
          fieldErrors: {
            [allocationField(error.invoiceId)]: {
              key: 'bo-finance.error.exceedsRemaining',
              values: { number: error.invoiceNumber, remaining },
            },
          },
          // The invoice may have been settled by someone else since the page was shown: say so.
          formError: { key: 'bo-finance.error.exceedsRemainingForm', values: { number: error.invoiceNumber, remaining } },
        }
      }
      return field(amountField, { key: 'bo-finance.error.writeOffExceedsRemaining', values: { remaining } })
    }
    case 'exceeds-available':
      return form({
        key: 'bo-finance.error.exceedsAvailable',
        values: { allocated: f.money(error.requestedMinor, currency), available: f.money(error.availableMinor, currency) },
      })
  }
}
