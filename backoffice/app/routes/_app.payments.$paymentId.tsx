import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { findCustomerForFinance } from '@quittance/db/repositories/backoffice-invoices'
import { findPaymentForBackoffice } from '@quittance/db/repositories/backoffice-payments'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import { suggestAllocation } from '@quittance/domain/payments/suggest-allocation'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import { allocatePayment } from '@quittance/use-cases/payments/allocate-payment'
import { AllocationFields } from '~/components/finance/allocation-fields'
import { AllocationsField, allocationRows, openInvoicesFor, typedAmounts } from '~/components/finance/allocation-form.server'
import { financeFeedback } from '~/components/finance/errors.server'
import financeStyles from '~/components/finance/finance.css?url'
import { formatters, staffLocale } from '~/components/finance/format.server'
import { zodFieldErrors, type FormFeedback } from '~/components/finance/messages'
import { CustomerLink, FormErrorBanner, SavedNotice } from '~/components/finance/ui'
import { useTranslation } from '~/utils/i18n'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const SAVED = { recorded: 'bo-finance.saved.paymentRecorded', allocated: 'bo-finance.saved.paymentAllocated' } as const

async function loadPayment(request: Request, context: LoaderFunctionArgs['context'], paymentId: string, permission: 'read:customers' | 'write:payments') {
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
  const today = localDateInTimeZone(context.now(), timeZone)
  const invoices = canAllocate ? await openInvoicesFor(context, payment.customerId, payment.currency) : []
  const suggestion = suggestAllocation(money(payment.unallocatedMinor, payment.currency), invoices)
  const suggested = Object.fromEntries(suggestion.allocations.map((a) => [a.invoiceId, f.input(a.amount.amountMinor, payment.currency)]))
  const saved = new URL(request.url).searchParams.get('saved')

  return {
    saved: saved && saved in SAVED ? SAVED[saved as keyof typeof SAVED] : null,
    canAllocate,
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
    },
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
  const { staff, visibility, payment, f } = await loadPayment(request, context, paymentId, 'write:payments')
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: AllocateSchema })
  if (submission.status !== 'success') {
    const feedback: FormFeedback = { intent: 'allocate', fieldErrors: zodFieldErrors(submission.error), formError: { key: 'bo-finance.error.fixFields' } }
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
      { ...financeFeedback('allocate', result.error, { currency: payment.currency, f }), amounts: typedAmounts(submission.value.allocations) },
      { status: 422 },
    )
  }
  return redirect(`/payments/${paymentId}?saved=allocated`, { status: 303 })
}

export default function PaymentDetail() {
  const { saved, canAllocate, payment, allocations, rows, unallocatedAfterSuggestion } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const typed = actionData?.amounts
  const shownRows = typed && Object.keys(typed).length > 0 ? rows.map((row) => ({ ...row, amount: typed[row.id] ?? '' })) : rows
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

          <h2 id="allocations">{t('bo-finance.payment.allocations')}</h2>
          {allocations.length === 0 ? (
            <p className="fin-empty">{t('bo-finance.payment.noAllocations')}</p>
          ) : (
            <div className="table-wrap">
              <table className="fin-table" aria-labelledby="allocations">
                <thead>
                  <tr>
                    <th scope="col">{t('bo-finance.invoice.number')}</th>
                    <th scope="col">{t('bo-finance.invoice.dueDate')}</th>
                    <th scope="col" className="num">
                      {t('bo-finance.invoice.total')}
                    </th>
                    <th scope="col" className="num">
                      {t('bo-finance.payment.allocatedAmount')}
                    </th>
                    <th scope="col">{t('bo-finance.payment.allocatedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {allocations.map((a) => (
                    <tr key={a.id}>
                      <th scope="row">
                        <Link to={`/invoices/${a.invoiceId}`}>{a.invoiceNumber}</Link>
                      </th>
                      <td>{a.dueDate}</td>
                      <td className="num">{a.invoiceTotal}</td>
                      <td className="num">{a.amount}</td>
                      <td>{a.at}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

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
            {payment.unallocatedMinor > 0 ? <p className="hint">{t('bo-finance.payment.creditHint')}</p> : null}
          </section>
        </div>
      </div>
      {canAllocate ? (
        <Form
          key={payment.unallocatedMinor}
          method="post"
          className="fin-card fin-form"
          noValidate
          aria-describedby={actionData?.formError ? 'allocate-error' : undefined}
        >
          <h2 id="allocate">{t('bo-finance.payment.allocateTitle', { amount: payment.unallocated })}</h2>
          <FormErrorBanner msg={actionData?.formError} id="allocate-error" />
          <input type="hidden" name="intent" value="allocate" />
          {rows.length > 0 ? (
            <p className="hint">{t('bo-finance.payment.allocateHint', { unallocated: unallocatedAfterSuggestion })}</p>
          ) : null}
          <AllocationFields
            rows={shownRows}
            currency={payment.currency}
            fieldErrors={actionData?.fieldErrors ?? {}}
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
