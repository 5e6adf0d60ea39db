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
import { customerVisibility } from '@quittance/domain/staff/permissions'
import {
  CREDIT_NOTE_NUMBER_MAX_LENGTH,
  CREDIT_NOTE_REASON_MAX_LENGTH,
  createCreditNote,
} from '@quittance/use-cases/credit-notes/create-credit-note'
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
import { Field, FormErrorBanner } from '~/components/finance/ui'
import { useTranslation } from '~/utils/i18n'
import { isUuid, notFound } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const chosen = await loadSettlementTarget(request, context, 'write:credit-notes')
  if (chosen.step === 'customer') return chosen
  const { customer, currencies, currency, f, today, invoices, target } = chosen
  const amounts = target ? { [target.id]: '' } : {}

  return {
    step: 'credit-note' as const,
    customer: { id: customer.id, name: customer.name, externalRef: customer.externalRef },
    currency,
    currencies,
    today,
    rows: allocationRows(invoices, amounts, today, f),
    fromInvoice: target ? { id: target.id, number: target.number } : null,
  }
}

const CreditNoteSchema = z.object({
  intent: z.enum(['suggest', 'create']),
  customerId: z.uuid(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'bo-finance.error.invalidCurrency' }),
  number: z
    .string({ error: 'bo-finance.error.numberRequired' })
    .max(CREDIT_NOTE_NUMBER_MAX_LENGTH, { error: 'bo-finance.error.numberTooLong' }),
  issueDate: z
    .string({ error: 'bo-finance.error.dateRequired' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'bo-finance.error.invalidDate' }),
  amount: z.string({ error: 'bo-finance.error.amountRequired' }).max(40),
  reason: z
    .string({ error: 'bo-finance.error.reasonRequired' })
    .max(CREDIT_NOTE_REASON_MAX_LENGTH, { error: 'bo-finance.error.reasonTooLong' }),
  allocations: AllocationsField,
})

type Values = {
  number: string
  issueDate: string
  amount: string
  reason: string
  amounts: Record<string, string>
}
type ActionResult = FormFeedback & {
  values: Values
  suggestion: { nonce: number; unallocated: string } | null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, context, 'write:credit-notes')
  const visibility = customerVisibility(staff)
  const formData = await request.formData()
  const raw = (name: string) => String(formData.get(name) ?? '')
  const customer = isUuid(raw('customerId'))
    ? await findCustomerForFinance(context.db, { customerId: raw('customerId'), visibility })
    : null
  if (!customer) notFound()
  const f = formatters(staffLocale(staff, request), customer.timeZone)
  const submission = parseWithZod(formData, { schema: CreditNoteSchema })

  const typedRows = [...formData.entries()]
    .filter(([name]) => /^allocations\[\d+\]\.invoiceId$/.test(name))
    .map(([name, value]) => ({
      invoiceId: String(value),
      amount: raw(name.replace('.invoiceId', '.amount')),
    }))
  const values: Values = {
    number: raw('number'),
    issueDate: raw('issueDate'),
    amount: raw('amount'),
    reason: raw('reason'),
    amounts: typedAmounts(typedRows),
  }
  const reply = (feedback: FormFeedback, status: number, suggestion: ActionResult['suggestion'] = null) =>
    data<ActionResult>({ ...feedback, values, suggestion }, { status })

  if (submission.status !== 'success') {
    return reply(
      {
        intent: 'create-credit-note',
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
    if (!suggested.ok)
      return reply(
        { intent: 'create-credit-note', fieldErrors: { amount: suggested.error }, formError: null },
        400,
      )
    values.amounts = suggested.amounts
    return reply({ intent: 'suggest', fieldErrors: {}, formError: null }, 200, {
      nonce: Date.now(),
      unallocated: suggested.unallocated,
    })
  }

  const result = await createCreditNote(context.db, {
    customerId: customer.id,
    number: value.number,
    issueDate: value.issueDate,
    currency: value.currency,
    amount: value.amount,
    reason: value.reason,
    applications: value.allocations,
    visibility,
    actor: { id: staff.id },
    ipAddress: context.clientIp,
    now: context.now(),
  })
  if (!result.ok)
    return reply(financeFeedback('create-credit-note', result.error, { currency: value.currency, f }), 422)
  return redirect(`/credit-notes/${result.value.creditNoteId}?saved=created`, { status: 303 })
}

export default function NewCreditNote() {
  const loaderData = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="fin-breadcrumb">
        <Link to="/credit-notes">{t('bo-finance.creditNotes.title')}</Link> ›
      </p>
      <div className="fin-heading">
        <h1>{t('bo-finance.newCreditNote.title')}</h1>
      </div>
      {loaderData.step === 'customer' ? (
        <CustomerPicker
          q={loaderData.q}
          results={loaderData.results}
          hrefFor={(c) => `/credit-notes/new?customerId=${c.id}`}
        />
      ) : (
        <CreditNoteForm {...loaderData} />
      )}
    </>
  )
}

function CreditNoteForm({
  customer,
  currency,
  currencies,
  today,
  rows,
  fromInvoice,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { step: 'credit-note' }>) {
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
          <Link to="/credit-notes/new">{t('bo-finance.form.changeCustomer')}</Link>
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

      <Form
        key={`${currency}-${actionData?.suggestion?.nonce ?? 0}`}
        method="post"
        className="fin-card fin-form"
        noValidate
        aria-describedby={actionData?.formError ? 'credit-note-error' : undefined}
      >
        <h2>{t('bo-finance.newCreditNote.details', { currency })}</h2>
        <FormErrorBanner msg={actionData?.formError} id="credit-note-error" />
        {actionData?.suggestion ? (
          <p className="notice" role="status">
            {t('bo-finance.newCreditNote.suggested', { unallocated: actionData.suggestion.unallocated })}
          </p>
        ) : null}
        <input type="hidden" name="customerId" value={customer.id} />
        <input type="hidden" name="currency" value={currency} />
        <div className="fin-form-grid">
          <Field
            id="number"
            label={t('bo-finance.creditNote.number')}
            hint={t('bo-finance.creditNote.numberHint')}
            error={errors.number}
          >
            {(aria) => (
              <input
                id="number"
                name="number"
                required
                maxLength={50}
                autoComplete="off"
                defaultValue={values?.number ?? ''}
                {...aria}
              />
            )}
          </Field>
          <Field id="issueDate" label={t('bo-finance.creditNote.issueDate')} error={errors.issueDate}>
            {(aria) => (
              <input
                id="issueDate"
                name="issueDate"
                type="date"
                max={today}
                required
                defaultValue={values?.issueDate ?? today}
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
                defaultValue={values?.amount ?? ''}
                {...aria}
              />
            )}
          </Field>
          <Field id="reason" label={t('bo-finance.form.reason')} className="wide" error={errors.reason}>
            {(aria) => (
              <textarea
                id="reason"
                name="reason"
                required
                maxLength={1000}
                rows={2}
                defaultValue={values?.reason ?? ''}
                {...aria}
              />
            )}
          </Field>
        </div>

        <h3>{t('bo-finance.newCreditNote.applyTitle')}</h3>
        <p className="hint">
          {fromInvoice
            ? t('bo-finance.newCreditNote.fromInvoice', { number: fromInvoice.number })
            : t('bo-finance.newCreditNote.applyHint')}
        </p>
        <AllocationFields
          rows={shownRows}
          currency={currency}
          fieldErrors={errors}
          available={{ kind: 'field', fieldId: 'amount' }}
          caption={t('bo-finance.allocation.caption', { currency })}
        />

        <div className="fin-form-actions">
          {rows.length > 0 ? (
            <button type="submit" name="intent" value="suggest" className="button secondary" disabled={busy}>
              {t('bo-finance.allocation.suggest')}
            </button>
          ) : null}
          <button type="submit" name="intent" value="create" className="button" disabled={busy}>
            {t('bo-finance.newCreditNote.submit')}
          </button>
          <Link to="/credit-notes">{t('common.cancel')}</Link>
        </div>
      </Form>
    </>
  )
}
