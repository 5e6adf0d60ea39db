import type { LoaderFunctionArgs } from '@remix-run/node'
import { loadStatementData } from '@quittance/use-cases/documents/load-statement-data'
import { requireLocale } from '~/utils/locale.server'
import { notFound, pdfResponse } from '~/utils/responses.server'
import { requireDebtor } from '~/utils/session.server'
import { todayFor } from '~/utils/today.server'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const debtor = await requireDebtor(request, context, locale)
  const today = todayFor(context, debtor.entityTimeZone)
  const data = await loadStatementData(context.db, { customerId: debtor.customerId, today })
  if (!data) notFound()
  // Loaded on the first download: the PDF engine is heavy and list pages never need it.
  const { renderStatementPdf } = await import('@quittance/documents/render-statement-pdf')
  return pdfResponse(await renderStatementPdf({ data, locale }), `statement-${data.customer.externalRef}-${today}.pdf`)
}
