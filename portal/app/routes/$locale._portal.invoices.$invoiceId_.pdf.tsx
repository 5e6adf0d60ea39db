import type { LoaderFunctionArgs } from '@remix-run/node'
import { findOriginalInvoiceDocument } from '@quittance/db/repositories/invoices'
import { loadInvoiceDocumentData } from '@quittance/use-cases/documents/load-invoice-document-data'
import { requireLocale } from '~/utils/locale.server'
import { notFound, pdfResponse, requireUuid } from '~/utils/responses.server'
import { requireDebtor } from '~/utils/session.server'

/** The imported original when there is one; otherwise the invoice as Quittance renders it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const invoiceId = requireUuid(params.invoiceId)
  const scope = { customerId: debtor.customerId, invoiceId }
  const original = await findOriginalInvoiceDocument(context.db, scope)
  if (original) return pdfResponse(original.content, original.filename)
  const data = await loadInvoiceDocumentData(context.db, scope)
  if (!data) notFound()
  // Loaded on the first download: the PDF engine is heavy and list pages never need it.
  const { renderInvoicePdf } = await import('@quittance/documents/render-invoice-pdf')
  return pdfResponse(await renderInvoicePdf({ data, locale }), `${data.invoice.number}.pdf`)
}
