import type { ImportKind } from '@quittance/domain/imports/import-fields'
import type { RowRejectionReason } from '@quittance/domain/imports/reasons'
import type { ContactRow, CustomerRow, InvoiceRow, PaymentRow, RowOf } from '@quittance/domain/imports/validate-row'
import { remainingMinor } from '@quittance/domain/invoices/invoice-balance'
import { money } from '@quittance/domain/money/money'
import { checkAllocations, type AllocationRefusal } from '@quittance/domain/payments/allocations'
import type { Db } from '@quittance/db/client'
import { insertAuditEvent } from '@quittance/db/repositories/audit'
import { addToInvoiceSettlement, lockInvoicesForSettlement } from '@quittance/db/repositories/backoffice-invoices'
import {
  attachImportedInvoicePdf,
  CONTACT_IMPORT_COLUMNS,
  findInvoiceOriginalDocuments,
  insertImportedPaymentAllocations,
  insertImportedPayments,
  resolveImportedPayments,
  upsertImportedContacts,
  upsertImportedCustomers,
  upsertImportedInvoices,
  type ContactImportColumn,
  type CustomerImportColumn,
  type ImportEntity,
  type RowOutcome,
} from '@quittance/db/repositories/imports'
import { pdfFileName, type InvoicePdfArchive } from './invoice-pdfs'

// Writing one batch of valid rows inside the caller's transaction: one outcome per row, in the rows' order.

export type BatchOutcome =
  | { line: number; outcome: 'inserted' | 'updated' | 'unchanged' }
  | { line: number; outcome: 'rejected'; reason: RowRejectionReason; field: string }

export type BatchWriter<K extends ImportKind> = (tx: Db, rows: readonly RowOf<K>[]) => Promise<BatchOutcome[]>

export type BatchContext = {
  importId: string
  entity: ImportEntity
  /** The fields the file provides: existing records only change in these. */
  mappedFields: ReadonlySet<string>
  pdfs: InvoicePdfArchive | null
}

export function batchWriterFor<K extends ImportKind>(kind: K, context: BatchContext): BatchWriter<K> {
  const writers: { [Kind in ImportKind]: BatchWriter<Kind> } = {
    customers: (tx, rows) => writeCustomers(tx, rows, context),
    contacts: (tx, rows) => writeContacts(tx, rows, context),
    invoices: (tx, rows) => writeInvoices(tx, rows, context),
    payments: (tx, rows) => writePayments(tx, rows, context),
  }
  return writers[kind] as BatchWriter<K>
}

const asBatch = (outcomes: readonly RowOutcome[]) => outcomes as BatchOutcome[]

// Customers --------------------------------------------------------------------------------------------------------

const CUSTOMER_FIELD_COLUMNS: Readonly<Record<string, CustomerImportColumn>> = {
  name: 'name',
  kind: 'kind',
  country: 'country',
  language: 'language',
  currency: 'currency',
  segment: 'segment',
  vat_number: 'vat_number',
  siren: 'siren',
  address_line1: 'address_lines',
  address_line2: 'address_lines',
  postal_code: 'postal_code',
  city: 'city',
  credit_limit: 'credit_limit_minor',
}

async function writeCustomers(tx: Db, rows: readonly CustomerRow[], context: BatchContext): Promise<BatchOutcome[]> {
  const update = [...new Set([...context.mappedFields].flatMap((f) => CUSTOMER_FIELD_COLUMNS[f] ?? []))]
  const outcomes = await upsertImportedCustomers(tx, { entityId: context.entity.id, rows, update })
  // An e-mail address or phone in a customers file is its contact: added, or updated when the file says so.
  const contactRows = rows
    .filter((r) => r.email || r.phone)
    .map((r) => ({ line: r.line, customerRef: r.externalRef, name: r.contactName ?? r.name, email: r.email, phone: r.phone, language: null, role: null, isPrimary: null }))
  if (contactRows.length === 0) return asBatch(outcomes)
  const contactUpdate = (['name', 'email', 'phone'] as const).filter((c) => context.mappedFields.has(c === 'name' ? 'contact_name' : c))
  const contactOutcomes = new Map(
    (await upsertImportedContacts(tx, { entityId: context.entity.id, rows: contactRows, update: contactUpdate })).map((o) => [o.line, o.outcome]),
  )
  return outcomes.map((o) => {
    const contact = contactOutcomes.get(o.line)
    return o.outcome === 'unchanged' && (contact === 'inserted' || contact === 'updated') ? { line: o.line, outcome: 'updated' } : (o as BatchOutcome)
  })
}

// Contacts ---------------------------------------------------------------------------------------------------------

async function writeContacts(tx: Db, rows: readonly ContactRow[], context: BatchContext): Promise<BatchOutcome[]> {
  const update = CONTACT_IMPORT_COLUMNS.filter((c: ContactImportColumn) => context.mappedFields.has(c))
  return asBatch(await upsertImportedContacts(tx, { entityId: context.entity.id, rows, update }))
}

// Invoices ---------------------------------------------------------------------------------------------------------

async function writeInvoices(tx: Db, rows: readonly InvoiceRow[], context: BatchContext): Promise<BatchOutcome[]> {
  const outcomes = new Map<number, BatchOutcome>()
  const pdfOf = new Map<number, NonNullable<ReturnType<InvoicePdfArchive['find']>>>()
  const writable: InvoiceRow[] = []
  for (const row of rows) {
    const entry = context.pdfs?.find({ number: row.number, pdfFilename: row.pdfFilename }) ?? null
    if (!entry) {
      // A PDF the row names must be in the zip; without a PDF column, an invoice without its PDF is fine.
      if (row.pdfFilename && context.mappedFields.has('pdf_filename')) {
        outcomes.set(row.line, { line: row.line, outcome: 'rejected', reason: 'pdf_not_found', field: 'pdf_filename' })
        continue
      }
    } else {
      const check = context.pdfs!.check(entry)
      if (!check.ok) {
        outcomes.set(row.line, { line: row.line, outcome: 'rejected', reason: check.reason, field: row.pdfFilename ? 'pdf_filename' : 'number' })
        continue
      }
      pdfOf.set(row.line, entry)
    }
    writable.push(row)
  }
  const written = await upsertImportedInvoices(tx, {
    entityId: context.entity.id,
    rows: writable,
    updatePurchaseOrder: context.mappedFields.has('purchase_order'),
  })
  const withPdf = written.filter((w) => pdfOf.has(w.line) && w.outcome !== 'rejected' && w.invoiceId)
  const current = await findInvoiceOriginalDocuments(
    tx,
    withPdf.map((w) => w.invoiceId!),
  )
  for (const w of written) {
    const entry = pdfOf.get(w.line)
    if (entry && w.outcome !== 'rejected' && w.invoiceId && w.customerId) {
      const check = context.pdfs!.check(entry)
      if (check.ok && current.get(w.invoiceId) !== check.sha256) {
        await attachImportedInvoicePdf(tx, {
          entityId: context.entity.id,
          customerId: w.customerId,
          invoiceId: w.invoiceId,
          filename: pdfFileName(entry),
          content: context.pdfs!.read(entry),
          sha256: check.sha256,
        })
        outcomes.set(w.line, { line: w.line, outcome: w.outcome === 'unchanged' ? 'updated' : w.outcome })
        continue
      }
    }
    outcomes.set(w.line, w as BatchOutcome)
  }
  return rows.map((r) => outcomes.get(r.line)!)
}

// Payments ---------------------------------------------------------------------------------------------------------

const ALLOCATION_REASONS: Partial<Record<AllocationRefusal['code'], RowRejectionReason>> = {
  'invoice-not-found': 'unknown_invoice',
  'invoice-of-another-customer': 'invoice_of_other_customer',
  'invoice-in-another-currency': 'invoice_currency_mismatch',
}

/**
 * New payments are recorded and, when the row names an invoice, allocated to it with the rules of manual payments
 * (`recordManualPayment`): the invoices are locked in id order before their remaining amounts are read, and
 * `checkAllocations` decides. An import never refuses money for being more than the invoice owes: it allocates what
 * the invoice still owes and the rest stays on the payment as the customer's credit. A payment already imported
 * is left alone when identical, and refused when the file now says something else about it.
 */
async function writePayments(tx: Db, rows: readonly PaymentRow[], context: BatchContext): Promise<BatchOutcome[]> {
  const resolved = new Map((await resolveImportedPayments(tx, { entityId: context.entity.id, rows })).map((r) => [r.line, r]))
  const outcomes = new Map<number, BatchOutcome>()
  const fresh: (PaymentRow & { customerId: string; invoiceId: string | null })[] = []
  for (const row of rows) {
    const r = resolved.get(row.line)!
    const reject = (reason: RowRejectionReason, field: string) => outcomes.set(row.line, { line: row.line, outcome: 'rejected', reason, field })
    if (r.customerId === null) reject('unknown_customer', 'customer_ref')
    else if (r.existingPaymentId !== null) {
      if (r.samePayment) outcomes.set(row.line, { line: row.line, outcome: 'unchanged' })
      else reject('payment_changed', 'external_ref')
    } else if (row.invoiceNumber && r.invoiceId === null) reject('unknown_invoice', 'invoice_number')
    else fresh.push({ ...row, customerId: r.customerId, invoiceId: r.invoiceId })
  }

  // Lock first, then decide: a manual payment or another import on the same invoice waits here.
  const locked = await lockInvoicesForSettlement(
    tx,
    fresh.flatMap((p) => (p.invoiceId ? [p.invoiceId] : [])),
  )
  const invoices = new Map(locked.map((invoice) => [invoice.id, { ...invoice, remainingMinor: remainingMinor(invoice) }]))
  const allocationOf = new Map<number, { invoiceId: string; amountMinor: number }>()
  const accepted: typeof fresh = []
  for (const payment of fresh) {
    const reject = (reason: RowRejectionReason) =>
      outcomes.set(payment.line, { line: payment.line, outcome: 'rejected', reason, field: 'invoice_number' })
    if (payment.invoiceId) {
      const invoice = invoices.get(payment.invoiceId)
      if (!invoice) {
        reject('unknown_invoice')
        continue
      }
      const amountMinor = Math.min(payment.amountMinor, invoice.remainingMinor)
      if (amountMinor > 0) {
        const checked = checkAllocations({
          available: money(payment.amountMinor, payment.currency),
          customerId: payment.customerId,
          requests: [{ invoiceId: invoice.id, amountMinor }],
          invoices: [invoice],
        })
        if (!checked.ok) {
          reject(ALLOCATION_REASONS[checked.error.code] ?? 'unknown_invoice')
          continue
        }
        invoice.remainingMinor -= amountMinor
        allocationOf.set(payment.line, { invoiceId: invoice.id, amountMinor })
      } else if (invoice.customerId !== payment.customerId) {
        // Paid in full already: nothing to allocate, the payment is the customer's credit, if it is theirs.
        reject('invoice_of_other_customer')
        continue
      } else if (invoice.currency !== payment.currency) {
        reject('invoice_currency_mismatch')
        continue
      }
    }
    accepted.push(payment)
  }

  const ids = await insertImportedPayments(tx, { entityId: context.entity.id, payments: accepted })
  const allocations: { paymentId: string; invoiceId: string; amountMinor: number }[] = []
  for (const payment of accepted) {
    const id = ids.get(payment.externalRef)
    // Not returned: another transaction recorded the same reference meanwhile; it is there, once.
    outcomes.set(payment.line, { line: payment.line, outcome: id ? 'inserted' : 'unchanged' })
    const allocation = allocationOf.get(payment.line)
    if (id && allocation) allocations.push({ paymentId: id, ...allocation })
  }
  await insertImportedPaymentAllocations(tx, allocations)
  const perInvoice = new Map<string, number>()
  for (const a of allocations) perInvoice.set(a.invoiceId, (perInvoice.get(a.invoiceId) ?? 0) + a.amountMinor)
  await addToInvoiceSettlement(tx, { kind: 'paid', amounts: [...perInvoice].map(([invoiceId, amountMinor]) => ({ invoiceId, amountMinor })) })
  if (ids.size > 0) {
    await insertAuditEvent(tx, {
      actorType: 'system',
      actorId: `import:${context.importId}`,
      action: 'payments.imported',
      subjectType: 'import',
      subjectId: context.importId,
      entityId: context.entity.id,
      after: {
        payments: accepted
          .filter((p) => ids.has(p.externalRef))
          .map((p) => ({ id: ids.get(p.externalRef), externalRef: p.externalRef, amountMinor: p.amountMinor, currency: p.currency, allocation: allocationOf.get(p.line) ?? null })),
      },
    })
  }
  return rows.map((r) => outcomes.get(r.line)!)
}
