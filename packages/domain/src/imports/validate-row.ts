import type { LocalDate } from '../dates/local-date'
import type { Result } from '../shared/result'
import {
  amountCell,
  booleanCell,
  countryCell,
  currencyCell,
  customerKindCell,
  dateCell,
  defaultLanguageForCountry,
  emailCell,
  languageCell,
  paymentMethodCell,
  phoneCell,
  referenceCell,
  textCell,
  type CustomerKind,
  type PaymentMethod,
} from './cell-values'
import type { CsvRecord } from './csv-parser'
import { fieldsOf, type ImportField, type ImportKind } from './import-fields'
import type { ImportMapping } from './mapping'
import type { RowRejectionReason } from './reasons'

// From a parsed CSV record to a typed row, or to every reason it cannot be imported. Checks that need the database
// (does the customer exist? is the invoice already paid?) come later, in the import use case, with the same codes.

export type RowError = {
  line: number
  /** The file's column header, as the user named it; null for problems of the whole row. */
  column: string | null
  field: string | null
  reason: RowRejectionReason
}

export type CustomerRow = {
  line: number
  externalRef: string
  name: string
  kind: CustomerKind
  country: string
  language: string
  currency: string
  segment: string | null
  email: string | null
  phone: string | null
  contactName: string | null
  vatNumber: string | null
  siren: string | null
  addressLines: string[]
  postalCode: string | null
  city: string | null
  creditLimitMinor: number | null
}

export type ContactRow = {
  line: number
  customerRef: string
  name: string
  email: string | null
  phone: string | null
  language: string | null
  role: string | null
  isPrimary: boolean | null
}

export type InvoiceRow = {
  line: number
  number: string
  customerRef: string
  issueDate: LocalDate
  dueDate: LocalDate
  currency: string
  subtotalMinor: number
  taxMinor: number
  totalMinor: number
  purchaseOrder: string | null
  pdfFilename: string | null
}

export type PaymentRow = {
  line: number
  externalRef: string
  customerRef: string
  receivedOn: LocalDate
  currency: string
  amountMinor: number
  method: PaymentMethod
  invoiceNumber: string | null
}

export type RowOf<K extends ImportKind> = {
  customers: CustomerRow
  contacts: ContactRow
  invoices: InvoiceRow
  payments: PaymentRow
}[K]

export type ValidatedRow<K extends ImportKind> =
  | { ok: true; line: number; raw: string; row: RowOf<K> }
  | { ok: false; line: number; raw: string; errors: RowError[] }

/** Used for fields the file does not have: the entity's base currency and country. */
export type ImportDefaults = { currency: string; country: string }

export type RowValidator<K extends ImportKind> = {
  kind: K
  /** Fields with a column in the file: an update only touches these (and what is derived from them). */
  mappedFields: ReadonlySet<string>
  validate(record: CsvRecord): ValidatedRow<K>
}

/**
 * Validates rows one after the other. It remembers the key of every valid row, so a later row with the same key
 * (invoice number, customer or payment reference, contact) is refused as a duplicate: the first valid one wins.
 */
export function createRowValidator<K extends ImportKind>(
  kind: K,
  header: readonly string[],
  mapping: ImportMapping,
  defaults: ImportDefaults,
): RowValidator<K> {
  const fields = fieldsOf(kind)
  const columns = new Map<string, { index: number; name: string; field: ImportField }>()
  for (const field of fields) {
    const column = mapping[field.key]
    const index = column === undefined ? -1 : header.indexOf(column)
    if (column !== undefined && index >= 0) columns.set(field.key, { index, name: column, field })
  }
  const mappedFields = new Set(columns.keys())
  const lastMappedIndex = Math.max(-1, ...[...columns.values()].map((c) => c.index))
  const firstKeyLine = new Map<string, number>()
  const build = BUILDERS[kind]

  // One reader for all rows (reset per row): a file of a million rows should not allocate a million closures.
  let current: CsvRecord | null = null
  let errors: RowError[] = []
  const reader: CellReader = {
    text(key) {
      const column = columns.get(key)
      if (!column || !current) return undefined
      return current.fields[column.index]!.trim()
    },
    fail(key, reason) {
      const column = columns.get(key)
      errors.push({ line: current?.line ?? 0, column: column?.name ?? null, field: key, reason })
    },
    get(key, parse) {
      const column = columns.get(key)
      const value = column && current ? current.fields[column.index]!.trim() : undefined
      if (value === undefined || value === '') {
        const field = column?.field ?? fields.find((f) => f.key === key)
        if (field?.required) reader.fail(key, 'required')
        return null
      }
      const parsed = parse(value, column!.field)
      if (!parsed.ok) {
        reader.fail(key, parsed.error)
        return null
      }
      return parsed.value
    },
  }

  return {
    kind,
    mappedFields,
    validate(record) {
      const { line, raw } = record
      if (record.error) return { ok: false, line, raw, errors: [{ line, column: null, field: null, reason: record.error }] }
      if (record.fields.length <= lastMappedIndex) {
        const missing = [...columns.values()].find((c) => c.index >= record.fields.length)
        return { ok: false, line, raw, errors: [{ line, column: missing?.name ?? null, field: missing?.field.key ?? null, reason: 'missing_columns' }] }
      }
      if (record.fields.length > header.length && record.fields.slice(header.length).some((f) => f.trim() !== '')) {
        return { ok: false, line, raw, errors: [{ line, column: null, field: null, reason: 'extra_columns' }] }
      }
      current = record
      errors = []
      const built = build(reader, defaults) as (RowOf<K> & { line: number }) | null
      current = null
      if (errors.length > 0 || built === null) return { ok: false, line, raw, errors }
      const key = rowKey(kind, built as RowOf<ImportKind>)
      const first = firstKeyLine.get(key)
      if (first !== undefined) {
        const keyField = kind === 'invoices' ? 'number' : kind === 'contacts' ? 'customer_ref' : 'external_ref'
        return { ok: false, line, raw, errors: [{ line, column: columns.get(keyField)?.name ?? null, field: keyField, reason: 'duplicate_in_file' }] }
      }
      firstKeyLine.set(key, line)
      built.line = line
      return { ok: true, line, raw, row: built }
    },
  }
}

type CellReader = {
  /** The trimmed cell, or undefined when the field has no column. */
  text(key: string): string | undefined
  fail(key: string, reason: RowRejectionReason): void
  /** The parsed cell; null when empty (a `required` error is recorded for required fields) or invalid (recorded). */
  get<T>(key: string, parse: (value: string, field: ImportField) => Result<T, RowRejectionReason>): T | null
}

type Builder = (cells: CellReader, defaults: ImportDefaults) => Omit<RowOf<ImportKind>, 'line'> | null

const ref = (value: string, field: ImportField) => referenceCell(value, field.maxLength)
const text = (value: string, field: ImportField) => textCell(value, field.maxLength)

const BUILDERS: Record<ImportKind, Builder> = {
  customers(cells, defaults): Omit<CustomerRow, 'line'> | null {
    const externalRef = cells.get('external_ref', ref)
    const name = cells.get('name', text)
    const country = cells.get('country', countryCell) ?? defaults.country
    const currency = cells.get('currency', currencyCell) ?? defaults.currency
    const language = cells.get('language', languageCell) ?? defaultLanguageForCountry(country)
    const kind = cells.get('kind', customerKindCell) ?? 'professional'
    const addressLines = [cells.get('address_line1', text), cells.get('address_line2', text)].filter((l): l is string => !!l)
    const creditLimitMinor = cells.get('credit_limit', (v) => amountCell(v, currency))
    const row = {
      externalRef: externalRef!,
      name: name!,
      kind,
      country,
      language,
      currency,
      segment: cells.get('segment', text),
      email: cells.get('email', emailCell),
      phone: cells.get('phone', phoneCell),
      contactName: cells.get('contact_name', text),
      vatNumber: cells.get('vat_number', ref),
      siren: cells.get('siren', ref),
      addressLines,
      postalCode: cells.get('postal_code', text),
      city: cells.get('city', text),
      creditLimitMinor,
    }
    return externalRef === null || name === null ? null : row
  },

  contacts(cells): Omit<ContactRow, 'line'> | null {
    const customerRef = cells.get('customer_ref', ref)
    const name = cells.get('name', text)
    const email = cells.get('email', emailCell)
    const phone = cells.get('phone', phoneCell)
    // A contact nobody can write to or call is of no use for collection: an e-mail address or a phone is required.
    const emailText = cells.text('email')
    const phoneText = cells.text('phone')
    if (!emailText && !phoneText) {
      cells.fail(emailText === undefined && phoneText !== undefined ? 'phone' : 'email', 'contact_channel_required')
    }
    const row = {
      customerRef: customerRef!,
      name: name!,
      email,
      phone,
      language: cells.get('language', languageCell),
      role: cells.get('role', text),
      isPrimary: cells.get('is_primary', booleanCell),
    }
    return customerRef === null || name === null ? null : row
  },

  invoices(cells, defaults): Omit<InvoiceRow, 'line'> | null {
    const number = cells.get('number', ref)
    const customerRef = cells.get('customer_ref', ref)
    const issueDate = cells.get('issue_date', dateCell)
    const dueDate = cells.get('due_date', dateCell)
    const currency = cells.text('currency') ? cells.get('currency', currencyCell) : defaults.currency
    if (currency === null) return null
    const total = cells.get('total', (v) => amountCell(v, currency))
    const subtotal = cells.get('subtotal', (v) => amountCell(v, currency))
    const tax = cells.get('tax', (v) => amountCell(v, currency))
    // Both are YYYY-MM-DD with a four-digit year: text order is date order.
    if (issueDate !== null && dueDate !== null && dueDate < issueDate) cells.fail('due_date', 'due_before_issue')
    if (number === null || customerRef === null || issueDate === null || dueDate === null || total === null) return null
    const amounts = invoiceAmounts(total, subtotal, tax)
    if (amounts === null) {
      cells.fail('total', 'totals_mismatch')
      return null
    }
    return {
      number,
      customerRef,
      issueDate,
      dueDate,
      currency,
      ...amounts,
      purchaseOrder: cells.get('purchase_order', ref),
      pdfFilename: cells.get('pdf_filename', text),
    }
  },

  payments(cells, defaults): Omit<PaymentRow, 'line'> | null {
    const externalRef = cells.get('external_ref', ref)
    const customerRef = cells.get('customer_ref', ref)
    const receivedOn = cells.get('received_on', dateCell)
    const currency = cells.text('currency') ? cells.get('currency', currencyCell) : defaults.currency
    if (currency === null) return null
    const amountMinor = cells.get('amount', (v) => amountCell(v, currency))
    if (amountMinor === 0) cells.fail('amount', 'zero_amount')
    const method = cells.get('method', paymentMethodCell) ?? 'other'
    const invoiceNumber = cells.get('invoice_number', ref)
    if (externalRef === null || customerRef === null || receivedOn === null || amountMinor === null) return null
    return { externalRef, customerRef, receivedOn, currency, amountMinor, method, invoiceNumber }
  },
}

/** Total is required; net and tax, when given, must add up to it; when one is missing it is what is left. */
function invoiceAmounts(total: number, subtotal: number | null, tax: number | null) {
  if (subtotal !== null && tax !== null) return subtotal + tax === total ? { subtotalMinor: subtotal, taxMinor: tax, totalMinor: total } : null
  if (subtotal !== null) return subtotal <= total ? { subtotalMinor: subtotal, taxMinor: total - subtotal, totalMinor: total } : null
  if (tax !== null) return tax <= total ? { subtotalMinor: total - tax, taxMinor: tax, totalMinor: total } : null
  return { subtotalMinor: total, taxMinor: 0, totalMinor: total }
}

/** What identifies a row for re-imports and duplicates. A contact is its customer plus its e-mail, phone or name. */
export function rowKey(kind: ImportKind, row: RowOf<ImportKind>): string {
  switch (kind) {
    case 'customers':
      return (row as CustomerRow).externalRef
    case 'invoices':
      return (row as InvoiceRow).number
    case 'payments':
      return (row as PaymentRow).externalRef
    case 'contacts': {
      const contact = row as ContactRow
      return `${contact.customerRef}\u0000${contactIdentity(contact)}`
    }
  }
}

/** How a contact is recognised among its customer's contacts: e-mail, else phone digits, else name (any case). */
export function contactIdentity(contact: { email: string | null; phone: string | null; name: string }): string {
  if (contact.email) return `email:${contact.email.toLowerCase()}`
  if (contact.phone) return `phone:${contact.phone.replace(/\D/g, '')}`
  return `name:${contact.name.toLowerCase()}`
}
