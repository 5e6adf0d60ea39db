import type { LoaderFunctionArgs } from '@remix-run/node'
import { findImportJob } from '@quittance/db/repositories/imports'
import { csvDelimiterForLocale } from '@quittance/domain/imports/csv-export'
import { mergedMessagesFor } from '@quittance/i18n/catalog'
import { intlLocale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import { rejectionReportCsv } from '@quittance/use-cases/imports/rejection-report'
import { importsLocale } from '~/components/imports/present.server'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

/**
 * The rejection report as a CSV download, streamed page by page, in the staff member's language (`;` for
 * languages with a decimal comma). Every cell is formula-neutralised: the rows come from an uploaded file. The host
 * adds `X-Content-Type-Options: nosniff` to every response.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context, 'run:imports')
  const importId = requireUuid(params.importId)
  const job = await findImportJob(context.db, importId)
  if (!job) notFound()
  const locale = importsLocale(staff, request)
  const t = createTranslator(intlLocale(locale), mergedMessagesFor(locale, ['bo-imports']))
  const lines = rejectionReportCsv(context.db, {
    importId: job.id,
    delimiter: csvDelimiterForLocale(locale),
    titles: [
      t('bo-imports.rejections.line'),
      t('bo-imports.rejections.column'),
      t('bo-imports.rejections.code'),
      t('bo-imports.rejections.reason'),
      t('bo-imports.rejections.raw'),
    ],
    describe: (reason) => t(`bo-imports.reason.${reason}`),
  })
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await lines.return(undefined)
    },
  })
  const base = job.filename.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 100) || 'import'
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${base}-rejections.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
