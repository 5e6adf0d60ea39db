import { parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData, useLocation } from '@remix-run/react'
import {
  findCustomerForBackoffice,
  listOpenInvoicesOfCustomer,
  listRecentPaymentsOfCustomer,
  listStaffNames,
  portalLinkSummaryOfCustomer,
} from '@quittance/db/repositories/backoffice-customers'
import { listContactsOfCustomer } from '@quittance/db/repositories/contacts'
import { listNotesOfCustomer } from '@quittance/db/repositories/customer-notes'
import { listCustomerTimeline } from '@quittance/db/repositories/customer-timeline'
import { listRemindersForCustomer } from '@quittance/db/repositories/reminders-read'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { addDays, isAfter, localDateInTimeZone } from '@quittance/domain/dates/local-date'
import { toMajorUnitString } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { can, customerVisibility } from '@quittance/domain/staff/permissions'
import { chooseLocale, intlLocale } from '@quittance/i18n/locales'
import { addContact } from '@quittance/use-cases/customers/add-contact'
import { addCustomerNote } from '@quittance/use-cases/customers/add-customer-note'
import { assignSalesOwner } from '@quittance/use-cases/customers/assign-sales-owner'
import type { StaffActor } from '@quittance/use-cases/customers/customer-rules'
import { issueCustomerPortalLink } from '@quittance/use-cases/customers/issue-customer-portal-link'
import { pauseReminders } from '@quittance/use-cases/customers/pause-reminders'
import { removeContact } from '@quittance/use-cases/customers/remove-contact'
import { resumeReminders } from '@quittance/use-cases/customers/resume-reminders'
import { revokeCustomerPortalLinks } from '@quittance/use-cases/customers/revoke-customer-portal-links'
import { updateContact } from '@quittance/use-cases/customers/update-contact'
import { updateCustomer } from '@quittance/use-cases/customers/update-customer'
import { customerActionSchema, REFUSALS } from '~/components/customers/customer-forms.server'
import { CustomerRemindersSection } from '~/components/customers/customer-reminders'
import customersStyles from '~/components/customers/customers.css?url'
import { isCustomerIntent, SECTION_OF_INTENT } from '~/components/customers/intents'
import {
  AgingSection,
  ContactsSection,
  CustomerHeader,
  DetailsSection,
  NotesSection,
  OpenInvoicesSection,
  PaymentsSection,
  PortalLinkCard,
  RemindersCard,
  SectionNav,
  TimelineSection,
  type ActionResult,
} from '~/components/customers/customer-sections'
import {
  agingByCurrency,
  formatAmount,
  formatInstant,
  presentOpenInvoice,
  presentTimeline,
} from '~/components/customers/present.server'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'
import { useTranslation } from '~/utils/i18n'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: customersStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

const OPEN_INVOICES_SHOWN = 100
const PAYMENTS_SHOWN = 10
const NOTES_SHOWN = 20
const TIMELINE_STEP = 30
const TIMELINE_MAX = 300
const REMINDERS_SHOWN = 10

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:customers')
  const customerId = requireUuid(params.customerId)
  const visibility = customerVisibility(staff)
  // Another owner's customer is "not found", exactly like a customer that does not exist.
  const customer = await findCustomerForBackoffice(context.db, { customerId, visibility })
  if (!customer) notFound()

  const url = new URL(request.url)
  const timelineLimit = Math.min(TIMELINE_MAX, Math.max(TIMELINE_STEP, Number(url.searchParams.get('timeline')) || TIMELINE_STEP))
  const locale = chooseLocale({ contactLanguage: staff.locale, acceptLanguage: request.headers.get('Accept-Language') })
  const intlTag = intlLocale(locale)
  const now = context.now()
  const today = localDateInTimeZone(now, customer.entityTimeZone)
  const canWrite = can(staff.role, 'write:customers')

  const [openInvoices, payments, contacts, notes, timeline, portal, staffNames, reminders] = await Promise.all([
    listOpenInvoicesOfCustomer(context.db, { customerId, visibility }),
    listRecentPaymentsOfCustomer(context.db, { customerId, visibility, limit: PAYMENTS_SHOWN }),
    listContactsOfCustomer(context.db, { customerId, visibility }),
    listNotesOfCustomer(context.db, { customerId, visibility, limit: NOTES_SHOWN }),
    listCustomerTimeline(context.db, { customerId, visibility, limit: timelineLimit + 1 }),
    portalLinkSummaryOfCustomer(context.db, { customerId, now }),
    listStaffNames(context.db),
    listRemindersForCustomer(context.db, customer.id, { limit: REMINDERS_SHOWN + 1 }),
  ])
  const staffNameById = new Map(staffNames.map((s) => [s.id, s.name]))
  const pauseActive = customer.remindersPausedUntil !== null && isAfter(customer.remindersPausedUntil, today)
  const editContactId = url.searchParams.get('edit')
  const saved = url.searchParams.get('saved')

  return {
    canWrite,
    saved: isCustomerIntent(saved) ? saved : null,
    tomorrow: addDays(today, 1),
    customer: {
      id: customer.id,
      name: customer.name,
      externalRef: customer.externalRef,
      kind: customer.kind,
      country: customer.country,
      language: customer.language,
      currency: customer.currency,
      segment: customer.segment,
      ownerId: customer.salesOwnerId,
      ownerName: customer.salesOwnerName,
      creditLimit: customer.creditLimitMinor === null ? null : formatAmount(customer.creditLimitMinor, customer.currency, intlTag),
      creditLimitInput: customer.creditLimitMinor === null ? '' : toMajorUnitString(money(customer.creditLimitMinor, customer.currency)),
      entityName: customer.entityName,
      vatNumber: customer.vatNumber,
      address: [...customer.addressLines, [customer.postalCode, customer.city].filter(Boolean).join(' ')].filter(Boolean),
      pause: customer.remindersPausedUntil
        ? {
            until: formatLocalDate(customer.remindersPausedUntil, intlTag),
            reason: customer.remindersPauseReason ?? '',
            active: pauseActive,
          }
        : null,
    },
    aging: agingByCurrency(openInvoices, today, intlTag),
    openInvoices: openInvoices.slice(0, OPEN_INVOICES_SHOWN).map((invoice) => presentOpenInvoice(invoice, today, intlTag)),
    openInvoiceCount: openInvoices.length,
    payments: payments.map((payment) => ({
      id: payment.id,
      receivedOn: formatLocalDate(payment.receivedOn, intlTag),
      amount: formatAmount(payment.amountMinor, payment.currency, intlTag),
      method: payment.method,
      externalRef: payment.externalRef,
      invoiceNumbers: payment.invoiceNumbers,
    })),
    contacts: contacts.map((contact) => ({
      id: contact.id,
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      language: contact.language,
      role: contact.role,
      isPrimary: contact.isPrimary,
    })),
    editContactId: canWrite && contacts.some((c) => c.id === editContactId) ? editContactId : null,
    notes: notes.map((note) => ({
      id: note.id,
      body: note.body,
      author: note.authorName,
      at: formatInstant(note.createdAt, intlTag, customer.entityTimeZone),
    })),
    portal: {
      liveCount: portal.liveCount,
      lastIssuedAt: portal.lastIssuedAt ? formatInstant(portal.lastIssuedAt, intlTag, customer.entityTimeZone) : null,
      ttlDays: customer.portalLinkTtlDays,
    },
    owners: canWrite
      ? staffNames.filter((s) => s.role === 'sales' && (!s.disabled || s.id === customer.salesOwnerId)).map((s) => ({ id: s.id, name: s.name }))
      : [],
    reminders: reminders.slice(0, REMINDERS_SHOWN).map((r) => ({
      id: r.actionId,
      day: formatLocalDate(r.planningDate, intlTag),
      step: r.stepName ?? r.stepKey,
      channel: r.channel,
      status: r.status,
      skipReason: r.skipReason,
      delivery: r.deliveryState,
      invoices: r.invoiceNumbers.join(', '),
      total: formatAmount(r.totalMinor, r.currency, intlTag),
      sentAt: r.sentAt ? formatInstant(r.sentAt, intlTag, customer.entityTimeZone) : null,
      outboxMessageId: r.outboxMessageId,
    })),
    remindersMore: reminders.length > REMINDERS_SHOWN,
    timeline: presentTimeline(timeline.slice(0, timelineLimit), {
      intlTag,
      timeZone: customer.entityTimeZone,
      customerCurrency: customer.currency,
      staffNames: staffNameById,
    }),
    timelineMore: timeline.length > timelineLimit && timelineLimit < TIMELINE_MAX ? timelineLimit + TIMELINE_STEP : null,
  }
}

const result = (init: Partial<ActionResult> & { intent: string }, status: number) =>
  data<ActionResult>({ target: '', fieldErrors: {}, formError: null, values: {}, issuedLink: null, ...init }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Sales and auditors read only: their forms are not rendered, and a hand-made post stops here with a 403.
  const staff = await requireStaff(request, context, 'write:customers')
  const customerId = requireUuid(params.customerId)
  const customer = await findCustomerForBackoffice(context.db, { customerId, visibility: customerVisibility(staff) })
  if (!customer) notFound()
  const now = context.now()
  const today = localDateInTimeZone(now, customer.entityTimeZone)

  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const target = String(formData.get('contactId') ?? '')
  const values = Object.fromEntries(
    [...formData.entries()].filter(([key, value]) => key !== 'intent' && typeof value === 'string').map(([k, v]) => [k, String(v)]),
  )
  const submission = parseWithZod(formData, { schema: customerActionSchema(today) })
  if (submission.status !== 'success') {
    const fieldErrors = Object.fromEntries(
      Object.entries(submission.error ?? {}).filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0),
    )
    const formError = fieldErrors.intent ? 'bo-customers.errors.unknownAction' : 'common.fixErrors'
    return result({ intent, target, fieldErrors, formError, values }, 400)
  }

  const actor: StaffActor = { id: staff.id, role: staff.role, ipAddress: context.clientIp }
  const input = submission.value
  const refuse = (error: string) => {
    if (error === 'forbidden') throw new Response('Forbidden', { status: 403 })
    if (error === 'customer-not-found') notFound()
    const refusal = REFUSALS[error] ?? { message: 'bo-customers.errors.unexpected' }
    return result(
      {
        intent,
        target,
        fieldErrors: refusal.field ? { [refusal.field]: [refusal.message] } : {},
        formError: refusal.field ? 'common.fixErrors' : refusal.message,
        values,
      },
      422,
    )
  }
  const done = () => redirect(`/customers/${customer.id}?saved=${input.intent}#${SECTION_OF_INTENT[input.intent]}`, 303)

  switch (input.intent) {
    case 'update-customer': {
      const r = await updateCustomer(context.db, {
        customerId,
        segment: input.segment ?? '',
        creditLimit: input.creditLimit ?? '',
        language: input.language,
        actor,
      })
      return r.ok ? done() : refuse(r.error)
    }
    case 'assign-owner': {
      const r = await assignSalesOwner(context.db, { customerId, ownerId: input.ownerId ?? null, actor })
      return r.ok ? done() : refuse(r.error)
    }
    case 'add-contact':
    case 'update-contact': {
      const contact = {
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        language: input.language,
        role: input.role,
        isPrimary: input.isPrimary ?? false,
      }
      const r =
        input.intent === 'add-contact'
          ? await addContact(context.db, { customerId, contact, actor })
          : await updateContact(context.db, { customerId, contactId: input.contactId, contact, actor })
      return r.ok ? done() : refuse(r.error)
    }
    case 'remove-contact': {
      const r = await removeContact(context.db, { customerId, contactId: input.contactId, actor, now })
      return r.ok ? done() : refuse(r.error)
    }
    case 'add-note': {
      const r = await addCustomerNote(context.db, { customerId, body: input.body, actor, now })
      return r.ok ? done() : refuse(r.error)
    }
    case 'pause-reminders': {
      const r = await pauseReminders(context.db, { customerId, until: input.until, reason: input.reason, today, actor })
      return r.ok ? done() : refuse(r.error)
    }
    case 'resume-reminders': {
      const r = await resumeReminders(context.db, { customerId, actor })
      return r.ok ? done() : refuse(r.error)
    }
    case 'issue-link': {
      const r = await issueCustomerPortalLink(context.db, {
        customerId,
        contactId: input.contactId ?? null,
        revokeOthers: input.revokeOthers ?? false,
        portalBaseUrl: context.config.portalPublicUrl,
        ttlDays: customer.portalLinkTtlDays,
        now,
        actor,
      })
      if (!r.ok) return refuse(r.error)
      // The link exists only in this response: it is never stored, logged or put in a URL, so it is shown once.
      const locale = chooseLocale({ contactLanguage: staff.locale, acceptLanguage: request.headers.get('Accept-Language') })
      return result(
        {
          intent,
          issuedLink: {
            url: r.value.url,
            expiresAt: formatInstant(r.value.expiresAt, intlLocale(locale), customer.entityTimeZone),
            revokedCount: r.value.revokedCount,
          },
        },
        200,
      )
    }
    case 'revoke-links': {
      const r = await revokeCustomerPortalLinks(context.db, { customerId, now, actor })
      return r.ok ? done() : refuse(r.error)
    }
  }
}

export default function CustomerPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionResult | undefined
  const { t } = useTranslation()
  // Every navigation (a save redirects back here) gets a new key: the forms start again from the saved data.
  const { key } = useLocation()
  const strayError = actionData?.formError && !isCustomerIntent(actionData.intent) ? actionData.formError : null
  return (
    <div className="customer-page">
      <CustomerHeader customer={page.customer} />
      {page.saved && !actionData ? (
        <p className="notice" role="status">
          {t(`bo-customers.saved.${page.saved}`)}
        </p>
      ) : null}
      {strayError ? (
        <p className="form-error" role="alert">
          {t(strayError)}
        </p>
      ) : null}
      {!page.canWrite ? <p className="muted read-only-note">{t('bo-customers.readOnly')}</p> : null}
      <SectionNav canWrite={page.canWrite} />
      <AgingSection aging={page.aging} />
      <OpenInvoicesSection invoices={page.openInvoices} total={page.openInvoiceCount} />
      <PaymentsSection payments={page.payments} />
      <ContactsSection
        key={`contacts-${key}`}
        contacts={page.contacts}
        editContactId={page.editContactId}
        canWrite={page.canWrite}
        customerLanguage={page.customer.language}
        actionData={actionData}
      />
      <NotesSection key={`notes-${key}`} notes={page.notes} canWrite={page.canWrite} actionData={actionData} />
      <div className="cards">
        <RemindersCard key={`reminders-${key}`} pause={page.customer.pause} tomorrow={page.tomorrow} canWrite={page.canWrite} actionData={actionData} />
        <PortalLinkCard key={`portal-${key}`} portal={page.portal} contacts={page.contacts} canWrite={page.canWrite} actionData={actionData} />
      </div>
      <CustomerRemindersSection items={page.reminders} more={page.remindersMore} customerName={page.customer.name} />
      <DetailsSection key={`details-${key}`} customer={page.customer} owners={page.owners} canWrite={page.canWrite} actionData={actionData} />
      <TimelineSection items={page.timeline} more={page.timelineMore} />
    </div>
  )
}
