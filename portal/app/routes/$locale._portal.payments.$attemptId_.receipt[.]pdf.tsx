import type { LoaderFunctionArgs } from '@remix-run/node'
import { loadReceiptData } from '@quittance/use-cases/online-payments/load-receipt-data'
import { requireLocale } from '~/utils/locale.server'
import { notFound, pdfResponse, requireUuid } from '~/utils/responses.server'
import { requireDebtor } from '~/utils/session.server'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const data = await loadReceiptData(context.db, { attemptId: requireUuid(params.attemptId), customerId: debtor.customerId })
  if (!data) notFound()
  // Loaded on the first download: the PDF engine is heavy and the other pages never need it.
  const { renderReceiptPdf } = await import('@quittance/documents/render-receipt-pdf')
  return pdfResponse(await renderReceiptPdf({ data, locale }), `receipt-${data.receipt.number}.pdf`)
}
