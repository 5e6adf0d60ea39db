import type { LocalDate } from '@quittance/domain/dates/local-date'

/** What every document needs to know about the creditor entity that issues it. */
export type CreditorIdentity = {
  legalName: string
  legalForm: string | null
  shareCapital: string | null
  addressLines: string[]
  postalCode: string
  city: string
  country: string
  siren: string | null
  vatNumber: string | null
  registration: string | null
  email: string | null
  phone: string | null
  legalMentions: string | null
  /** Contract late-payment rate, null for the statutory default. */
  penaltyRateBasisPoints: number | null
  bankAccount: { iban: string; bic: string; bankName: string | null } | null
}

export type CustomerIdentity = {
  name: string
  externalRef: string
  kind: 'professional' | 'consumer' | 'public_body'
  addressLines: string[]
  postalCode: string | null
  city: string | null
  country: string
  vatNumber: string | null
}

export type InvoiceLine = {
  description: string
  /** Quantity in thousandths (1.5 → 1500) so that no float is stored. */
  quantityMilli: number
  unitPriceMinor: number
  taxRateBasisPoints: number
  netMinor: number
}

export type InvoiceDocumentData = {
  creditor: CreditorIdentity
  customer: CustomerIdentity
  invoice: {
    number: string
    issueDate: LocalDate
    dueDate: LocalDate
    currency: string
    purchaseOrder: string | null
    subtotalMinor: number
    taxMinor: number
    totalMinor: number
    paidMinor: number
    creditedMinor: number
    remainingMinor: number
    lines: InvoiceLine[]
  }
  /** Reference the debtor must quote on a bank transfer. */
  paymentReference: string
}

export type StatementInvoiceRow = {
  number: string
  issueDate: LocalDate
  dueDate: LocalDate
  currency: string
  totalMinor: number
  settledMinor: number
  remainingMinor: number
  daysLate: number
}

export type StatementPaymentRow = {
  receivedOn: LocalDate
  reference: string | null
  method: string
  currency: string
  amountMinor: number
}

export type StatementDocumentData = {
  creditor: CreditorIdentity
  customer: CustomerIdentity
  asOf: LocalDate
  openInvoices: StatementInvoiceRow[]
  recentPayments: StatementPaymentRow[]
}

/** A receipt for money received: what came in, when, how, and what it settled (render-receipt-pdf.tsx). */
export type ReceiptDocumentData = {
  creditor: CreditorIdentity
  customer: CustomerIdentity
  receipt: {
    number: string
    receivedOn: LocalDate
    currency: string
    amountMinor: number
    method: string
    /** The provider's reference (a payment intent, a Mollie payment id), when there is one. */
    providerRef: string | null
    allocations: { invoiceNumber: string; amountMinor: number }[]
    /** Received but not against any invoice: kept as the customer's credit. */
    creditMinor: number
  }
}
