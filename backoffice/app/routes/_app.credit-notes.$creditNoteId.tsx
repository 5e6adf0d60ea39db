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
import { findCreditNoteForBackoffice } from '@quittance/db/repositories/backoffice-credit-notes'
import { findCustomerForFinance } from '@quittance/db/repositories/backoffice-invoices'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { money } from '@quittance/domain/money/money'
import { suggestAllocation } from '@quittance/domain/payments/suggest-allocation'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import { applyCreditNote } from '@quittance/use-cases/credit-notes/apply-credit-note'
import { AllocationFields } from '~/components/finance/allocation-fields'
import {
  AllocationsField,
  allocationRows,
  openInvoicesFor,
  typedAmounts,
} from '~/components/finance/allocation-form.server'
import { financeFeedback } from '~/components/finance/errors.server'
import financeStyles from '~/components/finance/finance.css?url'
import { formatters, staffLocale } from '~/components/finance/format.server'
import { zodFieldErrors, type FormFeedback } from '~/components/finance/messages'
import { CustomerLink, FormErrorBanner, SavedNotice } from '~/components/finance/ui'
import { LetteredInvoicesTable } from '~/components/finance/lettered-invoices-table'
import { useTranslation } from '~/utils/i18n'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const SAVED = {
  created: 'bo-finance.saved.creditNoteCreated',
  applied: 'bo-finance.saved.creditNoteApplied',
} as const

async function loadCreditNote(
  request: Request,
  context: LoaderFunctionArgs['context'],
  creditNoteId: string,
  permission: 'read:customers' | 'write:credit-notes',
) {
  const staff = await requireStaff(request, context, permission)
  const visibility = customerVisibility(staff)
  const creditNote = await findCreditNoteForBackoffice(context.db, { creditNoteId, visibility })
  if (!creditNote) notFound()
  const customer = await findCustomerForFinance(context.db, { customerId: creditNote.customerId, visibility })
  if (!customer) notFound()
  const f = formatters(staffLocale(staff, request), customer.timeZone)
  return { staff, visibility, creditNote, timeZone: customer.timeZone, f }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const creditNoteId = requireUuid(params.creditNoteId)
  const { staff, creditNote, timeZone, f } = await loadCreditNote(
    request,
    context,
    creditNoteId,
    'read:customers',
  )
  const canApply = can(staff.role, 'write:credit-notes') && creditNote.unappliedMinor > 0
  const today = localDateInTimeZone(context.now(), timeZone)
  const invoices = canApply ? await openInvoicesFor(context, creditNote.customerId, creditNote.currency) : []
  const suggestion = suggestAllocation(money(creditNote.unappliedMinor, creditNote.currency), invoices)
  const suggested = Object.fromEntries(
    suggestion.allocations.map((a) => [a.invoiceId, f.input(a.amount.amountMinor, creditNote.currency)]),
  )
  const saved = new URL(request.url).searchParams.get('saved')

  return {
    saved: saved && saved in SAVED ? SAVED[saved as keyof typeof SAVED] : null,
    canApply,
    creditNote: {
      id: creditNote.id,
      number: creditNote.number,
      currency: creditNote.currency,
      issueDate: f.date(creditNote.issueDate),
      reason: creditNote.reason,
      recordedAt: f.instant(creditNote.createdAt),
      customer: {
        id: creditNote.customerId,
        name: creditNote.customerName,
        reference: creditNote.customerRef,
      },
      total: f.money(creditNote.totalMinor, creditNote.currency),
      applied: f.money(creditNote.appliedMinor, creditNote.currency),
      unapplied: f.money(creditNote.unappliedMinor, creditNote.currency),
      unappliedMinor: creditNote.unappliedMinor,
    },
    allocations: creditNote.allocations.map((a) => ({
      id: a.id,
      invoiceId: a.invoiceId,
      invoiceNumber: a.invoiceNumber,
      dueDate: f.date(a.invoiceDueDate),
      invoiceTotal: f.money(a.invoiceTotalMinor, creditNote.currency),
      amount: f.money(a.amountMinor, creditNote.currency),
      at: f.instant(a.createdAt),
    })),
    rows: allocationRows(invoices, suggested, today, f),
    unappliedAfterSuggestion: f.money(suggestion.unallocated.amountMinor, creditNote.currency),
  }
}

const ApplySchema = z.object({ intent: z.literal('apply'), allocations: AllocationsField })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const creditNoteId = requireUuid(params.creditNoteId)
  const { staff, visibility, creditNote, f } = await loadCreditNote(
    request,
    context,
    creditNoteId,
    'write:credit-notes',
  )
  const submission = parseWithZod(await request.formData(), { schema: ApplySchema })
  if (submission.status !== 'success') {
    const feedback: FormFeedback = {
      intent: 'apply',
      fieldErrors: zodFieldErrors(submission.error),
      formError: { key: 'bo-finance.error.fixFields' },
    }
    return data({ ...feedback, amounts: {} as Record<string, string> }, { status: 400 })
  }
  const result = await applyCreditNote(context.db, {
    creditNoteId,
    applications: submission.value.allocations,
    visibility,
    actor: { id: staff.id },
    ipAddress: context.clientIp,
  })
  if (!result.ok) {
    return data(
      {
        ...financeFeedback('apply', result.error, { currency: creditNote.currency, f }),
        amounts: typedAmounts(submission.value.allocations),
      },
      { status: 422 },
    )
  }
  return redirect(`/credit-notes/${creditNoteId}?saved=applied`, { status: 303 })
}

export default function CreditNoteDetail() {
  const { saved, canApply, creditNote, allocations, rows, unappliedAfterSuggestion } =
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
        <Link to="/credit-notes">{t('bo-finance.creditNotes.title')}</Link> ›
      </p>
      <div className="fin-heading">
        <h1>{t('bo-finance.creditNote.title', { number: creditNote.number })}</h1>
        {creditNote.unappliedMinor > 0 ? (
          <span className="badge fin-badge-credit">{t('bo-finance.creditNote.hasCredit')}</span>
        ) : (
          <span className="badge fin-badge-done">{t('bo-finance.creditNote.fullyApplied')}</span>
        )}
      </div>
      <p className="fin-subtitle">
        <CustomerLink id={creditNote.customer.id} name={creditNote.customer.name} /> ·{' '}
        {creditNote.customer.reference}
      </p>
      <SavedNotice msgKey={saved} />

      <div className="fin-layout">
        <div>
          <dl className="fin-facts">
            <div>
              <dt>{t('bo-finance.creditNote.issueDate')}</dt>
              <dd>{creditNote.issueDate}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.invoice.currency')}</dt>
              <dd>{creditNote.currency}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.creditNote.reason')}</dt>
              <dd>{creditNote.reason ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.payment.recordedAt')}</dt>
              <dd>{creditNote.recordedAt}</dd>
            </div>
          </dl>

          <LetteredInvoicesTable
            allocations={allocations}
            title={t('bo-finance.creditNote.allocations')}
            amountHeader={t('bo-finance.creditNote.appliedAmount')}
            emptyText={t('bo-finance.creditNote.noAllocations')}
          />
        </div>

        <div className="fin-side">
          <section className="fin-card" aria-labelledby="amounts">
            <h2 id="amounts">{t('bo-finance.creditNote.amounts')}</h2>
            <dl className="fin-amounts">
              <div>
                <dt>{t('bo-finance.creditNote.total')}</dt>
                <dd>{creditNote.total}</dd>
              </div>
              <div>
                <dt>{t('bo-finance.creditNote.applied')}</dt>
                <dd>{creditNote.applied}</dd>
              </div>
              <div className="fin-grand">
                <dt>{t('bo-finance.creditNote.unapplied')}</dt>
                <dd>{creditNote.unapplied}</dd>
              </div>
            </dl>
            {creditNote.unappliedMinor > 0 ? (
              <p className="hint">{t('bo-finance.creditNote.creditHint')}</p>
            ) : null}
          </section>
        </div>
      </div>
      {canApply ? (
        <Form
          key={creditNote.unappliedMinor}
          method="post"
          className="fin-card fin-form"
          noValidate
          aria-describedby={actionData?.formError ? 'apply-error' : undefined}
        >
          <h2>{t('bo-finance.creditNote.applyTitle', { amount: creditNote.unapplied })}</h2>
          <FormErrorBanner msg={actionData?.formError} id="apply-error" />
          <input type="hidden" name="intent" value="apply" />
          {rows.length > 0 ? (
            <p className="hint">
              {t('bo-finance.creditNote.applyHint', { unapplied: unappliedAfterSuggestion })}
            </p>
          ) : null}
          <AllocationFields
            rows={shownRows}
            currency={creditNote.currency}
            fieldErrors={actionData?.fieldErrors ?? {}}
            available={{ kind: 'fixed', amountMinor: creditNote.unappliedMinor }}
            caption={t('bo-finance.allocation.caption', { currency: creditNote.currency })}
          />
          {rows.length > 0 ? (
            <div className="fin-form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t('bo-finance.creditNote.applySubmit')}
              </button>
            </div>
          ) : null}
        </Form>
      ) : null}
    </>
  )
}
