/** How a debtor or a collector may narrow and order an invoice list; the database layer maps each to SQL. */
export const INVOICE_SORTS = ['due_asc', 'due_desc', 'amount_desc', 'amount_asc', 'number_asc'] as const
export type InvoiceSort = (typeof INVOICE_SORTS)[number]

export const INVOICE_FILTERS = ['all', 'overdue', 'not_due', 'partially_paid'] as const
export type InvoiceFilter = (typeof INVOICE_FILTERS)[number]
