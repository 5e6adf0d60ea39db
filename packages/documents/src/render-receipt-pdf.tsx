import { Document, Page, renderToBuffer, View } from '@react-pdf/renderer'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { messagesFor } from '@quittance/i18n/catalog'
import { intlLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator, type Translate } from '@quittance/i18n/translator'
import type { ReceiptDocumentData } from './document-data'

export type { ReceiptDocumentData }
import { CreditorBlock, CustomerBlock, Footer, footerIdentity, LabelValue, styles, TableRow, toUint8Array, Txt } from './document-parts'
import type { Column } from './document-parts'
import { documentFontFamily } from './fonts'

const COLUMNS: Column[] = [{ width: '100%' }, { width: 120, align: 'right' }]

export async function renderReceiptPdf(input: { data: ReceiptDocumentData; locale: Locale }): Promise<Uint8Array> {
  const intlTag = intlLocale(input.locale)
  const t = createTranslator(intlTag, messagesFor(input.locale, 'documents'))
  const buffer = await renderToBuffer(
    <ReceiptDocument data={input.data} locale={input.locale} intlTag={intlTag} t={t} fontFamily={documentFontFamily()} />,
  )
  return toUint8Array(buffer)
}

function ReceiptDocument(props: { data: ReceiptDocumentData; locale: Locale; intlTag: string; t: Translate; fontFamily: string }) {
  const { data, t, intlTag } = props
  const { receipt } = data
  const format = (amountMinor: number) => formatMoney(money(amountMinor, receipt.currency), intlTag)
  const methodKey = `paymentMethod.${receipt.method}`
  const method = t(methodKey) === methodKey ? receipt.method : t(methodKey)
  return (
    <Document title={`${t('receipt.title')} ${receipt.number}`} author={data.creditor.legalName} language={props.locale} creator="Quittance" producer="Quittance">
      <Page size="A4" style={[styles.page, { fontFamily: props.fontFamily }]}>
        <View style={styles.body}>
          <View style={styles.header}>
            <CreditorBlock creditor={data.creditor} t={t} intlTag={intlTag} />
            <View style={{ alignItems: 'flex-end' }}>
              <Txt style={styles.title}>{t('receipt.title')}</Txt>
              <Txt style={styles.subtitle}>{t('receipt.number', { number: receipt.number })}</Txt>
            </View>
          </View>
          <View style={[styles.row, { justifyContent: 'flex-end' }]}>
            <CustomerBlock customer={data.customer} heading={t('receipt.receivedFrom')} t={t} intlTag={intlTag} />
          </View>
          <View style={{ marginTop: 16, width: '55%' }}>
            <LabelValue label={t('receipt.receivedOn')} value={formatLocalDate(receipt.receivedOn, intlTag, 'long')} />
            <LabelValue label={t('receipt.method')} value={method} />
            {receipt.providerRef !== null ? <LabelValue label={t('receipt.providerRef')} value={receipt.providerRef} /> : null}
            <LabelValue label={t('receipt.amount')} value={format(receipt.amountMinor)} strong shaded />
          </View>
          <Txt style={styles.sectionTitle}>{t('receipt.settles')}</Txt>
          <View style={styles.denseTable}>
            <TableRow header columns={COLUMNS} cells={[t('receipt.invoice'), t('receipt.allocated')]} />
            {receipt.allocations.map((allocation) => (
              <TableRow key={allocation.invoiceNumber} columns={COLUMNS} cells={[allocation.invoiceNumber, format(allocation.amountMinor)]} />
            ))}
            {receipt.creditMinor > 0 ? <TableRow columns={COLUMNS} cells={[t('receipt.credit'), format(receipt.creditMinor)]} /> : null}
            <TableRow strong columns={COLUMNS} cells={[t('receipt.total'), format(receipt.amountMinor)]} />
          </View>
          <Txt style={[styles.muted, { marginTop: 18 }]}>{t('receipt.thanks')}</Txt>
        </View>
        <Footer left={footerIdentity(data.creditor, t)} t={t} />
      </Page>
    </Document>
  )
}
