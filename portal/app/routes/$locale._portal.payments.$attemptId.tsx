import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { isAwaitingConfirmation } from '@quittance/domain/payments/attempt-status'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { intlLocale } from '@quittance/i18n/locales'
import { continueOnlinePayment } from '@quittance/use-cases/online-payments/continue-online-payment'
import { loadPaymentAttempt } from '@quittance/use-cases/online-payments/load-payment-attempt'
import { refreshOnlinePayment } from '@quittance/use-cases/online-payments/refresh-online-payment'
import { TranslatedStatusBadge } from '~/components/status-badge'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireDebtor } from '~/utils/session.server'
import { todayFor } from '~/utils/today.server'

const REFRESH_SECONDS = 3

// While the provider has not confirmed, the page reloads itself: no JavaScript needed.
// On the way to the provider's hosted page (`?go=1`), the same mechanism takes the browser there at once.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: 'Quittance' },
  ...(data?.goTo
    ? [{ httpEquiv: 'refresh', content: `0;url=${data.goTo}` } as const]
    : data?.awaiting
      ? [{ httpEquiv: 'refresh', content: String(REFRESH_SECONDS) } as const]
      : []),
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const attemptId = requireUuid(params.attemptId)
  const today = todayFor(context, debtor.entityTimeZone)
  // Read only: only a verified webhook or the "check now" action (a server-side fetch) changes anything.
  const attempt = await loadPaymentAttempt(context.db, { attemptId, customerId: debtor.customerId, today })
  if (!attempt) notFound()
  const intlTag = intlLocale(locale)
  const format = (minor: number) => formatMoney(money(minor, attempt.currency), intlTag)
  const search = new URL(request.url).searchParams
  return {
    id: attempt.id,
    provider: attempt.provider,
    status: attempt.status,
    awaiting: isAwaitingConfirmation(attempt.status) && attempt.provider !== 'bank_transfer',
    amount: format(attempt.amountMinor),
    received: attempt.paymentAmountMinor !== null ? format(attempt.paymentAmountMinor) : null,
    receivedOn: attempt.receivedOn ? formatLocalDate(attempt.receivedOn, intlTag, 'long') : null,
    credit: attempt.creditMinor > 0 ? format(attempt.creditMinor) : null,
    invoices: attempt.invoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      amount: format(invoice.attemptAmountMinor),
      remaining: format(invoice.remainingMinor),
      status: invoice.status,
    })),
    transfer: attempt.transfer,
    cancelled: search.get('cancelled') === '1',
    checkoutUrl: attempt.status === 'pending' ? attempt.checkoutUrl : null,
    goTo: search.get('go') === '1' && attempt.status === 'pending' ? attempt.checkoutUrl : null,
    error: search.get('error') === 'provider-unavailable' || search.get('error') === 'provider-refused' ? search.get('error') : null,
  }
}

const ActionSchema = z.object({ intent: z.enum(['continue', 'refresh']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const attemptId = requireUuid(params.attemptId)
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  const page = `/${locale}/payments/${attemptId}`
  if (!parsed.success) return redirect(page, { status: 303 })
  if (parsed.data.intent === 'continue') {
    const continued = await continueOnlinePayment(context.db, context.payments, {
      attemptId,
      customerId: debtor.customerId,
      portalUrl: context.config.publicUrl,
      logger: (line) => console.warn(JSON.stringify({ ...line, requestId: context.requestId })),
    })
    if (continued.ok) return redirect(`${page}?go=1`, { status: 303 })
    if (continued.error === 'not-found') notFound()
    return redirect(continued.error.startsWith('provider-') ? `${page}?error=${continued.error}` : page, { status: 303 })
  }
  const refreshed = await refreshOnlinePayment(context.db, context.payments, { attemptId, customerId: debtor.customerId, now: context.now() })
  if (refreshed === 'not-found') notFound()
  return redirect(page, { status: 303 })
}

export default function PaymentAttemptPage() {
  const data = useLoaderData<typeof loader>()
  const { t, locale } = useTranslation()
  const finalFailure = data.status === 'failed' || data.status === 'expired' || data.status === 'canceled'
  const retryHref = `/${locale}/pay?${data.invoices.map((invoice) => `invoice=${invoice.id}`).join('&')}`
  if (data.transfer) {
    return (
      <>
        <h1>{t('transfer.title')}</h1>
        <p>{t('transfer.intro')}</p>
        <div className="transfer">
          <dl className="details" data-testid="transfer-details">
            <div>
              <dt>{t('transfer.beneficiary')}</dt>
              <dd>{data.transfer.beneficiary}</dd>
            </div>
            <div>
              <dt>{t('transfer.iban')}</dt>
              <dd data-testid="transfer-iban">{data.transfer.iban}</dd>
            </div>
            <div>
              <dt>{t('transfer.bic')}</dt>
              <dd>{data.transfer.bic}</dd>
            </div>
            <div>
              <dt>{t('transfer.reference')}</dt>
              <dd className="strong" data-testid="transfer-reference">
                {data.transfer.reference}
              </dd>
            </div>
            <div>
              <dt>{t('transfer.amount')}</dt>
              <dd className="strong" data-testid="transfer-amount">
                {data.amount}
              </dd>
            </div>
          </dl>
          {data.transfer.qrDataUrl ? (
            <figure className="qr">
              <img
                src={data.transfer.qrDataUrl}
                width={200}
                height={200}
                alt={t('transfer.qrAlt', { amount: data.amount, beneficiary: data.transfer.beneficiary, reference: data.transfer.reference })}
              />
              <figcaption>{t('transfer.qr')}</figcaption>
            </figure>
          ) : null}
        </div>
        <p className="notice">{t('transfer.pending')}</p>
        <InvoiceTable data={data} />
        <p>
          <a className="button secondary" href={`/${locale}/invoices`}>
            {t('pay.back')}
          </a>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{t('attempt.title')}</h1>
      <div className={data.status === 'succeeded' ? 'notice success' : finalFailure ? 'notice warning' : 'notice'} role="status" data-testid="attempt-status">
        <h2>{t(`attempt.status.${data.status}`)}</h2>
        <p>
          {data.status === 'succeeded'
            ? t('attempt.body.succeeded', { amount: data.received ?? data.amount, date: data.receivedOn ?? '' })
            : t(`attempt.body.${data.status}`)}
        </p>
        {data.error ? <p className="field-error">{t(`pay.error.${data.error}`)}</p> : null}
        {data.cancelled && data.status !== 'succeeded' ? <p>{t('attempt.cancelledNotice')}</p> : null}
        {data.credit ? <p>{t('attempt.credit', { amount: data.credit })}</p> : null}
      </div>
      <p>
        {t('attempt.amount')}: <strong data-testid="attempt-amount">{data.amount}</strong>
      </p>
      <InvoiceTable data={data} />
      <div className="actions">
        {data.status === 'succeeded' ? (
          <a className="button" href={`/${locale}/payments/${data.id}/receipt.pdf`} download>
            {t('attempt.receipt')}
          </a>
        ) : null}
        {data.checkoutUrl ? (
          <a className={data.goTo ? 'button' : 'button secondary'} href={data.checkoutUrl}>
            {t('attempt.continue')}
          </a>
        ) : null}
        {data.status === 'created' ? (
          <form method="post">
            <input type="hidden" name="intent" value="continue" />
            <button type="submit" className="button">
              {t('attempt.continue')}
            </button>
          </form>
        ) : null}
        {data.awaiting && data.provider !== 'sandbox' ? (
          <form method="post">
            <input type="hidden" name="intent" value="refresh" />
            <button type="submit" className="button secondary">
              {t('attempt.checkNow')}
            </button>
          </form>
        ) : null}
        {data.provider === 'sandbox' && data.status === 'processing' ? (
          <a className="button secondary" href={`/${locale}/pay/sandbox/${data.id}`}>
            {t('attempt.sandboxSettle')}
          </a>
        ) : null}
        {finalFailure ? (
          <a className="button" href={retryHref}>
            {t('attempt.tryAgain')}
          </a>
        ) : null}
        <a className="button secondary" href={`/${locale}/invoices`}>
          {t('pay.back')}
        </a>
      </div>
    </>
  )
}

function InvoiceTable({ data }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { t } = useTranslation()
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('attempt.invoices')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('invoice.number')}</th>
            <th scope="col" className="num">
              {t('attempt.amount')}
            </th>
            <th scope="col" className="num">
              {t('attempt.remainingNow')}
            </th>
            <th scope="col">{t('invoice.status')}</th>
          </tr>
        </thead>
        <tbody>
          {data.invoices.map((invoice) => (
            <tr key={invoice.id} data-testid={`attempt-invoice-${invoice.number}`}>
              <th scope="row" data-label={t('invoice.number')}>
                {invoice.number}
              </th>
              <td data-label={t('attempt.amount')} className="num">
                {invoice.amount}
              </td>
              <td data-label={t('attempt.remainingNow')} className="num">
                {invoice.remaining}
              </td>
              <td data-label={t('invoice.status')}>
                <TranslatedStatusBadge status={invoice.status} label={t(`status.${invoice.status}`)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
