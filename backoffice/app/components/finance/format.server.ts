import type { AppLoadContext } from '@remix-run/node'
import { defaultFinanceTimeZone } from '@quittance/db/repositories/backoffice-invoices'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { localDateInTimeZone, type LocalDate } from '@quittance/domain/dates/local-date'
import { daysLate } from '@quittance/domain/invoices/days-late'
import { remainingMinor, settledMinor, type InvoiceAmounts } from '@quittance/domain/invoices/invoice-balance'
import { invoiceStatus } from '@quittance/domain/invoices/invoice-status'
import { formatMoney, toMajorUnitString } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { memoizeFormatter } from '@quittance/domain/shared/memoize-formatter'
import { chooseLocale, intlLocale, type Locale } from '@quittance/i18n/locales'

// Everything these screens show is formatted here, on the server, in the staff member's language: pages read the
// same with or without JavaScript and ship no formatting code.

/** The staff member's language, as the root layout chose it. */
export function staffLocale(staff: { locale: string }, request: Request): Locale {
  return chooseLocale({ contactLanguage: staff.locale, acceptLanguage: request.headers.get('Accept-Language') })
}

const instantFormatter = memoizeFormatter(
  (intlTag, timeZone) => new Intl.DateTimeFormat(intlTag, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
)

export type Formatters = ReturnType<typeof formatters>

export function formatters(locale: Locale, timeZone: string) {
  const intlTag = intlLocale(locale)
  // Decimal comma where the language writes one; parseAmount reads both, so the value goes back as it is shown.
  const decimalComma = locale !== 'en'
  return {
    money: (amountMinor: number, currency: string) => formatMoney(money(amountMinor, currency), intlTag),
    date: (d: LocalDate) => formatLocalDate(d, intlTag),
    instant: (at: Date | string) => instantFormatter(intlTag, timeZone).format(typeof at === 'string' ? new Date(at) : at),
    /** An amount as it goes into a text field: no grouping, no symbol. */
    input: (amountMinor: number, currency: string) => {
      const text = toMajorUnitString(money(amountMinor, currency))
      return decimalComma ? text.replace('.', ',') : text
    },
  }
}

/** "Today" for lists that span customers: the creditor's day (the first entity's zone when there are several). */
export async function financeToday(context: AppLoadContext): Promise<{ today: LocalDate; timeZone: string }> {
  const timeZone = (await defaultFinanceTimeZone(context.db)) ?? 'Europe/Paris'
  return { today: localDateInTimeZone(context.now(), timeZone), timeZone }
}

export function presentInvoiceAmounts(
  invoice: InvoiceAmounts & { currency: string; dueDate: LocalDate },
  today: LocalDate,
  f: Formatters,
) {
  const remaining = remainingMinor(invoice)
  return {
    total: f.money(invoice.totalMinor, invoice.currency),
    settled: f.money(settledMinor(invoice), invoice.currency),
    paid: f.money(invoice.paidMinor, invoice.currency),
    credited: f.money(invoice.creditedMinor, invoice.currency),
    writtenOff: f.money(invoice.writtenOffMinor, invoice.currency),
    remaining: f.money(remaining, invoice.currency),
    remainingMinor: remaining,
    daysLate: remaining > 0 ? daysLate(invoice.dueDate, today) : 0,
    status: invoiceStatus(invoice, today),
  }
}
