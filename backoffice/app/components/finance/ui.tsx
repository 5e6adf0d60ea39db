import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { InvoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { useTranslation } from '~/utils/i18n'
import type { Msg } from './messages'

// Small pieces shared by the invoices, payments and credit notes screens.

const TABS = [
  { to: '/invoices', label: 'bo-finance.tabs.invoices' },
  { to: '/payments', label: 'bo-finance.tabs.payments' },
  { to: '/credit-notes', label: 'bo-finance.tabs.creditNotes' },
] as const

/** The three lists side by side; the shell's menu has no entry for credit notes. */
export function FinanceTabs({ current }: { current: (typeof TABS)[number]['to'] }) {
  const { t } = useTranslation()
  return (
    <nav className="fin-tabs" aria-label={t('bo-finance.tabs.label')}>
      <ul>
        {TABS.map((tab) => (
          <li key={tab.to}>
            <Link to={tab.to} aria-current={tab.to === current ? 'page' : undefined} prefetch="intent">
              {t(tab.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function StatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation()
  return <span className={`badge badge-${status}`}>{t(`bo-finance.status.${status}`)}</span>
}

export function Message({ msg }: { msg: Msg }) {
  const { t } = useTranslation()
  return <>{t(msg.key, msg.values)}</>
}

export function FormErrorBanner({ msg, id }: { msg: Msg | null | undefined; id: string }) {
  if (!msg) return null
  return (
    <p className="form-error" role="alert" id={id}>
      <Message msg={msg} />
    </p>
  )
}

export function SavedNotice({ msgKey }: { msgKey: string | null }) {
  const { t } = useTranslation()
  if (!msgKey) return null
  return (
    <p className="notice" role="status">
      {t(msgKey)}
    </p>
  )
}

export function Pagination({
  page,
  pageCount,
  total,
  href,
}: {
  page: number
  pageCount: number
  total: number
  href: (page: number) => string
}) {
  const { t } = useTranslation()
  if (pageCount <= 1) return null
  return (
    <nav aria-label={t('bo-finance.pagination.label')} className="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t('common.previous')}
        </Link>
      ) : null}
      <span>{t('bo-finance.pagination.status', { page, pages: pageCount, count: total })}</span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          {t('common.next')}
        </Link>
      ) : null}
    </nav>
  )
}

type FieldProps = {
  id: string
  label: string
  error?: Msg | null
  hint?: string | null
  className?: string
  children: (aria: { 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode
}

/** A label, the control, an optional hint and its error, tied together for screen readers. */
export function Field({ id, label, error, hint, className, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          <Message msg={error} />
        </p>
      ) : null}
    </div>
  )
}

export function CustomerLink({ id, name, reference }: { id: string; name: string; reference?: string | null }) {
  return (
    <>
      <Link to={`/customers/${id}`}>{name}</Link>
      {reference ? <span className="fin-ref">{reference}</span> : null}
    </>
  )
}
