import { Document, Page, renderToBuffer, View } from '@react-pdf/renderer'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import {
  formatBasisPointsAsPercent,
  latePaymentMentions,
  requiresGermanConsumerDefaultNotice,
} from '@quittance/domain/legal/late-payment-mentions'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { messagesFor } from '@quittance/i18n/catalog'
import { intlLocale } from '@quittance/i18n/locales'
import type { Locale } from '@quittance/i18n/locales'
import { createTranslator } from '@quittance/i18n/translator'
import type { Translate } from '@quittance/i18n/translator'
import type { InvoiceDocumentData } from './document-data'
import {
  COLORS,
  CreditorBlock,
  CustomerBlock,
  Footer,
  footerIdentity,
  groupIban,
  LabelValue,
  styles,
  TableRow,
  toUint8Array,
  Txt,
} from './document-parts'
import type { Column } from './document-parts'
import { documentFontFamily } from './fonts'

const LINE_COLUMNS: Column[] = [
  { width: '100%' },
  { width: 48, align: 'right' },
  { width: 82, align: 'right' },
  { width: 56, align: 'right' },
  { width: 86, align: 'right' },
]

export async function renderInvoicePdf(input: {
  data: InvoiceDocumentData
  locale: Locale
}): Promise<Uint8Array> {
  const intlTag = intlLocale(input.locale)
  const t = createTranslator(intlTag, messagesFor(input.locale, 'documents'))
  const fontFamily = documentFontFamily()
  const buffer = await renderToBuffer(
    <InvoiceDocument
      data={input.data}
      locale={input.locale}
      intlTag={intlTag}
      t={t}
      fontFamily={fontFamily}
    />,
  )
  return toUint8Array(buffer)
}

type Props = { data: InvoiceDocumentData; locale: Locale; intlTag: string; t: Translate; fontFamily: string }

function InvoiceDocument({ data, locale, intlTag, t, fontFamily }: Props) {
  const { creditor, customer, invoice } = data
  const amount = (amountMinor: number) => formatMoney(money(amountMinor, invoice.currency), intlTag)
  const date = (d: string) => formatLocalDate(d, intlTag, 'medium')
  // Quantities are stored in thousandths; the division only feeds the display.
  const quantity = new Intl.NumberFormat(intlTag, { maximumFractionDigits: 3 })
  const legalTexts = legalMentionTexts(data, t, intlTag)

  return (
    <Document
      title={`${t('invoice.title')} ${invoice.number}`}
      author={creditor.legalName}
      subject={`${t('invoice.title')} ${invoice.number}`}
      language={locale}
      creator="Quittance"
      producer="Quittance"
    >
      <Page size="A4" style={[styles.page, { fontFamily }]}>
        <View style={styles.body}>
          <View style={styles.header}>
            <CreditorBlock creditor={creditor} t={t} intlTag={intlTag} />
            <View style={{ alignItems: 'flex-end' }}>
              <Txt style={styles.title}>{t('invoice.title')}</Txt>
              <Txt style={styles.subtitle}>{t('invoice.number', { number: invoice.number })}</Txt>
            </View>
          </View>

          <View
            style={[
              styles.row,
              { justifyContent: 'space-between', alignItems: 'flex-start', marginBottom: 20 },
            ]}
          >
            <View style={{ width: '40%' }}>
              <LabelValue label={t('invoice.issueDate')} value={date(invoice.issueDate)} />
              <LabelValue label={t('invoice.dueDate')} value={date(invoice.dueDate)} strong shaded />
              {invoice.purchaseOrder !== null ? (
                <LabelValue label={t('invoice.purchaseOrder')} value={invoice.purchaseOrder} />
              ) : null}
            </View>
            <CustomerBlock customer={customer} heading={t('invoice.billTo')} t={t} intlTag={intlTag} />
          </View>

          {/* The table has its own View so that its fixed header repeats only on the pages the lines run onto. */}
          <View>
            <TableRow
              header
              columns={LINE_COLUMNS}
              cells={[
                t('invoice.lines.description'),
                t('invoice.lines.quantity'),
                t('invoice.lines.unitPrice'),
                t('invoice.lines.taxRate'),
                t('invoice.lines.net'),
              ]}
            />
            {invoice.lines.map((line, index) => (
              <TableRow
                key={index}
                columns={LINE_COLUMNS}
                cells={[
                  line.description,
                  quantity.format(line.quantityMilli / 1000),
                  amount(line.unitPriceMinor),
                  formatBasisPointsAsPercent(line.taxRateBasisPoints, intlTag),
                  amount(line.netMinor),
                ]}
              />
            ))}
          </View>

          <View style={[styles.row, { marginTop: 14, alignItems: 'flex-start' }]} wrap={false}>
            <View style={{ flexGrow: 1, flexBasis: 0, paddingRight: 14 }}>
              <Txt style={[styles.sectionTitle, { marginTop: 0 }]}>{t('payment.heading')}</Txt>
              {creditor.bankAccount !== null ? (
                <>
                  <Txt>{t('payment.bankTransfer')}</Txt>
                  <View style={[styles.box, { marginTop: 5, paddingVertical: 5 }]}>
                    <BankLine label={t('payment.iban')} value={groupIban(creditor.bankAccount.iban)} />
                    <BankLine label={t('payment.bic')} value={creditor.bankAccount.bic} />
                    {creditor.bankAccount.bankName !== null ? (
                      <BankLine label={t('payment.bank')} value={creditor.bankAccount.bankName} />
                    ) : null}
                    <BankLine label={t('payment.reference')} value={data.paymentReference} strong />
                  </View>
                </>
              ) : (
                <Txt>{t('payment.bankTransferNoAccount', { reference: data.paymentReference })}</Txt>
              )}
              <Txt style={{ marginTop: 5 }}>{t('payment.online')}</Txt>
            </View>

            <View style={{ width: 200 }}>
              <LabelValue label={t('invoice.totals.subtotal')} value={amount(invoice.subtotalMinor)} />
              <LabelValue label={t('invoice.totals.tax')} value={amount(invoice.taxMinor)} />
              <View style={{ borderTopWidth: 0.75, borderTopColor: COLORS.ink, marginTop: 2 }}>
                <LabelValue label={t('invoice.totals.total')} value={amount(invoice.totalMinor)} strong />
              </View>
              {/* A fresh invoice has nothing paid or credited: the zero rows would only add noise. */}
              {invoice.paidMinor !== 0 ? (
                <LabelValue label={t('invoice.totals.paid')} value={amount(-invoice.paidMinor)} />
              ) : null}
              {invoice.creditedMinor !== 0 ? (
                <LabelValue label={t('invoice.totals.credited')} value={amount(-invoice.creditedMinor)} />
              ) : null}
              <View style={{ marginTop: 4 }}>
                <LabelValue
                  label={t('invoice.totals.remaining')}
                  value={amount(invoice.remainingMinor)}
                  strong
                  shaded
                />
              </View>
            </View>
          </View>

          {legalTexts.length > 0 ? (
            <View style={{ marginTop: 18 }} wrap={false}>
              <Txt style={[styles.label, { marginBottom: 4 }]}>{t('legal.heading')}</Txt>
              {legalTexts.map((text, index) => (
                <Txt key={index} style={[styles.small, { marginBottom: 3 }]}>
                  {text}
                </Txt>
              ))}
            </View>
          ) : null}
        </View>
        <Footer left={footerIdentity(creditor, t)} t={t} />
      </Page>
    </Document>
  )
}

function BankLine(props: { label: string; value: string; strong?: boolean }) {
  return (
    <View style={styles.row}>
      <Txt style={[styles.muted, { width: 98, paddingRight: 8 }]}>{props.label}</Txt>
      <Txt style={[{ flexGrow: 1, flexBasis: 0 }, props.strong === true ? styles.bold : {}]}>
        {props.value}
      </Txt>
    </View>
  )
}

/** The sentences the law or the creditor requires at the foot of the invoice, in print order. */
function legalMentionTexts(data: InvoiceDocumentData, t: Translate, intlTag: string): string[] {
  const { creditor, customer } = data
  const texts: string[] = []

  const french = latePaymentMentions({
    creditorCountry: creditor.country,
    debtorKind: customer.kind,
    penaltyRateBasisPoints: creditor.penaltyRateBasisPoints,
  })
  if (french !== null) {
    texts.push(
      t('legal.frLatePayment', {
        rate: formatBasisPointsAsPercent(french.penaltyRateBasisPoints, intlTag),
        amount: formatMoney(french.recoveryIndemnity, intlTag),
      }),
    )
  }

  if (requiresGermanConsumerDefaultNotice({ creditorCountry: creditor.country, debtorKind: customer.kind })) {
    texts.push(t('legal.deConsumerDefault'))
  }

  // The creditor's own text (early-payment discount, VAT exemption article…) is printed as written.
  if (creditor.legalMentions !== null && creditor.legalMentions.trim() !== '') {
    texts.push(...creditor.legalMentions.split(/\r?\n/).filter((line) => line.trim() !== ''))
  }
  return texts
}
