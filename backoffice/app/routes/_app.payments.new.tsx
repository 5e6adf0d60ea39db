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
import { MANUAL_PAYMENT_METHODS } from '@quittance/domain/payments/payment-methods'
import { customerVisibility } from '@quittance/domain/staff/permissions'
import {
  PAYMENT_REFERENCE_MAX_LENGTH,
  recordManualPayment,
} from '@quittance/use-cases/payments/record-manual-payment'
import { AllocationFields } from '~/components/finance/allocation-fields'
import {
  AllocationsField,
  allocationRows,
  openInvoicesFor,
  suggestedAmounts,
  typedAmounts,
} from '~/components/finance/allocation-form.server'
import { CustomerPicker } from '~/components/finance/customer-picker'
import { loadSettlementTarget } from '~/components/finance/settlement-target.server'
import { financeFeedback } from '~/components/finance/errors.server'
import financeStyles from '~/components/finance/finance.css?url'
import { formatters, staffLocale } from '~/components/finance/format.server'
import { zodFieldErrors, type FormFeedback, type Msg } from '~/components/finance/messages'
import { Field, FormErrorBanner, Message } from '~/components/finance/ui'
import { useTranslation } from '~/utils/i18n'
import { isUuid, notFound } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const chosen = await loadSettlementTarget(request, context, 'write:payments')
  if (chosen.step === 'customer') return chosen
  const { customer, currencies, currency, f, today, invoices, target } = chosen
  const amount = target ? f.input(target.remainingMinor, currency) : ''
  const amounts = target ? { [target.id]: amount } : {}

  return {
    step: 'payment' as const,
    customer: { id: customer.id, name: customer.name, externalRef: customer.externalRef },
    currency,
    currencies,
    today,
    defaults: { receivedOn: today, amount, method: 'bank_transfer', reference: '' },
    rows: allocationRows(invoices, amounts, today, f),
    fromInvoice: target ? { id: target.id, number: target.number } : null,
  }
}

const PaymentSchema = z.object({
  intent: z.enum(['suggest', 'record']),
  customerId: z.uuid(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'bo-finance.error.invalidCurrency' }),
  receivedOn: z
    .string({ error: 'bo-finance.error.dateRequired' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'bo-finance.error.invalidDate' }),
  amount: z.string({ error: 'bo-finance.error.amountRequired' }).max(40),
  method: z.enum(MANUAL_PAYMENT_METHODS, { error: 'bo-finance.error.invalidMethod' }),
  reference: z
    .string()
    .max(PAYMENT_REFERENCE_MAX_LENGTH, { error: 'bo-finance.error.referenceTooLong' })
    .optional(),
  allocations: AllocationsField,
})

type Values = {
  receivedOn: string
  amount: string
  method: string
  reference: string
  amounts: Record<string, string>
}
type ActionResult = FormFeedback & {
  values: Values
  suggestion: { nonce: number; unallocated: string } | null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'write:payments')
  const visibility = customerVisibility(staff)
  const formData = await request.formData()
  const raw = (name: string) => String(formData.get(name) ?? '')
  const submission = parseWithZod(formData, { schema: PaymentSchema })
  const customer = isUuid(raw('customerId'))
    ? await findCustomerForFinance(context.db, { customerId: raw('customerId'), visibility })
    : null
  if (!customer) notFound()
  const f = formatters(staffLocale(staff, request), customer.timeZone)

  const typedRows = [...formData.entries()]
    .filter(([name]) => /^allocations\[\d+\]\.invoiceId$/.test(name))
    .map(([name, value]) => ({
      invoiceId: String(value),
      amount: raw(name.replace('.invoiceId', '.amount')),
    }))
  const values: Values = {
    receivedOn: raw('receivedOn'),
    amount: raw('amount'),
    method: raw('method'),
    reference: raw('reference'),
    amounts: typedAmounts(typedRows),
  }
  const reply = (feedback: FormFeedback, status: number, suggestion: ActionResult['suggestion'] = null) =>
    data<ActionResult>({ ...feedback, values, suggestion }, { status })

  if (submission.status !== 'success') {
    return reply(
      {
        intent: 'record',
        fieldErrors: zodFieldErrors(submission.error),
        formError: { key: 'bo-finance.error.fixFields' },
      },
      400,
    )
  }
  const value = submission.value

  if (value.intent === 'suggest') {
    const invoices = await openInvoicesFor(context, customer.id, value.currency)
    const suggested = suggestedAmounts(value.amount, value.currency, invoices, f)
    if (!suggested.ok) {
      return reply({ intent: 'record', fieldErrors: { amount: suggested.error }, formError: null }, 400)
    }
    values.amounts = suggested.amounts
    return reply({ intent: 'suggest', fieldErrors: {}, formError: null }, 200, {
      nonce: Date.now(),
      unallocated: suggested.unallocated,
    })
  }

  const result = await recordManualPayment(context.db, {
    customerId: customer.id,
    receivedOn: value.receivedOn,
    currency: value.currency,
    amount: value.amount,
    method: value.method,
    reference: value.reference ?? null,
    allocations: value.allocations,
    visibility,
    actor: { id: staff.id },
    ipAddress: context.clientIp,
    now: context.now(),
  })
  if (!result.ok) return reply(financeFeedback('record', result.error, { currency: value.currency, f }), 422)
  return redirect(`/payments/${result.value.paymentId}?saved=recorded`, { status: 303 })
}

export default function NewPayment() {
  const loaderData = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="fin-breadcrumb">
        <Link to="/payments">{t('bo-finance.payments.title')}</Link> ›
      </p>
      <div className="fin-heading">
        <h1>{t('bo-finance.newPayment.title')}</h1>
      </div>
      {loaderData.step === 'customer' ? (
        <CustomerPicker
          q={loaderData.q}
          results={loaderData.results}
          hrefFor={(c) => `/payments/new?customerId=${c.id}`}
        />
      ) : (
        <PaymentForm {...loaderData} />
      )}
    </>
  )
}

function PaymentForm({
  customer,
  currency,
  currencies,
  today,
  defaults,
  rows,
  fromInvoice,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { step: 'payment' }>) {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const values = actionData?.values
  const errors: Record<string, Msg> = actionData?.fieldErrors ?? {}
  const amounts = values?.amounts
  const shownRows = amounts ? rows.map((row) => ({ ...row, amount: amounts[row.id] ?? '' })) : rows
  return (
    <>
      <section className="fin-card" aria-labelledby="customer-heading">
        <h2 id="customer-heading">{t('bo-finance.form.customer')}</h2>
        <p>
          <Link to={`/customers/${customer.id}`}>{customer.name}</Link>{' '}
          <span className="muted">{customer.externalRef}</span> ·{' '}
          <Link to="/payments/new">{t('bo-finance.form.changeCustomer')}</Link>
        </p>
        {currencies.length > 1 ? (
          <Form method="get" className="fin-inline">
            <input type="hidden" name="customerId" value={customer.id} />
            <div className="field">
              <label htmlFor="pick-currency">{t('bo-finance.form.currency')}</label>
              <select id="pick-currency" name="currency" defaultValue={currency}>
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button secondary">
              {t('bo-finance.form.changeCurrency')}
            </button>
          </Form>
        ) : null}
      </section>

      {/* Re-mounted after a suggestion so the fields show it, with or without JavaScript. */}
      <Form
        key={`${currency}-${actionData?.suggestion?.nonce ?? 0}`}
        method="post"
        className="fin-card fin-form"
        noValidate
        aria-describedby={actionData?.formError ? 'payment-error' : undefined}
      >
        <h2>{t('bo-finance.newPayment.details', { currency })}</h2>
        <FormErrorBanner msg={actionData?.formError} id="payment-error" />
        {actionData?.suggestion ? (
          <p className="notice" role="status">
            {t('bo-finance.newPayment.suggested', { unallocated: actionData.suggestion.unallocated })}
          </p>
        ) : null}
        <input type="hidden" name="customerId" value={customer.id} />
        <input type="hidden" name="currency" value={currency} />
        <div className="fin-form-grid">
          <Field id="receivedOn" label={t('bo-finance.payment.receivedOn')} error={errors.receivedOn}>
            {(aria) => (
              <input
                id="receivedOn"
                name="receivedOn"
                type="date"
                max={today}
                required
                defaultValue={values?.receivedOn ?? defaults.receivedOn}
                {...aria}
              />
            )}
          </Field>
          <Field
            id="amount"
            label={t('bo-finance.form.amountIn', { currency })}
            hint={t('bo-finance.form.amountHint')}
            error={errors.amount}
          >
            {(aria) => (
              <input
                id="amount"
                name="amount"
                inputMode="decimal"
                autoComplete="off"
                required
                defaultValue={values?.amount ?? defaults.amount}
                {...aria}
              />
            )}
          </Field>
          <Field id="method" label={t('bo-finance.payment.method')} error={errors.method}>
            {(aria) => (
              <select id="method" name="method" defaultValue={values?.method ?? defaults.method} {...aria}>
                {MANUAL_PAYMENT_METHODS.map((method) => (
                  <option key={method} value={method}>
                    {t(`bo-finance.method.${method}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id="reference"
            label={t('bo-finance.payment.referenceOptional')}
            hint={t('bo-finance.payment.referenceHint')}
            error={errors.reference}
          >
            {(aria) => (
              <input
                id="reference"
                name="reference"
                maxLength={100}
                autoComplete="off"
                defaultValue={values?.reference ?? defaults.reference}
                {...aria}
              />
            )}
          </Field>
        </div>

        <h3 className="fin-section-title">{t('bo-finance.allocation.title')}</h3>
        <p className="hint">
          {fromInvoice
            ? t('bo-finance.newPayment.fromInvoice', { number: fromInvoice.number })
            : t('bo-finance.allocation.hint')}
        </p>
        <AllocationFields
          rows={shownRows}
          currency={currency}
          fieldErrors={errors}
          available={{ kind: 'field', fieldId: 'amount' }}
          caption={t('bo-finance.allocation.caption', { currency })}
        />
        {Object.entries(errors)
          .filter(([name]) => name.startsWith('allocations'))
          .slice(0, 1)
          .map(([name, msg]) => (
            <p key={name} className="field-error">
              <Message msg={msg} />
            </p>
          ))}

        <div className="fin-form-actions">
          {rows.length > 0 ? (
            <button type="submit" name="intent" value="suggest" className="button secondary" disabled={busy}>
              {t('bo-finance.allocation.suggest')}
            </button>
          ) : null}
          <button type="submit" name="intent" value="record" className="button" disabled={busy}>
            {t('bo-finance.newPayment.submit')}
          </button>
          <Link to="/payments">{t('common.cancel')}</Link>
        </div>
      </Form>
    </>
  )
}
