import type { InvoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { useTranslation } from '~/utils/i18n'

export function StatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation()
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>
}
