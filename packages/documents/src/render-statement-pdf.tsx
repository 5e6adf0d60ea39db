import { Document, Page, renderToBuffer, View } from '@react-pdf/renderer'
import { compareLocalDates } from '@quittance/domain/dates/local-date'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money, sumMoney } from '@quittance/domain/money/money'
import { messagesFor } from '@quittance/i18n/catalog'
import { intlLocale } from '@quittance/i18n/locales'
import type { Locale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import type { Translate } from '@quittance/i18n/translator'
import type { StatementDocumentData, StatementInvoiceRow } from './document-data'
import {
  CreditorBlock,
  CustomerBlock,
  Footer,
  footerIdentity,
  groupIban,
  styles,
  TableRow,
  toUint8Array,
  Txt,
} from './document-parts'
import type { Column } from './document-parts'
import { documentFontFamily } from './fonts'

// Set in 8 pt (styles.denseTable): dates need about 64 pt ("15 sept. 2025"), amounts 80 pt ("21 420,00 $US" in
// bold), and the invoice number takes what is left (about 90 pt).
const INVOICE_COLUMNS: Column[] = [
  { width: '100%' },
  { width: 64 },
  { width: 64 },
  { width: 80, align: 'right' },
  { width: 80, align: 'right' },
  { width: 80, align: 'right' },
  { width: 48, align: 'right' },
]
const PAYMENT_COLUMNS: Column[] = [
  { width: 76 },
  { width: '100%' },
  { width: 120 },
  { width: 86, align: 'right' },
]

export async function renderStatementPdf(input: {
  data: StatementDocumentData
  locale: Locale
}): Promise<Uint8Array> {
  const intlTag = intlLocale(input.locale)
  const t = createTranslator(intlTag, messagesFor(input.locale, 'documents'))
  const fontFamily = documentFontFamily()
  const buffer = await renderToBuffer(
    <StatementDocument
      data={input.data}
      locale={input.locale}
      intlTag={intlTag}
      t={t}
      fontFamily={fontFamily}
    />,
  )
  return toUint8Array(buffer)
}

type Props = {
  data: StatementDocumentData
  locale: Locale
  intlTag: string
  t: Translate
  fontFamily: string
}

function StatementDocument({ data, locale, intlTag, t, fontFamily }: Props) {
  const { creditor, customer } = data
  const date = (d: string) => formatLocalDate(d, intlTag, 'medium')
  const groups = groupByCurrency(data.openInvoices)
  const account = creditor.bankAccount

  return (
    <Document
      title={`${t('statement.title')} ${customer.name}`}
      author={creditor.legalName}
      language={locale}
      creator="Quittance"
      producer="Quittance"
    >
      <Page size="A4" style={[styles.page, { fontFamily }]}>
        <View style={styles.body}>
          <View style={styles.header}>
            <CreditorBlock creditor={creditor} t={t} intlTag={intlTag} />
            <View style={{ alignItems: 'flex-end' }}>
              <Txt style={styles.title}>{t('statement.title')}</Txt>
              <Txt style={styles.subtitle}>{t('statement.asOf', { date: date(data.asOf) })}</Txt>
            </View>
          </View>

          <View style={[styles.row, { justifyContent: 'flex-end' }]}>
            <CustomerBlock
              customer={customer}
              heading={t('statement.customerHeading')}
              t={t}
              intlTag={intlTag}
            />
          </View>

          <Txt style={styles.sectionTitle} minPresenceAhead={60}>
            {t('statement.openInvoices')}
          </Txt>
          {groups.length === 0 ? <Txt style={styles.muted}>{t('statement.noOpenInvoices')}</Txt> : null}
          {groups.map(({ currency, rows }) => {
            const format = (amountMinor: number) => formatMoney(money(amountMinor, currency), intlTag)
            // Each currency is summed on its own: an EUR and a USD amount have no meaningful total.
            const sum = (pick: (row: StatementInvoiceRow) => number) =>
              sumMoney(
                rows.map((row) => money(pick(row), currency)),
                currency,
              ).amountMinor
            return (
              <View key={currency} style={[styles.denseTable, { marginBottom: 10 }]}>
                <Txt style={[styles.body, styles.bold, { marginBottom: 3 }]} minPresenceAhead={50}>
                  {t('statement.currencyGroup', { currency })}
                </Txt>
                <TableRow
                  header
                  columns={INVOICE_COLUMNS}
                  cells={[
                    t('statement.columns.number'),
                    t('statement.columns.issueDate'),
                    t('statement.columns.dueDate'),
                    t('statement.columns.amount'),
                    t('statement.columns.settled'),
                    t('statement.columns.remaining'),
                    t('statement.columns.daysLate'),
                  ]}
                />
                {rows.map((row) => (
                  <TableRow
                    key={row.number}
                    columns={INVOICE_COLUMNS}
                    cells={[
                      row.number,
                      date(row.issueDate),
                      date(row.dueDate),
                      format(row.totalMinor),
                      format(row.settledMinor),
                      format(row.remainingMinor),
                      row.daysLate > 0 ? String(row.daysLate) : '–',
                    ]}
                  />
                ))}
                <TableRow
                  strong
                  columns={[{ width: '100%' }, ...INVOICE_COLUMNS.slice(3)]}
                  cells={[
                    t('statement.subtotal', { currency }),
                    format(sum((row) => row.totalMinor)),
                    format(sum((row) => row.settledMinor)),
                    format(sum((row) => row.remainingMinor)),
                    '',
                  ]}
                />
              </View>
            )
          })}

          <Txt style={styles.sectionTitle} minPresenceAhead={60}>
            {t('statement.recentPayments')}
          </Txt>
          {data.recentPayments.length === 0 ? (
            <Txt style={styles.muted}>{t('statement.noRecentPayments')}</Txt>
          ) : (
            <View style={styles.denseTable}>
              <TableRow
                header
                columns={PAYMENT_COLUMNS}
                cells={[
                  t('statement.payments.receivedOn'),
                  t('statement.payments.reference'),
                  t('statement.payments.method'),
                  t('statement.payments.amount'),
                ]}
              />
              {data.recentPayments.map((payment, index) => (
                <TableRow
                  key={index}
                  columns={PAYMENT_COLUMNS}
                  cells={[
                    date(payment.receivedOn),
                    payment.reference ?? '–',
                    paymentMethodLabel(payment.method, t),
                    formatMoney(money(payment.amountMinor, payment.currency), intlTag),
                  ]}
                />
              ))}
            </View>
          )}

          <View style={[styles.box, { marginTop: 18 }]} wrap={false}>
            {account !== null ? (
              <Txt>{t('statement.howToPay', { iban: groupIban(account.iban), bic: account.bic })}</Txt>
            ) : null}
            <Txt>{t('statement.howToPayOnline')}</Txt>
            {creditor.email !== null ? (
              <Txt style={styles.muted}>{t('statement.contact', { email: creditor.email })}</Txt>
            ) : null}
          </View>
        </View>
        <Footer left={footerIdentity(creditor, t)} t={t} />
      </Page>
    </Document>
  )
}

/** Currencies in code order, invoices oldest due first inside each. */
function groupByCurrency(rows: StatementInvoiceRow[]): { currency: string; rows: StatementInvoiceRow[] }[] {
  const groups = new Map<string, StatementInvoiceRow[]>()
  for (const row of rows) groups.set(row.currency, [...(groups.get(row.currency) ?? []), row])
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, list]) => ({
      currency,
      rows: [...list].sort(
        (a, b) => compareLocalDates(a.dueDate, b.dueDate) || (a.number < b.number ? -1 : 1),
      ),
    }))
}

// Methods are stored as codes (card, sepa_debit…); an unknown code is printed as stored rather than as a key.
function paymentMethodLabel(method: string, t: Translate): string {
  const key = `paymentMethod.${method}`
  const label = t(key)
  return label === key ? method : label
}
