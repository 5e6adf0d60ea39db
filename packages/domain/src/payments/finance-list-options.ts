/** How staff narrow and order the invoice, payment and credit note lists; packages/db maps each to SQL. */
export const FINANCE_PAGE_SIZE = 50

/** "open" is everything still owed; "overdue" and "partially_paid" are subsets of it; "paid" is fully settled. */
export const INVOICE_LIST_STATUSES = ['all', 'open', 'overdue', 'partially_paid', 'paid'] as const
export type InvoiceListStatus = (typeof INVOICE_LIST_STATUSES)[number]

export const INVOICE_LIST_SORTS = ['due_asc', 'due_desc', 'remaining_desc', 'remaining_asc', 'number_asc', 'number_desc'] as const
export type InvoiceListSort = (typeof INVOICE_LIST_SORTS)[number]

/** Payments with money not yet put against any invoice are the customer's credit. */
export const PAYMENT_LIST_ALLOCATIONS = ['all', 'unallocated', 'fully_allocated'] as const
export type PaymentListAllocation = (typeof PAYMENT_LIST_ALLOCATIONS)[number]

export const CREDIT_NOTE_LIST_APPLICATIONS = ['all', 'unapplied', 'fully_applied'] as const
export type CreditNoteListApplication = (typeof CREDIT_NOTE_LIST_APPLICATIONS)[number]
