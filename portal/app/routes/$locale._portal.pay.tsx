import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { intlLocale } from '@quittance/i18n/locales'
import { loadPaymentOptions } from '@quittance/use-cases/online-payments/load-payment-options'
import { startOnlinePayment, type StartOnlinePaymentError } from '@quittance/use-cases/online-payments/start-online-payment'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'
import { requireDebtor } from '~/utils/session.server'
import { todayFor } from '~/utils/today.server'

export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const UUID = z.uuid()
const METHODS = ['stripe', 'mollie', 'sandbox', 'bank_transfer'] as const

// What the browser may say: which invoices (and "all overdue"). Amounts are never read from it, except a part of
// one invoice that the server compares with what is still due.
const SelectionSchema = z.object({
  invoice: z.array(UUID).max(100).catch([]),
  selection: z.enum(['overdue']).optional().catch(undefined),
})

const PaySchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  invoice: z.array(UUID).min(1).max(100),
  amount: z.string().max(32).optional(),
  method: z.enum(METHODS),
})

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const search = new URL(request.url).searchParams
  const query = SelectionSchema.parse({ invoice: search.getAll('invoice'), selection: search.get('selection') ?? undefined })
  const today = todayFor(context, debtor.entityTimeZone)
  const options =
    query.selection === 'overdue' || query.invoice.length > 0
      ? await loadPaymentOptions(context.db, context.payments, {
          customerId: debtor.customerId,
          entityId: debtor.entityId,
          selection: query.selection === 'overdue' ? { kind: 'overdue' } : { kind: 'invoices', invoiceIds: query.invoice },
          today,
        })
      : { groups: [], skippedCount: 0 }
  const intlTag = intlLocale(locale)
  return {
    skippedCount: options?.skippedCount ?? 0,
    groups: (options?.groups ?? []).map((group) => ({
      currency: group.currency,
      total: formatMoney(money(group.totalMinor, group.currency), intlTag),
      partialAllowed: group.partialAllowed,
      invoices: group.invoices.map((invoice) => ({
        id: invoice.id,
        number: invoice.number,
        dueDate: formatLocalDate(invoice.dueDate, intlTag),
        remaining: formatMoney(money(invoice.remainingMinor, group.currency), intlTag),
      })),
      methods: group.methods.map((offer) => ({
        method: offer.method,
        available: offer.available,
        refusal: offer.available ? null : offer.refusal.code,
        minimum: !offer.available && offer.refusal.code === 'below-provider-minimum' ? formatMoney(offer.refusal.minimum, intlTag) : null,
      })),
    })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const form = await request.formData()
  const parsed = PaySchema.safeParse({
    currency: form.get('currency'),
    invoice: form.getAll('invoice'),
    amount: form.get('amount') ?? undefined,
    method: form.get('method'),
  })
  if (!parsed.success) {
    const currency = typeof form.get('currency') === 'string' ? String(form.get('currency')).slice(0, 3) : null
    const missingMethod = parsed.error.issues.some((issue) => issue.path[0] === 'method')
    return json({ currency, error: missingMethod ? 'pay.error.method-not-offered' : 'pay.error.invalid-request', values: {} }, { status: 400 })
  }
  const started = await startOnlinePayment(context.db, context.payments, {
    customerId: debtor.customerId,
    entityId: debtor.entityId,
    contactId: debtor.contactId,
    currency: parsed.data.currency,
    invoiceIds: parsed.data.invoice,
    partialAmount: parsed.data.amount ?? null,
    method: parsed.data.method,
    locale,
    portalUrl: context.config.publicUrl,
    now: context.now(),
    ipAddress: context.clientIp,
    logger: (line) => console.warn(JSON.stringify({ ...line, requestId: context.requestId })),
  })
  if (started.ok) {
    // A hosted checkout is a redirect: no provider script ever runs on our pages. The CSP's form-action 'self' stops
    // a form post from redirecting to another site, so the post lands on our payment page, which sends the browser
    // on to the provider (a plain navigation).
    const page = `/${locale}/payments/${started.value.attemptId}`
    return redirect(started.value.redirectTo ? `${page}?go=1` : page, { status: 303 })
  }
  if (started.error.code === 'provider-unavailable' || started.error.code === 'provider-refused') {
    return redirect(`/${locale}/payments/${started.error.attemptId}?error=${started.error.code}`, { status: 303 })
  }
  return json({ currency: parsed.data.currency, ...describeError(started.error, locale) }, { status: 422 })
}

function describeError(error: StartOnlinePaymentError, locale: 'fr' | 'en' | 'de' | 'es'): { error: string; values: Record<string, string | number> } {
  const intlTag = intlLocale(locale)
  switch (error.code) {
    case 'amount-above-remaining':
      return { error: 'pay.error.amount-above-remaining', values: { amount: formatMoney(error.remaining, intlTag) } }
    case 'invoice-already-paid':
      return { error: 'pay.error.invoice-already-paid', values: { number: error.invoiceNumber } }
    case 'too-many-invoices':
      return { error: 'pay.error.too-many-invoices', values: { max: error.max } }
    case 'method-refused':
      return {
        error: 'pay.error.method-refused',
        values: {
          reason: error.refusal.code === 'below-provider-minimum' ? formatMoney(error.refusal.minimum, intlTag) : error.refusal.code,
        },
      }
    default:
      return { error: `pay.error.${error.code}`, values: {} }
  }
}

export default function PayPage() {
  const { groups, skippedCount } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale } = useTranslation()
  const { search } = useLocation()
  return (
    <>
      <h1>{t('pay.title')}</h1>
      {skippedCount > 0 ? (
        <p className="notice" role="status">
          {t('pay.skipped', { count: skippedCount })}
        </p>
      ) : null}
      {groups.length === 0 ? (
        <p className="notice" role="status">
          {t('pay.noneSelected')}
        </p>
      ) : null}
      {groups.length > 1 ? <p>{t('pay.onePaymentPerCurrency')}</p> : null}
      {groups.map((group) => {
        const error = actionData && actionData.currency === group.currency ? t(actionData.error, actionData.values) : null
        const errorId = `pay-error-${group.currency}`
        const firstAvailable = group.methods.find((m) => m.available)?.method
        return (
          <section key={group.currency} aria-labelledby={`pay-${group.currency}`} className="pay-group">
            <h2 id={`pay-${group.currency}`}>{t('pay.groupHeading', { currency: group.currency })}</h2>
            {/* A native form: the whole flow works without JavaScript (posts, then redirects). */}
            <form method="post" action={`/${locale}/pay${search}`} aria-describedby={error ? errorId : undefined}>
              <input type="hidden" name="currency" value={group.currency} />
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('invoice.number')}</th>
                      <th scope="col">{t('invoice.dueDate')}</th>
                      <th scope="col" className="num">
                        {t('invoice.remaining')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.invoices.map((invoice) => (
                      <tr key={invoice.id}>
                        <th scope="row" data-label={t('invoice.number')}>
                          <input type="hidden" name="invoice" value={invoice.id} />
                          {invoice.number}
                        </th>
                        <td data-label={t('invoice.dueDate')}>{invoice.dueDate}</td>
                        <td data-label={t('invoice.remaining')} className="num">
                          {invoice.remaining}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={2}>
                        {t('pay.total')}
                      </th>
                      <td className="num strong" data-testid={`pay-total-${group.currency}`}>
                        {group.total}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </div>
              {group.partialAllowed ? (
                <div className="field">
                  <label htmlFor={`amount-${group.currency}`}>{t('pay.partAmount')}</label>
                  <input
                    id={`amount-${group.currency}`}
                    name="amount"
                    inputMode="decimal"
                    autoComplete="off"
                    aria-describedby={`amount-help-${group.currency}`}
                    aria-invalid={error ? true : undefined}
                  />
                  <p id={`amount-help-${group.currency}`} className="muted">
                    {t('pay.partHelp', { amount: group.total })}
                  </p>
                </div>
              ) : null}
              {firstAvailable ? (
                <fieldset className="methods">
                  <legend>{t('pay.method')}</legend>
                  {group.methods.map((method) => (
                    <div key={method.method} className="field inline">
                      <input
                        type="radio"
                        id={`method-${group.currency}-${method.method}`}
                        name="method"
                        value={method.method}
                        disabled={!method.available}
                        defaultChecked={method.method === firstAvailable}
                      />
                      <label htmlFor={`method-${group.currency}-${method.method}`}>
                        {t(`pay.method.${method.method}`)}
                        {method.refusal ? ` (${t(`pay.unavailable.${method.refusal}`, { minimum: method.minimum ?? '' })})` : null}
                      </label>
                    </div>
                  ))}
                </fieldset>
              ) : (
                <p>{t('pay.noMethod', { currency: group.currency })}</p>
              )}
              {error ? (
                <p id={errorId} className="field-error" role="alert">
                  {error}
                </p>
              ) : null}
              {firstAvailable ? (
                <button type="submit" className="button">
                  {t('pay.submit', { currency: group.currency })}
                </button>
              ) : null}
            </form>
          </section>
        )
      })}
      <p>
        <a className="button secondary" href={`/${locale}/invoices`}>
          {t('pay.back')}
        </a>
      </p>
    </>
  )
}
