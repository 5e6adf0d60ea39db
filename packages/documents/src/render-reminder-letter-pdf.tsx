import { Document, Page, renderToBuffer, View } from '@react-pdf/renderer'
import type { LocalDate } from '@quittance/domain/dates/local-date'
import { formatLocalDate } from '@quittance/domain/dates/format-date'
import { messagesFor } from '@quittance/i18n/catalog'
import { intlLocale, type Locale } from '@quittance/i18n/locales'
import { createTranslator, type Translate } from '@quittance/i18n/translator'
import type { CreditorIdentity, CustomerIdentity } from './document-data'
import { CreditorBlock, CustomerBlock, Footer, footerIdentity, styles, toUint8Array, Txt } from './document-parts'
import { documentFontFamily } from './fonts'

/** A reminder letter: the step's template rendered as text (with its invoice table), on the creditor's letterhead. */
export type ReminderLetterData = {
  creditor: CreditorIdentity
  customer: CustomerIdentity
  /** 'postal' or 'registered' (lettre recommandée avec accusé de réception). */
  kind: 'postal' | 'registered'
  date: LocalDate
  subject: string | null
  /** The rendered body: paragraphs separated by blank lines; lines starting with "- " are the invoice table. */
  body: string
  /** The action key, printed small: the letter provider and the archive find the letter by it. */
  reference: string
}

// The few words a letter adds around the template, in the debtor's language.
const WORDS: Record<Locale, { registered: string; addressee: string; subject: string; reference: string; dated: (place: string, date: string) => string }> = {
  fr: {
    registered: 'Lettre recommandée avec accusé de réception',
    addressee: 'Destinataire',
    subject: 'Objet',
    reference: 'Référence',
    dated: (place, date) => `${place}, le ${date}`,
  },
  en: {
    registered: 'Registered letter with acknowledgement of receipt',
    addressee: 'To',
    subject: 'Subject',
    reference: 'Reference',
    dated: (place, date) => `${place}, ${date}`,
  },
  de: {
    registered: 'Einschreiben mit Rückschein',
    addressee: 'Empfänger',
    subject: 'Betreff',
    reference: 'Referenz',
    dated: (place, date) => `${place}, den ${date}`,
  },
  es: {
    registered: 'Carta certificada con acuse de recibo',
    addressee: 'Destinatario',
    subject: 'Asunto',
    reference: 'Referencia',
    dated: (place, date) => `${place}, a ${date}`,
  },
}

export async function renderReminderLetterPdf(input: { data: ReminderLetterData; locale: Locale }): Promise<Uint8Array> {
  const intlTag = intlLocale(input.locale)
  const t = createTranslator(intlTag, messagesFor(input.locale, 'documents'))
  const buffer = await renderToBuffer(
    <LetterDocument data={input.data} locale={input.locale} intlTag={intlTag} t={t} fontFamily={documentFontFamily()} />,
  )
  return toUint8Array(buffer)
}

function LetterDocument(props: { data: ReminderLetterData; locale: Locale; intlTag: string; t: Translate; fontFamily: string }) {
  const { data, t, intlTag } = props
  const words = WORDS[props.locale]
  const paragraphs = data.body.split(/\n[ \t]*\n/).filter((p) => p.trim() !== '')
  return (
    <Document title={data.subject ?? words.subject} author={data.creditor.legalName} language={props.locale} creator="Quittance" producer="Quittance">
      <Page size="A4" style={[styles.page, { fontFamily: props.fontFamily }]}>
        <View style={styles.body}>
          <View style={styles.header}>
            <CreditorBlock creditor={data.creditor} t={t} intlTag={intlTag} />
          </View>
          <View style={[styles.row, { justifyContent: 'flex-end' }]}>
            <CustomerBlock customer={data.customer} heading={words.addressee} t={t} intlTag={intlTag} />
          </View>
          {data.kind === 'registered' ? <Txt style={[styles.bold, { marginTop: 12 }]}>{words.registered}</Txt> : null}
          <Txt style={{ marginTop: 12 }}>{words.dated(data.creditor.city, formatLocalDate(data.date, intlTag, 'long'))}</Txt>
          {data.subject ? (
            <Txt style={[styles.bold, { marginTop: 10 }]}>
              {words.subject} : {data.subject}
            </Txt>
          ) : null}
          <View style={{ marginTop: 12 }}>
            {paragraphs.map((paragraph, index) => (
              <Txt key={index} style={{ marginBottom: 8, lineHeight: 1.4 }}>
                {paragraph.trim()}
              </Txt>
            ))}
          </View>
          <Txt style={[styles.small, styles.muted, { marginTop: 12 }]}>
            {words.reference} : {data.reference}
          </Txt>
        </View>
        <Footer left={footerIdentity(data.creditor, t)} t={t} />
      </Page>
    </Document>
  )
}
