import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { findOutboxLogMessage, listOutboxAttachments } from '@quittance/db/repositories/outbox-log'
import { findDefaultTimeZone } from '@quittance/db/repositories/settings'
import adminStyles from '~/components/admin/admin.css?url'
import { formatInstant, staffLocale } from '~/components/admin/locale.server'
import { notFound, requireUuid } from '~/utils/responses.server'
import { useTranslation } from '~/utils/i18n'
import { requireStaff } from '~/utils/session.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]
export const meta: MetaFunction = () => [{ title: 'Quittance' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'read:outbox')
  const messageId = requireUuid(params.messageId)
  const message = await findOutboxLogMessage(context.db, messageId)
  if (!message) notFound()
  const { intl } = staffLocale(staff, request)
  const [timeZone, attachments] = await Promise.all([findDefaultTimeZone(context.db), listOutboxAttachments(context.db, message.attachmentDocumentIds)])
  const size = (bytes: number) =>
    bytes < 1024
      ? new Intl.NumberFormat(intl, { style: 'unit', unit: 'byte' }).format(bytes)
      : bytes < 1024 * 1024
        ? new Intl.NumberFormat(intl, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(bytes / 1024)
        : new Intl.NumberFormat(intl, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))
  return {
    message: {
      id: message.id,
      channel: message.channel,
      template: message.template,
      locale: message.locale,
      recipient: message.recipient,
      subject: message.subject,
      bodyText: message.bodyText,
      bodyHtml: message.bodyHtml,
      status: message.status,
      entityName: message.entityName,
      customerId: message.customerId,
      customerName: message.customerName,
      customerRef: message.customerRef,
      created: formatInstant(message.createdAt, intl, timeZone),
      sent: message.sentAt ? formatInstant(message.sentAt, intl, timeZone) : null,
      attempts: message.attempts.map((attempt) => ({
        at: Number.isNaN(Date.parse(attempt.at)) ? attempt.at : formatInstant(new Date(attempt.at), intl, timeZone),
        error: attempt.error,
      })),
      missingAttachments: message.attachmentDocumentIds.length - attachments.length,
    },
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: size(a.sizeBytes),
    })),
  }
}

/**
 * What the recipient's mail client would show. The HTML is the system's own rendering, but it is still shown in a
 * sandbox without scripts, forms or same-origin access, so nothing in it can act on the back office.
 */
function HtmlPreview({ html, title }: { html: string; title: string }) {
  return <iframe className="message-html" sandbox="" srcDoc={html} title={title} referrerPolicy="no-referrer" loading="lazy" />
}

export default function OutboxMessage() {
  const { message, attachments } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/outbox">{t('bo-admin.outbox.title')}</Link>
      </p>
      <div className="page-head">
        <h1 className="break">{message.subject || t('bo-admin.outbox.noSubject')}</h1>
        <span className={`badge badge-${message.status}`}>{t(`bo-admin.outbox.statuses.${message.status}`)}</span>
      </div>

      <dl className="message-facts">
        <div className="wide">
          <dt>{t('bo-admin.outbox.recipient')}</dt>
          <dd>{message.recipient}</dd>
        </div>
        <div>
          <dt>{t('bo-admin.outbox.channel')}</dt>
          <dd>{t(`bo-admin.outbox.channels.${message.channel}`)}</dd>
        </div>
        <div>
          <dt>{t('bo-admin.outbox.template')}</dt>
          <dd className="mono">
            {message.template} ({message.locale})
          </dd>
        </div>
        <div>
          <dt>{t('bo-admin.audit.customer')}</dt>
          <dd>
            {message.customerId && message.customerName ? (
              <Link to={`/customers/${message.customerId}`}>
                {message.customerName} <span className="muted mono">{message.customerRef}</span>
              </Link>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('bo-admin.outbox.entity')}</dt>
          <dd>{message.entityName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('bo-admin.outbox.createdAt')}</dt>
          <dd>{message.created}</dd>
        </div>
        <div>
          <dt>{t('bo-admin.outbox.sentAt')}</dt>
          <dd>{message.sent ?? <span className="muted">{t('bo-admin.outbox.notSent')}</span>}</dd>
        </div>
      </dl>

      {message.channel !== 'email' && message.status === 'pending' ? <p className="hint">{t('bo-admin.outbox.embeddedNote')}</p> : null}

      <h2>{t('bo-admin.outbox.textBody')}</h2>
      <pre className="message-body">{message.bodyText}</pre>

      {message.bodyHtml ? (
        <>
          <h2>{t('bo-admin.outbox.htmlBody')}</h2>
          <p className="hint">{t('bo-admin.outbox.htmlHint')}</p>
          <HtmlPreview html={message.bodyHtml} title={t('bo-admin.outbox.htmlBody')} />
        </>
      ) : null}

      <h2>{t('bo-admin.outbox.attachments')}</h2>
      {attachments.length === 0 && message.missingAttachments === 0 ? (
        <p className="muted">{t('bo-admin.outbox.noAttachments')}</p>
      ) : (
        <ul className="attachment-list">
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              <a href={`/outbox/${message.id}/attachments/${attachment.id}`}>
                {attachment.filename}
              </a>
              <span className="muted">
                {attachment.contentType} · {attachment.size}
              </span>
            </li>
          ))}
          {message.missingAttachments > 0 ? <li className="muted">{t('bo-admin.outbox.missingAttachments', { count: message.missingAttachments })}</li> : null}
        </ul>
      )}

      {message.attempts.length > 0 ? (
        <>
          <h2>{t('bo-admin.outbox.attempts')}</h2>
          <div className="table-wrap">
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">{t('bo-admin.outbox.attemptAt')}</th>
                  <th scope="col">{t('bo-admin.outbox.attemptError')}</th>
                </tr>
              </thead>
              <tbody>
                {message.attempts.map((attempt, index) => (
                  <tr key={index}>
                    <td className="nowrap">{attempt.at}</td>
                    <td className="break mono">{attempt.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  )
}
