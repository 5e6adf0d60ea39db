import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { listUnappliedCreditNotesOfCustomer } from '@quittance/db/repositories/backoffice-credit-notes'
import { findInvoiceForBackoffice } from '@quittance/db/repositories/backoffice-invoices'
import { listPaymentsForBackoffice } from '@quittance/db/repositories/backoffice-payments'
import { localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import { intlLocale } from '@quittance/i18n/locales'
import { applyCreditNote } from '@quittance/use-cases/credit-notes/apply-credit-note'
import { writeOffInvoice } from '@quittance/use-cases/write-offs/write-off-invoice'
import { financeFeedback } from '~/components/finance/errors.server'
import financeStyles from '~/components/finance/finance.css?url'
import { formatters, presentInvoiceAmounts, staffLocale } from '~/components/finance/format.server'
import { zodFieldErrors, type FormFeedback } from '~/components/finance/messages'
import { CustomerLink, Field, FormErrorBanner, SavedNotice, StatusBadge } from '~/components/finance/ui'
import { useTranslation } from '~/utils/i18n'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: financeStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const SAVED = { 'write-off': 'bo-finance.saved.writeOff', 'credit-note': 'bo-finance.saved.creditNoteApplied' } as const

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const invoiceId = requireUuid(params.invoiceId)
  const visibility = customerVisibility(staff)
  const invoice = await findInvoiceForBackoffice(context.db, { invoiceId, visibility })
  if (!invoice) notFound()
  const locale = staffLocale(staff, request)
  const f = formatters(locale, invoice.timeZone)
  const today = localDateInTimeZone(context.now(), invoice.timeZone)
  const amounts = presentInvoiceAmounts(invoice, today, f)
  const open = amounts.remainingMinor > 0
  const permissions = {
    payments: can(staff.role, 'write:payments'),
    creditNotes: can(staff.role, 'write:credit-notes'),
    writeOffs: can(staff.role, 'write:write-offs'),
  }

  const [creditNotes, credits] = await Promise.all([
    open && permissions.creditNotes
      ? listUnappliedCreditNotesOfCustomer(context.db, { customerId: invoice.customerId, currency: invoice.currency })
      : [],
    open
      ? listPaymentsForBackoffice(context.db, {
          visibility,
          customerId: invoice.customerId,
          currency: invoice.currency,
          allocation: 'unallocated',
          limit: 5,
          offset: 0,
        })
      : null,
  ])

  const intl = intlLocale(locale)
  const quantity = new Intl.NumberFormat(intl, { maximumFractionDigits: 3 })
  const percent = new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 2 })
  const saved = new URL(request.url).searchParams.get('saved')

  const settlements = [
    ...invoice.payments.map((p) => ({
      key: `p-${p.allocationId}`,
      kind: 'payment' as const,
      sortDate: p.receivedOn,
      date: f.date(p.receivedOn),
      href: `/payments/${p.paymentId}`,
      label: p.reference ?? null,
      detail: `bo-finance.method.${p.method}`,
      reason: null,
      by: null,
      amount: f.money(p.amountMinor, invoice.currency),
    })),
    ...invoice.creditNotes.map((c) => ({
      key: `c-${c.allocationId}`,
      kind: 'credit-note' as const,
      sortDate: c.issueDate,
      date: f.date(c.issueDate),
      href: `/credit-notes/${c.creditNoteId}`,
      label: c.number,
      detail: null,
      reason: c.reason,
      by: null,
      amount: f.money(c.amountMinor, invoice.currency),
    })),
    ...invoice.writeOffs.map((w) => {
      const day = localDateInTimeZone(w.createdAt, invoice.timeZone)
      return {
        key: `w-${w.id}`,
        kind: 'write-off' as const,
        sortDate: day,
        date: f.date(day),
        href: null,
        label: null,
        detail: null,
        reason: w.reason,
        by: w.staffName,
        amount: f.money(w.amountMinor, invoice.currency),
      }
    }),
  ].sort((a, b) => (a.sortDate < b.sortDate ? -1 : a.sortDate > b.sortDate ? 1 : 0))

  return {
    saved: saved && saved in SAVED ? SAVED[saved as keyof typeof SAVED] : null,
    permissions,
    invoice: {
      id: invoice.id,
      number: invoice.number,
      currency: invoice.currency,
      customer: { id: invoice.customerId, name: invoice.customerName, reference: invoice.customerRef },
      entityName: invoice.entityName,
      issueDate: f.date(invoice.issueDate),
      dueDate: f.date(invoice.dueDate),
      purchaseOrder: invoice.purchaseOrder,
      subtotal: f.money(invoice.subtotalMinor, invoice.currency),
      tax: f.money(invoice.taxMinor, invoice.currency),
      ...amounts,
      remainingInput: f.input(amounts.remainingMinor, invoice.currency),
    },
    lines: invoice.lines.map((line) => ({
      position: line.position,
      description: line.description,
      quantity: quantity.format(line.quantityMilli / 1000),
      unitPrice: f.money(line.unitPriceMinor, invoice.currency),
      taxRate: percent.format(line.taxRateBasisPoints / 10_000),
      net: f.money(line.netMinor, invoice.currency),
    })),
    settlements,
    creditNotes: creditNotes.map((c) => ({
      id: c.id,
      label: `${c.number} — ${f.date(c.issueDate)}`,
      unapplied: f.money(c.unappliedMinor, invoice.currency),
      suggested: f.input(Math.min(c.unappliedMinor, amounts.remainingMinor), invoice.currency),
    })),
    credits: credits
      ? credits.rows.map((p) => ({
          id: p.id,
          date: f.date(p.receivedOn),
          reference: p.reference,
          unallocated: f.money(p.amountMinor - p.allocatedMinor, p.currency),
        }))
      : [],
    newPaymentHref: `/payments/new?${new URLSearchParams({ customerId: invoice.customerId, currency: invoice.currency, invoiceId: invoice.id })}`,
    newCreditNoteHref: `/credit-notes/new?${new URLSearchParams({ customerId: invoice.customerId, currency: invoice.currency, invoiceId: invoice.id })}`,
  }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('write-off'),
    amount: z.string({ error: 'bo-finance.error.amountRequired' }).max(40),
    reason: z.string({ error: 'bo-finance.error.reasonRequired' }).max(2000),
  }),
  z.object({
    intent: z.literal('apply-credit-note'),
    creditNoteId: z.uuid({ error: 'bo-finance.error.creditNoteRequired' }),
    amount: z.string({ error: 'bo-finance.error.amountRequired' }).max(40),
  }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireStaff(request, context, 'read:customers')
  const invoiceId = requireUuid(params.invoiceId)
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  // Each form needs its own permission; an unknown intent is refused as firmly as a forbidden one.
  const permission = intent === 'write-off' ? 'write:write-offs' : intent === 'apply-credit-note' ? 'write:credit-notes' : null
  if (!permission) throw new Response('Bad request', { status: 400 })
  const staff = await requireStaff(request, context, permission)
  const visibility = customerVisibility(staff)
  const invoice = await findInvoiceForBackoffice(context.db, { invoiceId, visibility })
  if (!invoice) notFound()

  const submission = parseWithZod(formData, { schema: ActionSchema })
  if (submission.status !== 'success') {
    const feedback: FormFeedback = {
      intent,
      fieldErrors: zodFieldErrors(submission.error),
      formError: { key: 'bo-finance.error.fixFields' },
    }
    return data(feedback, { status: 400 })
  }
  const f = formatters(staffLocale(staff, request), invoice.timeZone)
  const actor = { id: staff.id }
  const value = submission.value

  if (value.intent === 'write-off') {
    const result = await writeOffInvoice(context.db, {
      invoiceId,
      amount: value.amount,
      reason: value.reason,
      visibility,
      actor,
      ipAddress: context.clientIp,
    })
    if (!result.ok) return data(financeFeedback(value.intent, result.error, { currency: invoice.currency, f }), { status: 422 })
    return redirect(`/invoices/${invoiceId}?saved=write-off`, { status: 303 })
  }

  const result = await applyCreditNote(context.db, {
    creditNoteId: value.creditNoteId,
    applications: [{ invoiceId, amount: value.amount }],
    visibility,
    actor,
    ipAddress: context.clientIp,
  })
  if (!result.ok) return data(financeFeedback(value.intent, result.error, { currency: invoice.currency, f }), { status: 422 })
  return redirect(`/invoices/${invoiceId}?saved=credit-note`, { status: 303 })
}

export default function InvoiceDetail() {
  const { saved, permissions, invoice, lines, settlements, creditNotes, credits, newPaymentHref, newCreditNoteHref } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const open = invoice.remainingMinor > 0
  const feedbackFor = (intent: string) => (actionData?.intent === intent ? actionData : null)
  const writeOff = feedbackFor('write-off')
  const apply = feedbackFor('apply-credit-note')
  const canAct = open && (permissions.payments || permissions.creditNotes || permissions.writeOffs)

  return (
    <>
      <p className="fin-breadcrumb">
        <Link to="/invoices">{t('bo-finance.invoices.title')}</Link> ›
      </p>
      <div className="fin-heading">
        <h1>{t('bo-finance.invoice.title', { number: invoice.number })}</h1>
        <StatusBadge status={invoice.status} />
        {open && permissions.payments ? (
          <div className="fin-heading-actions">
            <Link className="button" to={newPaymentHref}>
              {t('bo-finance.invoice.recordPayment')}
            </Link>
          </div>
        ) : null}
      </div>
      <p className="fin-subtitle">
        <CustomerLink id={invoice.customer.id} name={invoice.customer.name} /> · {invoice.customer.reference} · {invoice.entityName} ·{' '}
        <Link to={`/reminders/timeline?invoice=${encodeURIComponent(invoice.id)}`}>{t('bo-reminders.invoice.timelineLink')}</Link>
      </p>
      <SavedNotice msgKey={saved} />

      <div className="fin-layout">
        <div>
          <dl className="fin-facts">
            <div>
              <dt>{t('bo-finance.invoice.issueDate')}</dt>
              <dd>{invoice.issueDate}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.invoice.dueDate')}</dt>
              <dd>{invoice.dueDate}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.invoice.daysLate')}</dt>
              <dd className={invoice.daysLate > 0 ? 'amount overdue' : undefined}>{invoice.daysLate > 0 ? invoice.daysLate : '—'}</dd>
            </div>
            <div>
              <dt>{t('bo-finance.invoice.currency')}</dt>
              <dd>{invoice.currency}</dd>
            </div>
            {invoice.purchaseOrder ? (
              <div>
                <dt>{t('bo-finance.invoice.purchaseOrder')}</dt>
                <dd>{invoice.purchaseOrder}</dd>
              </div>
            ) : null}
          </dl>

          <h2 id="lines">{t('bo-finance.invoice.lines')}</h2>
          <div className="table-wrap">
            <table className="fin-table" aria-labelledby="lines">
              <thead>
                <tr>
                  <th scope="col">{t('bo-finance.line.description')}</th>
                  <th scope="col" className="num">
                    {t('bo-finance.line.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('bo-finance.line.unitPrice')}
                  </th>
                  <th scope="col" className="num">
                    {t('bo-finance.line.taxRate')}
                  </th>
                  <th scope="col" className="num">
                    {t('bo-finance.line.net')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.position}>
                    <td>{line.description}</td>
                    <td className="num">{line.quantity}</td>
                    <td className="num">{line.unitPrice}</td>
                    <td className="num">{line.taxRate}</td>
                    <td className="num">{line.net}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4} className="num">
                    {t('bo-finance.invoice.subtotal')}
                  </th>
                  <td className="num">{invoice.subtotal}</td>
                </tr>
                <tr>
                  <th scope="row" colSpan={4} className="num">
                    {t('bo-finance.invoice.tax')}
                  </th>
                  <td className="num">{invoice.tax}</td>
                </tr>
                <tr>
                  <th scope="row" colSpan={4} className="num">
                    {t('bo-finance.invoice.total')}
                  </th>
                  <td className="num">{invoice.total}</td>
                </tr>
              </tfoot>
            </table>
          </div>

          <h2 id="settlements">{t('bo-finance.invoice.settlements')}</h2>
          {settlements.length === 0 ? (
            <p className="fin-empty">{t('bo-finance.invoice.noSettlements')}</p>
          ) : (
            <div className="table-wrap">
              <table className="fin-table" aria-labelledby="settlements">
                <thead>
                  <tr>
                    <th scope="col">{t('bo-finance.settlement.date')}</th>
                    <th scope="col">{t('bo-finance.settlement.kind')}</th>
                    <th scope="col">{t('bo-finance.settlement.document')}</th>
                    <th scope="col">{t('bo-finance.settlement.detail')}</th>
                    <th scope="col" className="num">
                      {t('bo-finance.settlement.amount')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {settlements.map((s) => (
                    <tr key={s.key}>
                      <td className="nowrap">{s.date}</td>
                      <td>{t(`bo-finance.settlement.${s.kind}`)}</td>
                      <td>
                        {s.href ? (
                          <Link to={s.href} className="nowrap">
                            {s.label ?? t('bo-finance.settlement.open')}
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {s.detail ? t(s.detail) : null}
                        {s.reason ? <span>{s.reason}</span> : null}
                        {s.by ? <span className="fin-ref">{t('bo-finance.settlement.by', { name: s.by })}</span> : null}
                      </td>
                      <td className="num">{s.amount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>

        <div className="fin-side">
          <section className="fin-card" aria-labelledby="amounts">
            <h2 id="amounts">{t('bo-finance.invoice.amounts')}</h2>
            <dl className="fin-amounts">
              <div>
                <dt>{t('bo-finance.invoice.total')}</dt>
                <dd>{invoice.total}</dd>
              </div>
              <div>
                <dt>{t('bo-finance.invoice.paid')}</dt>
                <dd>{invoice.paid}</dd>
              </div>
              <div>
                <dt>{t('bo-finance.invoice.credited')}</dt>
                <dd>{invoice.credited}</dd>
              </div>
              <div>
                <dt>{t('bo-finance.invoice.writtenOff')}</dt>
                <dd>{invoice.writtenOff}</dd>
              </div>
              <div className="fin-grand">
                <dt>{t('bo-finance.invoice.remaining')}</dt>
                <dd>{invoice.remaining}</dd>
              </div>
            </dl>
          </section>

          {open && credits.length > 0 ? (
            <section className="fin-card" aria-labelledby="credit-available">
              <h2 id="credit-available">{t('bo-finance.invoice.creditAvailable')}</h2>
              <p className="hint">{t('bo-finance.invoice.creditAvailableHint')}</p>
              <ul>
                {credits.map((c) => (
                  <li key={c.id}>
                    <Link to={`/payments/${c.id}`}>
                      {t('bo-finance.invoice.creditPayment', { date: c.date, amount: c.unallocated })}
                    </Link>
                    {c.reference ? <span className="fin-ref">{c.reference}</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {open && permissions.creditNotes ? (
            <section className="fin-card" aria-labelledby="apply-credit-note">
              <h2 id="apply-credit-note">{t('bo-finance.invoice.applyCreditNote')}</h2>
              {creditNotes.length === 0 ? (
                <p className="hint">{t('bo-finance.invoice.noCreditNotes', { currency: invoice.currency })}</p>
              ) : (
                <Form
                  key={invoice.remainingMinor}
                  method="post"
                  className="stack fin-form"
                  noValidate
                  aria-describedby={apply?.formError ? 'apply-error' : undefined}
                >
                  <input type="hidden" name="intent" value="apply-credit-note" />
                  <FormErrorBanner msg={apply?.formError} id="apply-error" />
                  <Field id="creditNoteId" label={t('bo-finance.invoice.creditNote')} error={apply?.fieldErrors.creditNoteId}>
                    {(aria) => (
                      <select id="creditNoteId" name="creditNoteId" {...aria}>
                        {creditNotes.map((c) => (
                          <option key={c.id} value={c.id}>
                            {t('bo-finance.invoice.creditNoteOption', { label: c.label, amount: c.unapplied })}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field
                    id="apply-amount"
                    label={t('bo-finance.form.amountIn', { currency: invoice.currency })}
                    error={apply?.fieldErrors.amount}
                  >
                    {(aria) => (
                      <input id="apply-amount" name="amount" inputMode="decimal" autoComplete="off" defaultValue={creditNotes[0]?.suggested} required {...aria} />
                    )}
                  </Field>
                  <button type="submit" className="button" disabled={busy}>
                    {t('bo-finance.invoice.applySubmit')}
                  </button>
                </Form>
              )}
              <p>
                <Link to={newCreditNoteHref}>{t('bo-finance.invoice.issueCreditNote')}</Link>
              </p>
            </section>
          ) : null}

          {open && permissions.writeOffs ? (
            <section className="fin-card" aria-labelledby="write-off">
              <h2 id="write-off">{t('bo-finance.invoice.writeOff')}</h2>
              <Form
                key={invoice.remainingMinor}
                method="post"
                className="stack fin-form"
                noValidate
                aria-describedby={writeOff?.formError ? 'write-off-error' : undefined}
              >
                <input type="hidden" name="intent" value="write-off" />
                <FormErrorBanner msg={writeOff?.formError} id="write-off-error" />
                <Field
                  id="write-off-amount"
                  label={t('bo-finance.form.amountIn', { currency: invoice.currency })}
                  hint={t('bo-finance.invoice.writeOffHint', { remaining: invoice.remaining })}
                  error={writeOff?.fieldErrors.amount}
                >
                  {(aria) => (
                    <input id="write-off-amount" name="amount" inputMode="decimal" autoComplete="off" defaultValue={invoice.remainingInput} required {...aria} />
                  )}
                </Field>
                <Field id="write-off-reason" label={t('bo-finance.form.reason')} error={writeOff?.fieldErrors.reason}>
                  {(aria) => <textarea id="write-off-reason" name="reason" required maxLength={1000} rows={3} {...aria} />}
                </Field>
                <button type="submit" className="button danger" disabled={busy}>
                  {t('bo-finance.invoice.writeOffSubmit')}
                </button>
              </Form>
            </section>
          ) : null}

          {!canAct && open ? <p className="hint">{t('bo-finance.readOnly')}</p> : null}
        </div>
      </div>
    </>
  )
}
