import { renderInvoicePdf } from '@quittance/documents/render-invoice-pdf'
import { renderReminderLetterPdf } from '@quittance/documents/render-reminder-letter-pdf'
import type { ReminderDocumentRenderers } from '@quittance/use-cases/reminders/send-reminder-action'

/** The real PDF renderers, for the worker. */
export const REMINDER_DOCUMENT_RENDERERS: ReminderDocumentRenderers = { renderInvoicePdf, renderReminderLetterPdf }
