import { parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { findCustomerForFinance } from '@quittance/db/repositories/backoffice-invoices'
import { findPaymentForBackoffice } from '@quittance/db/repositories/backoffice-payments'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import { parseAmount } from '@quittance/domain/money/parse-amount'
import { suggestAllocation } from '@quittance/domain/payments/suggest-allocation'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import {
  refundOnlinePayment,
  type RefundError,
} from '@quittance/use-cases/online-payments/refund-online-payment'
import { allocatePayment } from '@quittance/use-cases/payments/allocate-payment'
import { AllocationFields } from '~/components/finance/allocation-fields'
import {
  AllocationsField,
  allocationRows,
  openInvoicesFor,
  typedAmounts,
} from '~/components/finance/allocation-form.server'
import { amountMessage, financeFeedback } from '~/components/finance/errors.server'
import financeStyles from '~/components/finance/finance.css?url'
import { formatters, staffLocale } from '~/components/finance/format.server'
import { zodFieldErrors, type FormFeedback } from '~/components/finance/messages'
import { CustomerLink, Field, FormErrorBanner, SavedNotice } from '~/components/finance/ui'
import { LetteredInvoicesTable } from '~/components/finance/lettered-invoices-table'
import { useTranslation } from '~/utils/i18n'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const SAVED = {
  recorded: 'bo-finance.saved.paymentRecorded',
  allocated: 'bo-finance.saved.paymentAllocated',
  refunded: 'bo-finance.saved.refundDone',
  'refund-pending': 'bo-finance.saved.refundPending',
} as const

/** Payments a provider took can go back through it; money entered by staff is repaid outside Quittance. */
const REFUNDABLE_PROVIDERS = new Set(['stripe', 'mollie', 'sandbox'])

async function loadPayment(
  request: Request,
  context: LoaderFunctionArgs['context'],
  paymentId: string,
  permission: 'read:customers' | 'write:payments' | 'refund:payments',
) {
  const staff = await requireStaff(request, context, permission)
  const visibility = customerVisibility(staff)
  const payment = await findPaymentForBackoffice(context.db, { paymentId, visibility })
  if (!payment) notFound()
  const customer = await findCustomerForFinance(context.db, { customerId: payment.customerId, visibility })
  if (!customer) notFound()
  const f = formatters(staffLocale(staff, request), customer.timeZone)
  return { staff, visibility, payment, timeZone: customer.timeZone, f }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const paymentId = requireUuid(params.paymentId)
  const { staff, payment, timeZone, f } = await loadPayment(request, context, paymentId, 'read:customers')
  const canAllocate = can(staff.role, 'write:payments') && payment.unallocatedMinor > 0
  const canRefund =
    can(staff.role, 'refund:payments') &&
    REFUNDABLE_PROVIDERS.has(payment.provider) &&
    payment.providerRef !== null &&
    payment.refundableMinor > 0
  const today = localDateInTimeZone(context.now(), timeZone)
  const invoices = canAllocate ? await openInvoicesFor(context, payment.customerId, payment.currency) : []
  const suggestion = suggestAllocation(money(payment.unallocatedMinor, payment.currency), invoices)
  const suggested = Object.fromEntries(
    suggestion.allocations.map((a) => [a.invoiceId, f.input(a.amount.amountMinor, payment.currency)]),
  )
  const saved = new URL(request.url).searchParams.get('saved')

  return {
    saved: saved && saved in SAVED ? SAVED[saved as keyof typeof SAVED] : null,
    canAllocate,
    canRefund,
    payment: {
      id: payment.id,
      title: f.money(payment.amountMinor, payment.currency),
      currency: payment.currency,
      receivedOn: f.date(payment.receivedOn),
      method: payment.method,
      provider: payment.provider,
      providerRef: payment.providerRef,
      reference: payment.reference,
      recordedAt: f.instant(payment.createdAt),
      customer: { id: payment.customerId, name: payment.customerName, reference: payment.customerRef },
      amount: f.money(payment.amountMinor, payment.currency),
      allocated: f.money(payment.allocatedMinor, payment.currency),
      unallocated: f.money(payment.unallocatedMinor, payment.currency),
      unallocatedMinor: payment.unallocatedMinor,
      refundable: f.money(payment.refundableMinor, payment.currency),
      refundableInput: f.input(payment.refundableMinor, payment.currency),
    },
    reversals: payment.reversals.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      amount: f.money(r.amountMinor, payment.currency),
      providerRef: r.providerRef,
      at: f.instant(r.createdAt),
    })),
    allocations: payment.allocations.map((a) => ({
      id: a.id,
      invoiceId: a.invoiceId,
      invoiceNumber: a.invoiceNumber,
      dueDate: f.date(a.invoiceDueDate),
      invoiceTotal: f.money(a.invoiceTotalMinor, payment.currency),
      amount: f.money(a.amountMinor, payment.currency),
      at: f.instant(a.createdAt),
    })),
    rows: allocationRows(invoices, suggested, today, f),
    unallocatedAfterSuggestion: f.money(suggestion.unallocated.amountMinor, payment.currency),
  }
}

const AllocateSchema = z.object({ intent: z.literal('allocate'), allocations: AllocationsField })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const paymentId = requireUuid(params.paymentId)
  const formData = await request.formData()
  if (formData.get('intent') === 'refund') return refund(request, context, paymentId, formData)
  const { staff, visibility, payment, f } = await loadPayment(request, context, paymentId, 'write:payments')
  const submission = parseWithZod(formData, { schema: AllocateSchema })
  if (submission.status !== 'success') {
    const feedback: FormFeedback = {
      intent: 'allocate',
      fieldErrors: zodFieldErrors(submission.error),
      formError: { key: 'bo-finance.error.fixFields' },
    }
    return data({ ...feedback, amounts: {} as Record<string, string> }, { status: 400 })
  }
  const result = await allocatePayment(context.db, {
    paymentId,
    allocations: submission.value.allocations,
    visibility,
    actor: { id: staff.id },
    ipAddress: context.clientIp,
  })
  if (!result.ok) {
    return data(
      {
        ...financeFeedback('allocate', result.error, { currency: payment.currency, f }),
        amounts: typedAmounts(submission.value.allocations),
      },
      { status: 422 },
    )
  }
  return redirect(`/payments/${paymentId}?saved=allocated`, { status: 303 })
}

const REFUND_ERRORS: Record<RefundError, { field?: 'refundAmount'; key: string }> = {
  'payment-not-found': { key: 'bo-finance.error.documentNotFound' },
  'not-refundable': { key: 'bo-finance.error.refund.notRefundable' },
  'amount-not-positive': { field: 'refundAmount', key: 'bo-finance.error.amountNotPositive' },
  'exceeds-refundable': { field: 'refundAmount', key: 'bo-finance.error.refund.exceedsRefundable' },
  'provider-unavailable': { key: 'bo-finance.error.refund.providerUnavailable' },
  'provider-refused': { key: 'bo-finance.error.refund.providerRefused' },
}

async function refund(
  request: Request,
  context: ActionFunctionArgs['context'],
  paymentId: string,
  formData: FormData,
) {
  const { staff, payment, f } = await loadPayment(request, context, paymentId, 'refund:payments')
  const typed = String(formData.get('refundAmount') ?? '')
  const fail = (
    fieldErrors: FormFeedback['fieldErrors'],
    formError: FormFeedback['formError'],
    status: number,
  ) =>
    data(
      {
        intent: 'refund',
        fieldErrors,
        formError,
        amounts: {} as Record<string, string>,
        refundAmount: typed,
      },
      { status },
    )
  const amount = parseAmount(typed, payment.currency)
  if (!amount.ok)
    return fail(
      { refundAmount: amountMessage(amount.error, payment.currency) },
      { key: 'bo-finance.error.fixFields' },
      400,
    )
  const result = await refundOnlinePayment(context.db, context.payments, {
    entityCode: payment.entityCode,
    paymentId,
    amountMinor: amount.value.amountMinor,
    actor: { type: 'staff', id: staff.id },
    now: context.now(),
  })
  if (!result.ok) {
    const known = REFUND_ERRORS[result.error]
    const values = { refundable: f.money(payment.refundableMinor, payment.currency) }
    return known.field
      ? fail({ [known.field]: { key: known.key, values } }, { key: 'bo-finance.error.fixFields' }, 422)
      : fail({}, { key: known.key, values }, result.error.startsWith('provider-') ? 502 : 422)
  }
  const saved = result.value.status === 'succeeded' ? 'refunded' : 'refund-pending'
  return redirect(`/payments/${paymentId}?saved=${saved}`, { status: 303 })
}

export default function PaymentDetail() {
  const { saved, canAllocate, canRefund, payment, allocations, reversals, rows, unallocatedAfterSuggestion } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const typed = actionData?.amounts
  const shownRows =
    typed && Object.keys(typed).length > 0
      ? rows.map((row) => ({ ...row, amount: typed[row.id] ?? '' }))
      : rows
  return (
    <>
      <p className="fin-breadcrumb">
        <Link to="/payments">{t('bo-finance.payments.title')}</Link> ›
      </p>
      <div className="fin-heading">
        <h1>{t('bo-finance.payment.title', { amount: payment.title, date: payment.receivedOn })}</h1>
        {payment.unallocatedMinor > 0 ? (
          <span className="badge fin-badge-credit">{t('bo-finance.payment.hasCredit')}</span>
        ) : (
          <span className="badge fin-badge-done">{t('bo-finance.payment.fullyAllocated')}</span>
        )}
      </div>
      <p className="fin-subtitle">
        <CustomerLink id={payment.customer.id} name={payment.customer.name} /> · {payment.customer.reference}
      </p>
      <SavedNotice msgKey={saved} />

      <div className="fin-layout">
        <div>
          <dl className="fin-facts">
            <div>
              <dt>{t('bo-finance.payment.receivedOn')}</dt>
              <dd>{payment.receivedOn}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.payment.method')}</dt>
              <dd>{t(`bo-finance.method.${payment.method}`)}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.payment.reference')}</dt>
              <dd>{payment.reference ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.payment.source')}</dt>
              <dd>
                {payment.provider === 'manual' ? t('bo-finance.payment.manual') : payment.provider}
                {payment.providerRef ? <span className="fin-ref">{payment.providerRef}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t('bo-finance.payment.recordedAt')}</dt>
              <dd>{payment.recordedAt}</dd>
            </div>
          </dl>

          <LetteredInvoicesTable
            allocations={allocations}
            title={t('bo-finance.payment.allocations')}
            amountHeader={t('bo-finance.payment.allocatedAmount')}
            emptyText={t('bo-finance.payment.noAllocations')}
          />

          {reversals.length > 0 ? (
            <>
              <h2 id="reversals">{t('bo-finance.payment.reversals')}</h2>
              <div className="table-wrap">
                <table className="fin-table" aria-labelledby="reversals">
                  <thead>
                    <tr>
                      <th scope="col">{t('bo-finance.reversal.kind')}</th>
                      <th scope="col">{t('bo-finance.reversal.status')}</th>
                      <th scope="col" className="num">
                        {t('bo-finance.payment.amount')}
                      </th>
                      <th scope="col">{t('bo-finance.reversal.providerRef')}</th>
                      <th scope="col">{t('bo-finance.payment.allocatedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reversals.map((r) => (
                      <tr key={r.id}>
                        <th scope="row">{t(`bo-finance.reversal.kind.${r.kind}`)}</th>
                        <td>{t(`bo-finance.reversal.status.${r.status}`)}</td>
                        <td className="num">{r.amount}</td>
                        <td>{r.providerRef ? <span className="fin-ref">{r.providerRef}</span> : '—'}</td>
                        <td>{r.at}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </div>

        <div className="fin-side">
          <section className="fin-card" aria-labelledby="amounts">
            <h2 id="amounts">{t('bo-finance.payment.amounts')}</h2>
            <dl className="fin-amounts">
              <div>
                <dt>{t('bo-finance.payment.amount')}</dt>
                <dd>{payment.amount}</dd>
              </div>
              <div>
                <dt>{t('bo-finance.payment.allocated')}</dt>
                <dd>{payment.allocated}</dd>
              </div>
              <div className="fin-grand">
                <dt>{t('bo-finance.payment.unallocated')}</dt>
                <dd>{payment.unallocated}</dd>
              </div>
            </dl>
            {payment.unallocatedMinor > 0 ? (
              <p className="hint">{t('bo-finance.payment.creditHint')}</p>
            ) : null}
          </section>
          {canRefund ? (
            <RefundForm
              payment={payment}
              feedback={actionData?.intent === 'refund' ? actionData : null}
              busy={busy}
            />
          ) : null}
        </div>
      </div>
      {canAllocate ? (
        <Form
          key={payment.unallocatedMinor}
          method="post"
          className="fin-card fin-form"
          noValidate
          aria-describedby={
            actionData?.intent === 'allocate' && actionData.formError ? 'allocate-error' : undefined
          }
        >
          <h2 id="allocate">{t('bo-finance.payment.allocateTitle', { amount: payment.unallocated })}</h2>
          <FormErrorBanner
            msg={actionData?.intent === 'allocate' ? actionData.formError : null}
            id="allocate-error"
          />
          <input type="hidden" name="intent" value="allocate" />
          {rows.length > 0 ? (
            <p className="hint">
              {t('bo-finance.payment.allocateHint', { unallocated: unallocatedAfterSuggestion })}
            </p>
          ) : null}
          <AllocationFields
            rows={shownRows}
            currency={payment.currency}
            fieldErrors={actionData?.intent === 'allocate' ? actionData.fieldErrors : {}}
            available={{ kind: 'fixed', amountMinor: payment.unallocatedMinor }}
            caption={t('bo-finance.allocation.caption', { currency: payment.currency })}
          />
          {rows.length > 0 ? (
            <div className="fin-form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t('bo-finance.payment.allocateSubmit')}
              </button>
            </div>
          ) : null}
        </Form>
      ) : null}
    </>
  )
}

type RefundFeedback = {
  fieldErrors: FormFeedback['fieldErrors']
  formError: FormFeedback['formError']
  refundAmount?: string
}

/** Money back through the provider that took it; the amount starts at what may still be refunded. */
function RefundForm({
  payment,
  feedback,
  busy,
}: {
  payment: { refundable: string; refundableInput: string; currency: string; provider: string }
  feedback: RefundFeedback | null
  busy: boolean
}) {
  const { t } = useTranslation()
  const error = feedback?.fieldErrors.refundAmount
  return (
    <Form
      method="post"
      className="fin-card fin-form"
      noValidate
      aria-labelledby="refund"
      aria-describedby={feedback?.formError ? 'refund-error' : undefined}
    >
      <h2 id="refund">{t('bo-finance.refund.title')}</h2>
      <FormErrorBanner msg={feedback?.formError} id="refund-error" />
      <p className="hint">
        {t('bo-finance.refund.hint', { refundable: payment.refundable, provider: payment.provider })}
      </p>
      <input type="hidden" name="intent" value="refund" />
      <Field
        id="refundAmount"
        label={t('bo-finance.refund.amount', { currency: payment.currency })}
        error={error}
      >
        {(aria) => (
          <input
            id="refundAmount"
            name="refundAmount"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={feedback?.refundAmount ?? payment.refundableInput}
            {...aria}
          />
        )}
      </Field>
      <div className="fin-form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t('bo-finance.refund.submit')}
        </button>
      </div>
    </Form>
  )
}
