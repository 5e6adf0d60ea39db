import { money } from '@quittance/domain/money/money'
import type { CheckoutProvider } from '@quittance/domain/payments/provider-amounts'
import type { Db } from '@quittance/db/client'
import { attemptItemsOf, recordAttemptCheckout, type findAttemptById } from '@quittance/db/repositories/online-payments'
import { listPayableInvoices } from '@quittance/db/repositories/online-payments'
import { findContactForReceipt } from '@quittance/db/repositories/online-payments'
import { messagesFor } from '@quittance/i18n/catalog'
import { intlLocale, isLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import type { PaymentGateway } from '@quittance/payments/payment-gateway'
import { ProviderError } from '@quittance/payments/provider'

type Attempt = Pick<
  NonNullable<Awaited<ReturnType<typeof findAttemptById>>>,
  'id' | 'customerId' | 'contactId' | 'provider' | 'currency' | 'amountMinor' | 'idempotencyKey' | 'locale' | 'expiresAt' | 'createdAt'
>

export type OpenCheckoutResult =
  | { ok: true; checkoutUrl: string }
  | { ok: false; error: 'provider-unavailable' | 'provider-refused' | 'provider-not-configured' }

/** Where the provider sends the debtor back, and where its notifications come in. */
export function paymentUrls(input: { portalUrl: string; locale: string; attemptId: string; provider: string; entityCode: string }) {
  const page = `${input.portalUrl}/${input.locale}/payments/${input.attemptId}`
  return {
    returnUrl: page,
    cancelUrl: `${page}?cancelled=1`,
    webhookUrl: `${input.portalUrl}/webhooks/${input.provider}/${encodeURIComponent(input.entityCode)}`,
  }
}

/**
 * Calls the provider for an attempt already written, always with the same request and the attempt's idempotency
 * key: a retry (the debtor pressing "continue" after a timeout) finds the same checkout, never a second one.
 * Only the provider's answer moves the attempt to `pending`.
 */
export async function openCheckout(
  db: Db,
  gateway: PaymentGateway,
  input: {
    attempt: Attempt
    entityCode: string
    portalUrl: string
    /** What the caller already read (a new attempt); otherwise read here (a continued one). */
    known?: { lines: { number: string; amountMinor: number }[]; customerEmail: string | null }
    logger?: (line: Record<string, unknown>) => void
  },
): Promise<OpenCheckoutResult> {
  const { attempt } = input
  const provider = gateway.forEntity(input.entityCode).provider(attempt.provider as CheckoutProvider)
  if (!provider) return { ok: false, error: 'provider-not-configured' }
  const locale: Locale = isLocale(attempt.locale) ? attempt.locale : 'fr'
  const t = createTranslator(intlLocale(locale), messagesFor(locale, 'portal'))
  const known = input.known ?? (await readCheckoutLines(db, attempt))
  try {
    const session = await provider.createCheckout({
      attemptId: attempt.id,
      idempotencyKey: attempt.idempotencyKey,
      entityCode: input.entityCode,
      amount: money(attempt.amountMinor, attempt.currency),
      lines: known.lines.map((line) => ({ label: t('pay.lineLabel', { number: line.number }), amountMinor: line.amountMinor })),
      description: t('pay.description', { numbers: known.lines.map((line) => line.number).join(', ') }),
      locale,
      customerEmail: known.customerEmail,
      ...paymentUrls({ portalUrl: input.portalUrl, locale, attemptId: attempt.id, provider: attempt.provider, entityCode: input.entityCode }),
      expiresAt: attempt.expiresAt ?? new Date(attempt.createdAt.getTime() + 3_600_000),
    })
    await recordAttemptCheckout(db, {
      attemptId: attempt.id,
      providerRef: session.providerRef,
      providerPaymentRef: session.providerPaymentRef,
      checkoutUrl: session.checkoutUrl,
    })
    return { ok: true, checkoutUrl: session.checkoutUrl }
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error
    input.logger?.({ level: 'warn', message: 'checkout creation failed', attemptId: attempt.id, provider: attempt.provider, kind: error.kind, detail: error.message })
    return { ok: false, error: error.kind === 'unavailable' ? 'provider-unavailable' : 'provider-refused' }
  }
}

async function readCheckoutLines(db: Db, attempt: Attempt) {
  const items = await attemptItemsOf(db, attempt.id)
  const invoices = await listPayableInvoices(db, { customerId: attempt.customerId, invoiceIds: items.map((i) => i.invoiceId) })
  const numberOf = new Map(invoices.map((invoice) => [invoice.id, invoice.number]))
  const contact = await findContactForReceipt(db, { customerId: attempt.customerId, contactId: attempt.contactId })
  return {
    lines: items.map((item) => ({ number: numberOf.get(item.invoiceId) ?? '', amountMinor: item.amountMinor })),
    customerEmail: contact?.email ?? null,
  }
}
