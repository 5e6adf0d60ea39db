import type { LoaderFunctionArgs } from '@remix-run/node'
import { findOutboxAttachment } from '@quittance/db/repositories/outbox-log'
import { contentDisposition } from '~/components/admin/content-disposition'
import { notFound, requireUuid } from '~/utils/responses.server'
import { requireStaff } from '~/utils/session.server'

// Types a browser may be handed as they are; anything else goes out as an opaque download.
const SAFE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'text/csv', 'text/plain'])

/**
 * A document attached to an outbox message, for staff who may read the outbox. The message is what grants
 * access: a document id that is not attached to it is a 404. Always a download, never rendered in the page.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireStaff(request, context, 'read:outbox')
  const messageId = requireUuid(params.messageId)
  const documentId = requireUuid(params.documentId)
  const document = await findOutboxAttachment(context.db, { messageId, documentId })
  if (!document) notFound()
  const contentType = SAFE_TYPES.has(document.contentType) ? document.contentType : 'application/octet-stream'
  return new Response(new Uint8Array(document.content), {
    headers: {
      'Content-Type': contentType,
      'Content-Length': String(document.content.byteLength),
      'Content-Disposition': contentDisposition(document.filename),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
