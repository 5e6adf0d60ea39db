import { randomUUID } from 'node:crypto'
import { creditorReference } from '@quittance/domain/banking/creditor-reference'
import { isCurrencyCode } from '@quittance/domain/money/currencies'
import { money } from '@quittance/domain/money/money'
import { parseAmount } from '@quittance/domain/money/parse-amount'
import { computeCheckout, type CheckoutRefusal } from '@quittance/domain/payments/checkout-selection'
import type { ChargeRefusal } from '@quittance/domain/payments/provider-amounts'
import { err, ok, type Result } from '@quittance/domain/shared/result'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { findContactForReceipt, findEntityForPayments, insertPaymentAttempt, listPayableInvoices } from '@quittance/db/repositories/online-payments'
import type { Locale } from '@quittance/i18n/locales'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { openCheckout } from './open-checkout'
import { paymentMethodsFor, type OfferedMethod } from './payment-methods-for'

/** A hosted checkout lives this long (Stripe accepts 30 min to 24 h). */
export const CHECKOUT_LIFETIME_MS = 60 * 60_000

export type StartOnlinePaymentInput = {
  customerId: string
  entityId: string
  contactId: string | null
  currency: string
  invoiceIds: readonly string[]
  /** As typed by the debtor for a part of one invoice; null or empty for the full amounts. */
  partialAmount: string | null
  method: string
  locale: Locale
  portalUrl: string
  now: Date
  ipAddress: string | null
  logger?: (line: Record<string, unknown>) => void
}

export type StartOnlinePaymentError =
  | { code: 'invalid-request' }
  | { code: 'invalid-amount' }
  | CheckoutRefusal
  | { code: 'method-not-offered' }
  | { code: 'method-refused'; refusal: ChargeRefusal }
  | { code: 'provider-unavailable'; attemptId: string }
  | { code: 'provider-refused'; attemptId: string }

export type StartedOnlinePayment = { attemptId: string; redirectTo: string | null }

/**
 * Starts paying some invoices in one currency. The amount is computed here from the database (the browser only
 * says which invoices, and a part where allowed); the attempt and its items are written and committed before the
 * provider is called, and the provider's idempotency key comes from the attempt. A bank transfer makes an attempt
 * with a structured reference and calls nobody.
 */
export async function startOnlinePayment(
  db: Db,
  gateway: PaymentGateway,
  input: StartOnlinePaymentInput,
): Promise<Result<StartedOnlinePayment, StartOnlinePaymentError>> {
  if (!isCurrencyCode(input.currency) || input.invoiceIds.length === 0) return err({ code: 'invalid-request' })
  const [entity, payable] = await Promise.all([
    findEntityForPayments(db, input.entityId),
    listPayableInvoices(db, { customerId: input.customerId, invoiceIds: input.invoiceIds }),
  ])
  if (!entity) return err({ code: 'invalid-request' })

  let partialAmountMinor: number | null = null
  if (input.partialAmount !== null && input.partialAmount.trim() !== '') {
    const parsed = parseAmount(input.partialAmount, input.currency)
    if (!parsed.ok) return err({ code: 'invalid-amount' })
    partialAmountMinor = parsed.value.amountMinor
  }

  const checkout = computeCheckout({
    currency: input.currency,
    requestedInvoiceIds: input.invoiceIds,
    invoices: payable,
    partialAmountMinor,
    allowPartialPayments: entity.portalPolicy.allowPartialPayments === true,
  })
  if (!checkout.ok) {
    if (checkout.error.code === 'invoice-not-found') {
      // A debtor asking to pay an invoice that is not theirs: refused, and kept for the security review.
      await insertAuditEvent(db, {
        actorType: 'debtor',
        actorId: input.contactId,
        action: 'payment_attempt.refused',
        subjectType: 'invoice',
        subjectId: checkout.error.invoiceId.slice(0, 64),
        entityId: input.entityId,
        customerId: input.customerId,
        after: { reason: 'invoice-not-found' },
        ipAddress: input.ipAddress,
      })
    }
    return err(checkout.error)
  }

  const offer = paymentMethodsFor(gateway.forEntity(entity.code), checkout.value.amount, entity.bankAccounts.map((a) => a.currency)).find(
    (o) => o.method === input.method,
  )
  if (!offer) return err({ code: 'method-not-offered' })
  if (!offer.available) return err({ code: 'method-refused', refusal: offer.refusal })
  const method: OfferedMethod = offer.method

  const attemptId = randomUUID()
  const isTransfer = method === 'bank_transfer'
  const attempt = {
    id: attemptId,
    entityId: entity.id,
    customerId: input.customerId,
    contactId: input.contactId,
    provider: method,
    status: isTransfer ? ('pending' as const) : ('created' as const),
    currency: input.currency,
    amountMinor: checkout.value.amount.amountMinor,
    idempotencyKey: `pa_${attemptId}:checkout`,
    bankReference: isTransfer ? creditorReference(`Q${attemptId.replace(/-/g, '').slice(0, 16).toUpperCase()}`) : null,
    locale: input.locale,
    expiresAt: isTransfer ? null : new Date(input.now.getTime() + CHECKOUT_LIFETIME_MS),
    createdAt: input.now,
  }
  const { createdAt: _createdAt, ...row } = attempt
  // Attempt, items and audit entry in one statement, committed before the provider hears of it.
  const [, contact] = await Promise.all([
    insertPaymentAttempt(db, {
      ...row,
      items: checkout.value.items,
      audit: {
        actorType: 'debtor',
        actorId: input.contactId,
        action: 'payment_attempt.created',
        subjectType: 'payment_attempt',
        subjectId: attemptId,
        entityId: entity.id,
        customerId: input.customerId,
        after: { provider: method, amount: money(checkout.value.amount.amountMinor, input.currency), items: checkout.value.items },
        ipAddress: input.ipAddress,
      },
    }),
    isTransfer ? null : findContactForReceipt(db, { customerId: input.customerId, contactId: input.contactId }),
  ])
  if (isTransfer) return ok({ attemptId, redirectTo: null })

  // Committed above: the attempt exists before the provider hears of it, and its id is the idempotency key.
  const numberOf = new Map(payable.map((invoice) => [invoice.id, invoice.number]))
  const opened = await openCheckout(db, gateway, {
    attempt,
    entityCode: entity.code,
    portalUrl: input.portalUrl,
    known: {
      lines: checkout.value.items.map((item) => ({ number: numberOf.get(item.invoiceId) ?? '', amountMinor: item.amountMinor })),
      customerEmail: contact?.email ?? null,
    },
    logger: input.logger,
  })
  if (!opened.ok) {
    return err({ code: opened.error === 'provider-unavailable' ? 'provider-unavailable' : 'provider-refused', attemptId })
  }
  return ok({ attemptId, redirectTo: opened.checkoutUrl })
}
