/** Every way money can reach a creditor, as stored on a payment. */
export const PAYMENT_METHODS = ['bank_transfer', 'cheque', 'cash', 'card', 'sepa_debit', 'direct_debit', 'other'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/** What staff may record by hand; debits come from the providers that collect them. */
export const MANUAL_PAYMENT_METHODS = ['bank_transfer', 'cheque', 'cash', 'card', 'other'] as const satisfies readonly PaymentMethod[]
export type ManualPaymentMethod = (typeof MANUAL_PAYMENT_METHODS)[number]

export function isManualPaymentMethod(value: string): value is ManualPaymentMethod {
  return (MANUAL_PAYMENT_METHODS as readonly string[]).includes(value)
}
