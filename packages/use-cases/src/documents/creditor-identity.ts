import type { CreditorIdentity, CustomerIdentity } from '@quittance/documents/document-data'
import type { findCustomerForPortal, findEntityWithBankAccounts } from '@quittance/db/repositories/customers'

type Entity = NonNullable<Awaited<ReturnType<typeof findEntityWithBankAccounts>>>
type Customer = NonNullable<Awaited<ReturnType<typeof findCustomerForPortal>>>

/** The creditor as documents print it, with the bank account for the document's currency when there is one. */
export function toCreditorIdentity(entity: Entity, currency: string): CreditorIdentity {
  const account = entity.bankAccounts.find((a) => a.currency === currency) ?? entity.bankAccounts[0] ?? null
  return {
    legalName: entity.legalName,
    legalForm: entity.legalForm,
    shareCapital: entity.shareCapital,
    addressLines: entity.addressLines,
    postalCode: entity.postalCode,
    city: entity.city,
    country: entity.country,
    siren: entity.siren,
    vatNumber: entity.vatNumber,
    registration: entity.registration,
    email: entity.email,
    phone: entity.phone,
    legalMentions: entity.legalMentions,
    penaltyRateBasisPoints: entity.penaltyRateBasisPoints,
    bankAccount: account ? { iban: account.iban, bic: account.bic, bankName: account.bankName } : null,
  }
}

export function toCustomerIdentity(customer: Customer): CustomerIdentity {
  return {
    name: customer.name,
    externalRef: customer.externalRef,
    kind: customer.kind,
    addressLines: customer.addressLines,
    postalCode: customer.postalCode,
    city: customer.city,
    country: customer.country,
    vatNumber: customer.vatNumber,
  }
}
