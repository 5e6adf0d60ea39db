import type { InvoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { useTranslation } from '~/utils/i18n'

export function StatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation()
  return <TranslatedStatusBadge status={status} label={t(`status.${status}`)} />
}

/** For lists: the caller translates with the translator it already has, instead of one lookup per row. */
export function TranslatedStatusBadge({ status, label }: { status: InvoiceStatus; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>
}
