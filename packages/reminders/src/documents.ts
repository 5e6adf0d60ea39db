import type { ReminderDocumentRenderers } from '@quittance/use-cases/reminders/send-reminder-action'

/**
 * The real PDF renderers, for the worker. Loaded on first use: @react-pdf/renderer weighs tens of megabytes, and a
 * worker sending e-mails with imported invoices never renders a PDF.
 */
export const REMINDER_DOCUMENT_RENDERERS: ReminderDocumentRenderers = {
  renderInvoicePdf: async (input) => (await import('@quittance/documents/render-invoice-pdf')).renderInvoicePdf(input),
  renderReminderLetterPdf: async (input) => (await import('@quittance/documents/render-reminder-letter-pdf')).renderReminderLetterPdf(input),
}
