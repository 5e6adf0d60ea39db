import { Form, Link, useNavigation } from '@remix-run/react'
import type { MouseEvent } from 'react'
import { AGING_BUCKETS, type AgingBucket } from '@quittance/domain/invoices/aging'
import type { InvoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { useTranslation } from '~/utils/i18n'
import { CopyField } from './copy-field'
import { FormError, SelectField, TextAreaField, TextField } from './form-fields'

// The sections of the customer page. Every form posts to the page's action with a hidden intent and works without
// JavaScript; staff who may not change customers (sales, auditors) get none of them.

export type ActionResult = {
  intent: string
  target: string
  fieldErrors: Record<string, string[]>
  formError: string | null
  values: Record<string, string>
  issuedLink: { url: string; expiresAt: string; revokedCount: number } | null
}

const LANGUAGES = ['fr', 'en', 'de', 'es'] as const
const CONTACT_ROLES = ['billing', 'accounting', 'management', 'purchasing', 'legal', 'other'] as const

/** The errors and submitted values of one form, if the last post was that form's. */
function feedbackFor(actionData: ActionResult | undefined, intent: string, target = '') {
  const refused = actionData && (actionData.formError !== null || Object.keys(actionData.fieldErrors).length > 0)
  const mine = refused && actionData.intent === intent && actionData.target === target ? actionData : null
  return {
    active: mine !== null,
    formError: mine?.formError ?? null,
    error: (field: string) => mine?.fieldErrors[field]?.[0] ?? null,
    value: (field: string, fallback: string | null | undefined) => (mine ? (mine.values[field] ?? '') : (fallback ?? '')),
    checked: (field: string, fallback: boolean) => (mine ? mine.values[field] === 'on' : fallback),
  }
}

function useBusy(intent: string) {
  const navigation = useNavigation()
  return navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
}

function languageLabel(t: (key: string) => string, language: string) {
  return (LANGUAGES as readonly string[]).includes(language) ? t(`bo-customers.language.${language}`) : language
}

function confirmFirst(message: string) {
  return (event: MouseEvent<HTMLButtonElement>) => {
    if (!window.confirm(message)) event.preventDefault()
  }
}

// ---- header ---------------------------------------------------------------------------------------------------------

type HeaderCustomer = {
  name: string
  externalRef: string
  kind: string
  country: string
  language: string
  currency: string
  segment: string | null
  ownerName: string | null
  creditLimit: string | null
  entityName: string
  vatNumber: string | null
  address: string[]
  pause: { until: string; reason: string; active: boolean } | null
}

export function CustomerHeader({ customer }: { customer: HeaderCustomer }) {
  const { t } = useTranslation()
  const facts: [string, string | null][] = [
    [t('bo-customers.field.externalRef'), customer.externalRef],
    [t('bo-customers.field.kind'), t(`bo-customers.kind.${customer.kind}`)],
    [t('bo-customers.field.country'), customer.country],
    [t('bo-customers.field.language'), languageLabel(t, customer.language)],
    [t('bo-customers.field.segment'), customer.segment],
    [t('bo-customers.field.owner'), customer.ownerName],
    [t('bo-customers.field.creditLimit'), customer.creditLimit],
    [t('bo-customers.field.currency'), customer.currency],
    [t('bo-customers.field.entity'), customer.entityName],
    [t('bo-customers.field.vatNumber'), customer.vatNumber],
  ]
  return (
    <header>
      <p className="breadcrumb">
        <Link to="/customers">{t('bo-customers.title')}</Link> <span aria-hidden="true">›</span>
      </p>
      <div className="customer-header">
        <h1>{customer.name}</h1>
        <span className="ref">{customer.externalRef}</span>
        <span className="badge badge-kind">{t(`bo-customers.kind.${customer.kind}`)}</span>
        {customer.pause?.active ? <span className="badge badge-paused">{t('bo-customers.list.pausedUntil', { date: customer.pause.until })}</span> : null}
      </div>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? <span className="muted">{t('bo-customers.notSet')}</span>}</dd>
          </div>
        ))}
        {customer.address.length > 0 ? (
          <div>
            <dt>{t('bo-customers.field.address')}</dt>
            <dd>
              {customer.address.map((line) => (
                <span key={line} className="address-line">
                  {line}
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
    </header>
  )
}

export function SectionNav({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation()
  const sections = ['balance', 'invoices', 'payments', 'contacts', 'notes', 'reminders', 'portal', ...(canWrite ? ['details'] : []), 'timeline']
  return (
    <nav className="section-nav" aria-label={t('bo-customers.sections')}>
      <ul>
        {sections.map((section) => (
          <li key={section}>
            <a href={`#${section}`}>{t(`bo-customers.section.${section}`)}</a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

// ---- money ------------------------------------------------------------------------------------------------------

type AgingRow = { currency: string; invoiceCount: number; total: string; overdue: string; buckets: Record<AgingBucket, string | null> }

export function AgingSection({ aging }: { aging: AgingRow[] }) {
  const { t } = useTranslation()
  return (
    <section id="balance" className="customer-section" aria-labelledby="balance-heading">
      <h2 id="balance-heading">{t('bo-customers.section.balance')}</h2>
      {aging.length === 0 ? (
        <p className="notice">{t('bo-customers.balance.nothingOwed')}</p>
      ) : (
        <div className="table-wrap">
          <table className="aging-table">
            <caption className="visually-hidden">{t('bo-customers.balance.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-customers.field.currency')}</th>
                <th scope="col" className="num">
                  {t('bo-customers.balance.openInvoices')}
                </th>
                {AGING_BUCKETS.map((bucket) => (
                  <th key={bucket} scope="col" className="num">
                    {t(`bo-customers.aging.${bucket}`)}
                  </th>
                ))}
                <th scope="col" className="num total-col">
                  {t('bo-customers.balance.outstanding')}
                </th>
              </tr>
            </thead>
            <tbody>
              {aging.map((row) => (
                <tr key={row.currency}>
                  <th scope="row">{row.currency}</th>
                  <td className="num">{row.invoiceCount}</td>
                  {AGING_BUCKETS.map((bucket) => (
                    <td key={bucket} className="num">
                      {row.buckets[bucket] === null ? (
                        <span className="muted">—</span>
                      ) : (
                        <span className={bucket === 'not_due' ? 'amount' : 'amount overdue'}>{row.buckets[bucket]}</span>
                      )}
                    </td>
                  ))}
                  <td className="num total-col">
                    <span className="amount">{row.total}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

type InvoiceRow = { id: string; number: string; dueDate: string; remaining: string; total: string; daysLate: number; status: InvoiceStatus }

export function OpenInvoicesSection({ invoices, total }: { invoices: InvoiceRow[]; total: number }) {
  const { t } = useTranslation()
  return (
    <section id="invoices" className="customer-section" aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">
        {t('bo-customers.section.invoices')} <span className="muted">{t('bo-customers.invoices.count', { count: total })}</span>
      </h2>
      {invoices.length === 0 ? (
        <p className="muted">{t('bo-customers.invoices.none')}</p>
      ) : (
        <>
          {total > invoices.length ? (
            <p className="hint section-note">{t('bo-customers.invoices.showingFirst', { shown: invoices.length, count: total })}</p>
          ) : null}
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('bo-customers.invoices.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('bo-customers.invoices.number')}</th>
                  <th scope="col">{t('bo-customers.invoices.dueDate')}</th>
                  <th scope="col" className="num">
                    {t('bo-customers.list.daysLate')}
                  </th>
                  <th scope="col" className="num">
                    {t('bo-customers.invoices.total')}
                  </th>
                  <th scope="col" className="num">
                    {t('bo-customers.invoices.remaining')}
                  </th>
                  <th scope="col">{t('bo-customers.invoices.status')}</th>
                </tr>
              </thead>
              <tbody>
                {invoices.map((invoice) => (
                  <tr key={invoice.id}>
                    <th scope="row">
                      <Link to={`/invoices/${invoice.id}`}>{invoice.number}</Link>
                    </th>
                    <td>{invoice.dueDate}</td>
                    <td className="num">
                      {invoice.daysLate > 0 ? <span className="overdue amount">{invoice.daysLate}</span> : <span className="muted">—</span>}
                    </td>
                    <td className="num">
                      <span className="amount muted">{invoice.total}</span>
                    </td>
                    <td className="num">
                      <span className="amount strong">{invoice.remaining}</span>
                    </td>
                    <td>
                      <span className={`badge badge-${invoice.status}`}>{t(`bo-customers.status.${invoice.status}`)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}

type PaymentRow = { id: string; receivedOn: string; amount: string; method: string; externalRef: string | null; invoiceNumbers: string[] }

export function PaymentsSection({ payments }: { payments: PaymentRow[] }) {
  const { t } = useTranslation()
  return (
    <section id="payments" className="customer-section" aria-labelledby="payments-heading">
      <h2 id="payments-heading">{t('bo-customers.section.payments')}</h2>
      {payments.length === 0 ? (
        <p className="muted">{t('bo-customers.payments.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('bo-customers.payments.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-customers.payments.receivedOn')}</th>
                <th scope="col" className="num">
                  {t('bo-customers.payments.amount')}
                </th>
                <th scope="col">{t('bo-customers.payments.method')}</th>
                <th scope="col">{t('bo-customers.payments.reference')}</th>
                <th scope="col">{t('bo-customers.payments.invoices')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((payment) => (
                <tr key={payment.id}>
                  <th scope="row">
                    <Link to={`/payments/${payment.id}`}>{payment.receivedOn}</Link>
                  </th>
                  <td className="num">
                    <span className="amount">{payment.amount}</span>
                  </td>
                  <td>{t(`bo-customers.method.${payment.method}`)}</td>
                  <td>{payment.externalRef ?? <span className="muted">—</span>}</td>
                  <td>{payment.invoiceNumbers.length ? payment.invoiceNumbers.join(', ') : <span className="muted">{t('bo-customers.payments.unallocated')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

// ---- contacts ----------------------------------------------------------------------------------------------------

type ContactRow = {
  id: string
  name: string
  email: string | null
  phone: string | null
  language: string | null
  role: string
  isPrimary: boolean
}

function ContactFields({
  prefix,
  contact,
  feedback,
  customerLanguage,
}: {
  prefix: string
  contact: Partial<ContactRow> | null
  feedback: ReturnType<typeof feedbackFor>
  customerLanguage: string
}) {
  const { t } = useTranslation()
  return (
    <div className="form-grid">
      <TextField id={`${prefix}-name`} name="name" label={t('bo-customers.contact.name')} defaultValue={feedback.value('name', contact?.name)} error={feedback.error('name')} required maxLength={200} autoComplete="off" />
      <SelectField
        id={`${prefix}-role`}
        name="role"
        label={t('bo-customers.contact.role')}
        defaultValue={feedback.value('role', contact?.role ?? 'billing')}
        error={feedback.error('role')}
        options={CONTACT_ROLES.map((role) => ({ value: role, label: t(`bo-customers.contactRole.${role}`) }))}
      />
      <TextField id={`${prefix}-email`} name="email" type="email" label={t('bo-customers.contact.email')} defaultValue={feedback.value('email', contact?.email)} error={feedback.error('email')} maxLength={254} autoComplete="off" />
      <TextField id={`${prefix}-phone`} name="phone" type="tel" label={t('bo-customers.contact.phone')} defaultValue={feedback.value('phone', contact?.phone)} error={feedback.error('phone')} maxLength={30} autoComplete="off" />
      <SelectField
        id={`${prefix}-language`}
        name="language"
        label={t('bo-customers.contact.language')}
        defaultValue={feedback.value('language', contact?.language ?? customerLanguage)}
        error={feedback.error('language')}
        options={LANGUAGES.map((language) => ({ value: language, label: t(`bo-customers.language.${language}`) }))}
      />
      <div className="field">
        <span aria-hidden="true">&nbsp;</span>
        <label className="checkbox-field" htmlFor={`${prefix}-primary`}>
          <input id={`${prefix}-primary`} type="checkbox" name="isPrimary" defaultChecked={feedback.checked('isPrimary', contact?.isPrimary ?? false)} />
          {t('bo-customers.contact.primary')}
        </label>
      </div>
    </div>
  )
}

export function ContactsSection({
  contacts,
  editContactId,
  canWrite,
  customerLanguage,
  actionData,
}: {
  contacts: ContactRow[]
  editContactId: string | null
  canWrite: boolean
  customerLanguage: string
  actionData: ActionResult | undefined
}) {
  const { t } = useTranslation()
  const adding = feedbackFor(actionData, 'add-contact')
  // A failed edit keeps its row open even if the URL does not say so (the post came from that row).
  const editing = actionData?.intent === 'update-contact' && actionData.target ? actionData.target : editContactId
  const busyAdding = useBusy('add-contact')
  return (
    <section id="contacts" className="customer-section" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t('bo-customers.section.contacts')}</h2>
      {contacts.length === 0 ? (
        <p className="muted">{t('bo-customers.contacts.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="contact-table">
            <caption className="visually-hidden">{t('bo-customers.contacts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo-customers.contact.name')}</th>
                <th scope="col">{t('bo-customers.contact.role')}</th>
                <th scope="col">{t('bo-customers.contact.email')}</th>
                <th scope="col">{t('bo-customers.contact.phone')}</th>
                <th scope="col">{t('bo-customers.contact.language')}</th>
                {canWrite ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) =>
                canWrite && editing === contact.id ? (
                  <EditContactRow key={contact.id} contact={contact} actionData={actionData} customerLanguage={customerLanguage} />
                ) : (
                  <tr key={contact.id}>
                    <th scope="row">
                      {contact.name} {contact.isPrimary ? <span className="badge badge-open">{t('bo-customers.contact.primaryBadge')}</span> : null}
                    </th>
                    <td>{t(`bo-customers.contactRole.${contact.role}`)}</td>
                    <td>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : <span className="muted">—</span>}</td>
                    <td>{contact.phone ?? <span className="muted">—</span>}</td>
                    <td>{contact.language ? languageLabel(t, contact.language) : <span className="muted">{t('bo-customers.sameAsCustomer')}</span>}</td>
                    {canWrite ? (
                      <td>
                        <div className="row-actions">
                          <Link className="button secondary small" to={`?edit=${contact.id}#contacts`} aria-label={t('bo-customers.contacts.editNamed', { name: contact.name })}>
                            {t('bo-customers.contacts.edit')}
                          </Link>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="remove-contact" />
                            <input type="hidden" name="contactId" value={contact.id} />
                            <button
                              type="submit"
                              className="button danger secondary small"
                              aria-label={t('bo-customers.contacts.removeNamed', { name: contact.name })}
                              onClick={confirmFirst(t('bo-customers.contacts.confirmRemove', { name: contact.name }))}
                            >
                              {t('bo-customers.contacts.remove')}
                            </button>
                          </Form>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {canWrite ? (
        <details className="card spaced" open={adding.active || contacts.length === 0}>
          <summary className="strong">{t('bo-customers.contacts.add')}</summary>
          <Form method="post" noValidate className="stack" aria-describedby={adding.formError ? 'add-contact-error' : undefined}>
            <FormError id="add-contact-error" error={adding.formError} />
            <input type="hidden" name="intent" value="add-contact" />
            <ContactFields prefix="add-contact" contact={null} feedback={adding} customerLanguage={customerLanguage} />
            <div className="form-actions">
              <button type="submit" className="button" disabled={busyAdding}>
                {t('bo-customers.contacts.addSubmit')}
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  )
}

function EditContactRow({ contact, actionData, customerLanguage }: { contact: ContactRow; actionData: ActionResult | undefined; customerLanguage: string }) {
  const { t } = useTranslation()
  const feedback = feedbackFor(actionData, 'update-contact', contact.id)
  const busy = useBusy('update-contact')
  return (
    <tr className="edit-row">
      <td colSpan={6}>
        <Form method="post" noValidate className="stack" aria-label={t('bo-customers.contacts.editNamed', { name: contact.name })}>
          <FormError id="edit-contact-error" error={feedback.formError} />
          <input type="hidden" name="intent" value="update-contact" />
          <input type="hidden" name="contactId" value={contact.id} />
          <ContactFields prefix="edit-contact" contact={contact} feedback={feedback} customerLanguage={customerLanguage} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t('common.save')}
            </button>
            <Link to="?#contacts" className="button secondary">
              {t('common.cancel')}
            </Link>
          </div>
        </Form>
      </td>
    </tr>
  )
}

// ---- notes -------------------------------------------------------------------------------------------------------

export function NotesSection({
  notes,
  canWrite,
  actionData,
}: {
  notes: { id: string; body: string; author: string | null; at: string }[]
  canWrite: boolean
  actionData: ActionResult | undefined
}) {
  const { t } = useTranslation()
  const feedback = feedbackFor(actionData, 'add-note')
  const busy = useBusy('add-note')
  return (
    <section id="notes" className="customer-section" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('bo-customers.section.notes')}</h2>
      <div className="card">
        {canWrite ? (
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="add-note" />
            <TextAreaField
              id="note-body"
              name="body"
              label={t('bo-customers.notes.body')}
              hint={t('bo-customers.notes.hint')}
              defaultValue={feedback.value('body', '')}
              error={feedback.error('body')}
              maxLength={5000}
              rows={3}
              required
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t('bo-customers.notes.add')}
              </button>
            </div>
          </Form>
        ) : null}
        {notes.length === 0 ? (
          <p className="muted">{t('bo-customers.notes.none')}</p>
        ) : (
          <ul className="notes-list" aria-label={t('bo-customers.section.notes')}>
            {notes.map((note) => (
              <li key={note.id}>
                <span className="note-meta">
                  {t('bo-customers.notes.meta', { author: note.author ?? t('bo-customers.timeline.someone'), date: note.at })}
                </span>
                {/* A note is text: React escapes it, and pre-wrap keeps its line breaks. */}
                <p className="note-body">{note.body}</p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  )
}

// ---- reminders and portal link -----------------------------------------------------------------------------------

export function RemindersCard({
  pause,
  tomorrow,
  canWrite,
  actionData,
}: {
  pause: { until: string; reason: string; active: boolean } | null
  tomorrow: string
  canWrite: boolean
  actionData: ActionResult | undefined
}) {
  const { t } = useTranslation()
  const pausing = feedbackFor(actionData, 'pause-reminders')
  const resuming = feedbackFor(actionData, 'resume-reminders')
  const busy = useBusy('pause-reminders')
  return (
    <section id="reminders" className="card customer-section" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">{t('bo-customers.section.reminders')}</h2>
      {pause?.active ? (
        <div className="paused-state">
          <p className="strong">{t('bo-customers.reminders.pausedUntil', { date: pause.until })}</p>
          <p className="note-body">{pause.reason}</p>
        </div>
      ) : (
        <p>{pause ? t('bo-customers.reminders.pauseEnded', { date: pause.until }) : t('bo-customers.reminders.active')}</p>
      )}
      <p className="hint">{t('bo-customers.reminders.engineNote')}</p>
      {canWrite ? (
        <>
          {pause?.active ? (
            <Form method="post" className="form-actions">
              <FormError id="resume-error" error={resuming.formError} />
              <input type="hidden" name="intent" value="resume-reminders" />
              <button type="submit" className="button secondary">
                {t('bo-customers.reminders.resume')}
              </button>
            </Form>
          ) : null}
          <Form method="post" noValidate className="stack spaced" aria-labelledby="pause-heading">
            <h3 id="pause-heading">{pause?.active ? t('bo-customers.reminders.changePause') : t('bo-customers.reminders.pause')}</h3>
            <input type="hidden" name="intent" value="pause-reminders" />
            <TextField
              id="pause-until"
              name="until"
              type="date"
              label={t('bo-customers.reminders.until')}
              hint={t('bo-customers.reminders.untilHint')}
              min={tomorrow}
              defaultValue={pausing.value('until', '')}
              error={pausing.error('until')}
              required
            />
            <TextAreaField
              id="pause-reason"
              name="reason"
              label={t('bo-customers.reminders.reason')}
              defaultValue={pausing.value('reason', '')}
              error={pausing.error('reason')}
              maxLength={500}
              rows={2}
              required
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t('bo-customers.reminders.pauseSubmit')}
              </button>
            </div>
          </Form>
        </>
      ) : null}
    </section>
  )
}

export function PortalLinkCard({
  portal,
  contacts,
  canWrite,
  actionData,
}: {
  portal: { liveCount: number; lastIssuedAt: string | null; ttlDays: number }
  contacts: ContactRow[]
  canWrite: boolean
  actionData: ActionResult | undefined
}) {
  const { t } = useTranslation()
  const issuing = feedbackFor(actionData, 'issue-link')
  const issued = actionData?.intent === 'issue-link' ? actionData.issuedLink : null
  const busy = useBusy('issue-link')
  return (
    <section id="portal" className="card customer-section" aria-labelledby="portal-heading">
      <h2 id="portal-heading">{t('bo-customers.section.portal')}</h2>
      <p>
        {t('bo-customers.portal.live', { count: portal.liveCount })}
        {portal.lastIssuedAt ? <span className="muted"> · {t('bo-customers.portal.lastIssued', { date: portal.lastIssuedAt })}</span> : null}
      </p>
      {issued ? (
        <div className="issued-link" role="status">
          <p className="strong">{t('bo-customers.portal.issued', { date: issued.expiresAt })}</p>
          {issued.revokedCount > 0 ? <p>{t('bo-customers.portal.revokedOthers', { count: issued.revokedCount })}</p> : null}
          <CopyField id="issued-link" label={t('bo-customers.portal.link')} value={issued.url} />
          <p className="hint">{t('bo-customers.portal.shownOnce')}</p>
        </div>
      ) : null}
      {canWrite ? (
        <>
          <Form method="post" noValidate className="stack spaced">
            <FormError id="issue-link-error" error={issuing.formError} />
            <input type="hidden" name="intent" value="issue-link" />
            <SelectField
              id="issue-contact"
              name="contactId"
              label={t('bo-customers.portal.forContact')}
              hint={t('bo-customers.portal.forContactHint', { days: portal.ttlDays })}
              defaultValue={issuing.value('contactId', contacts.find((c) => c.isPrimary)?.id ?? '')}
              error={issuing.error('contactId')}
              options={[
                { value: '', label: t('bo-customers.portal.noContact') },
                ...contacts.map((c) => ({ value: c.id, label: c.email ? `${c.name} <${c.email}>` : c.name })),
              ]}
            />
            <label className="checkbox-field" htmlFor="issue-revoke-others">
              <input id="issue-revoke-others" type="checkbox" name="revokeOthers" defaultChecked={issuing.checked('revokeOthers', false)} />
              {t('bo-customers.portal.revokeOthers')}
            </label>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t('bo-customers.portal.issue')}
              </button>
            </div>
          </Form>
          <Form method="post" className="form-actions spaced">
            <input type="hidden" name="intent" value="revoke-links" />
            <button type="submit" className="button danger" onClick={confirmFirst(t('bo-customers.portal.confirmRevoke'))}>
              {t('bo-customers.portal.revokeAll')}
            </button>
            <span className="hint">{t('bo-customers.portal.revokeHint')}</span>
          </Form>
        </>
      ) : null}
    </section>
  )
}

// ---- details (segment, credit limit, language, owner) -------------------------------------------------------------

export function DetailsSection({
  customer,
  owners,
  canWrite,
  actionData,
}: {
  customer: { segment: string | null; creditLimitInput: string; currency: string; language: string; ownerId: string | null }
  owners: { id: string; name: string }[]
  canWrite: boolean
  actionData: ActionResult | undefined
}) {
  const { t } = useTranslation()
  const details = feedbackFor(actionData, 'update-customer')
  const owner = feedbackFor(actionData, 'assign-owner')
  if (!canWrite) return null
  return (
    <section id="details" className="customer-section" aria-labelledby="details-heading">
      <h2 id="details-heading">{t('bo-customers.section.details')}</h2>
      <div className="cards">
        <Form method="post" noValidate className="card stack" aria-labelledby="details-form-heading">
          <h3 id="details-form-heading">{t('bo-customers.details.account')}</h3>
          <FormError id="details-error" error={details.formError} />
          <input type="hidden" name="intent" value="update-customer" />
          <TextField id="details-segment" name="segment" label={t('bo-customers.field.segment')} defaultValue={details.value('segment', customer.segment)} error={details.error('segment')} maxLength={60} />
          <TextField
            id="details-credit-limit"
            name="creditLimit"
            label={t('bo-customers.details.creditLimitIn', { currency: customer.currency })}
            hint={t('bo-customers.details.creditLimitHint')}
            inputMode="decimal"
            defaultValue={details.value('creditLimit', customer.creditLimitInput)}
            error={details.error('creditLimit')}
            maxLength={30}
          />
          <SelectField
            id="details-language"
            name="language"
            label={t('bo-customers.field.language')}
            hint={t('bo-customers.details.languageHint')}
            defaultValue={details.value('language', customer.language)}
            error={details.error('language')}
            options={LANGUAGES.map((language) => ({ value: language, label: t(`bo-customers.language.${language}`) }))}
          />
          <div className="form-actions">
            <button type="submit" className="button">
              {t('common.save')}
            </button>
          </div>
        </Form>
        <Form method="post" noValidate className="card stack" aria-labelledby="owner-form-heading">
          <h3 id="owner-form-heading">{t('bo-customers.field.owner')}</h3>
          <FormError id="owner-error" error={owner.formError} />
          <input type="hidden" name="intent" value="assign-owner" />
          <SelectField
            id="owner-id"
            name="ownerId"
            label={t('bo-customers.details.owner')}
            hint={owners.length === 0 ? t('bo-customers.details.noSalesUsers') : t('bo-customers.details.ownerHint')}
            defaultValue={owner.value('ownerId', customer.ownerId)}
            error={owner.error('ownerId')}
            options={[{ value: '', label: t('bo-customers.list.noOwner') }, ...owners.map((o) => ({ value: o.id, label: o.name }))]}
          />
          <div className="form-actions">
            <button type="submit" className="button">
              {t('bo-customers.details.assign')}
            </button>
          </div>
        </Form>
      </div>
    </section>
  )
}

// ---- timeline ----------------------------------------------------------------------------------------------------

type TimelineItem = {
  id: string
  kind: string
  at: string
  key: string
  values: Record<string, string | number>
  actor: string | null
  actorType: 'staff' | 'debtor' | 'system' | null
  text: string | null
  changes: { field: string; before: string; after: string }[]
  href: string | null
}

export function TimelineSection({ items, more }: { items: TimelineItem[]; more: number | null }) {
  const { t } = useTranslation()
  const translatedValues = (item: TimelineItem) => {
    const values = { ...item.values }
    if (typeof values.method === 'string') values.method = t(`bo-customers.method.${values.method}`)
    if (typeof values.channel === 'string') values.channel = t(`bo-customers.channel.${values.channel}`)
    if (typeof values.status === 'string') values.status = t(`bo-customers.messageStatus.${values.status}`)
    return values
  }
  // Codes recorded in the audit log, said in words.
  const changeValue = (field: string, value: string) =>
    value === '—' ? value : field === 'role' ? t(`bo-customers.contactRole.${value}`) : field === 'language' ? languageLabel(t, value) : value
  const who = (item: TimelineItem) =>
    item.actor
      ? t('bo-customers.timeline.by', { name: item.actor })
      : item.actorType === 'debtor'
        ? t('bo-customers.timeline.byDebtor')
        : item.actorType === 'system'
          ? t('bo-customers.timeline.bySystem')
          : null
  return (
    <section id="timeline" className="customer-section" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('bo-customers.section.timeline')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('bo-customers.timeline.none')}</p>
      ) : (
        <ol className="timeline">
          {items.map((item) => {
            const headline = t(item.key, translatedValues(item))
            const by = who(item)
            return (
              <li key={item.id}>
                <time>{item.at}</time>
                <div>
                  <span className="timeline-kind">{t(`bo-customers.timeline.kind.${item.kind}`)}</span>
                  {item.href ? <Link to={item.href}>{headline}</Link> : <span>{headline}</span>}
                  {by ? <span className="timeline-who"> — {by}</span> : null}
                  {item.changes.length > 0 ? (
                    <ul className="timeline-changes">
                      {item.changes.map((change) => (
                        <li key={change.field}>
                          {t('bo-customers.timeline.change', {
                            field: t(`bo-customers.field.${change.field}`),
                            before: changeValue(change.field, change.before),
                            after: changeValue(change.field, change.after),
                          })}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {item.text ? <p className="timeline-text">{item.text}</p> : null}
                </div>
              </li>
            )
          })}
        </ol>
      )}
      {more ? (
        <p>
          <Link to={`?timeline=${more}#timeline`} preventScrollReset>
            {t('bo-customers.timeline.more')}
          </Link>
        </p>
      ) : null}
    </section>
  )
}
