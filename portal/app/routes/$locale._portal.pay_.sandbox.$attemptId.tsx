import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { formatMoney } from '@quittance/domain/money/format-money'
import { intlLocale } from '@quittance/i18n/locales'
import { completeSandboxCheckout } from '@quittance/use-cases/online-payments/complete-sandbox-checkout'
import { loadPaymentAttempt } from '@quittance/use-cases/online-payments/load-payment-attempt'
import { useTranslation } from '~/utils/i18n'
import { requireLocale } from '~/utils/locale.server'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireDebtor } from '~/utils/session.server'
import { todayFor } from '~/utils/today.server'

export const meta: MetaFunction = () => [{ title: 'Sandbox — Quittance' }, { name: 'robots', content: 'noindex' }]

/** The sandbox provider's "hosted checkout": only for attempts made with the sandbox, of this debtor. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const attempt = await loadPaymentAttempt(context.db, {
    attemptId: requireUuid(params.attemptId),
    customerId: debtor.customerId,
    today: todayFor(context, debtor.entityTimeZone),
  })
  if (!attempt || attempt.provider !== 'sandbox') notFound()
  return {
    id: attempt.id,
    amount: formatMoney(attempt.amount, intlLocale(locale)),
    invoices: attempt.invoices.map((invoice) => invoice.number),
    open: attempt.status === 'pending' || attempt.status === 'processing',
    processing: attempt.status === 'processing',
  }
}

const OutcomeSchema = z.object({ outcome: z.enum(['succeeded', 'failed', 'processing']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const attemptId = requireUuid(params.attemptId)
  const parsed = OutcomeSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return redirect(`/${locale}/pay/sandbox/${attemptId}`, { status: 303 })
  const result = await completeSandboxCheckout(context.db, context.payments, {
    attemptId,
    customerId: debtor.customerId,
    outcome: parsed.data.outcome,
    now: context.now(),
    ipAddress: context.clientIp,
  })
  if (result === 'not-found' || result === 'not-sandbox') notFound()
  return redirect(`/${locale}/payments/${attemptId}`, { status: 303 })
}

export default function SandboxCheckout() {
  const data = useLoaderData<typeof loader>()
  const { t, locale } = useTranslation()
  return (
    <>
      <p className="sandbox-banner" role="note">
        {t('sandbox.banner')}
      </p>
      <h1>{t('sandbox.title')}</h1>
      <p>
        {t('attempt.amount')}: <strong>{data.amount}</strong> — {data.invoices.join(', ')}
      </p>
      {data.open ? (
        <div className="actions">
          {(['succeeded', 'failed', ...(data.processing ? [] : ['processing'])] as const).map((outcome) => (
            <form key={outcome} method="post">
              <input type="hidden" name="outcome" value={outcome} />
              <button type="submit" className={outcome === 'succeeded' ? 'button' : 'button secondary'}>
                {t(outcome === 'succeeded' ? 'sandbox.pay' : outcome === 'failed' ? 'sandbox.fail' : 'sandbox.pending')}
              </button>
            </form>
          ))}
        </div>
      ) : null}
      <p>
        <a href={`/${locale}/payments/${data.id}`}>{t('attempt.title')}</a>
      </p>
    </>
  )
}
