import { StyleSheet, Text, View } from '@react-pdf/renderer'
import type { TextProps } from '@react-pdf/renderer'
import type { ReactNode } from 'react'
import type { Translate } from '@quittance/i18n/translator'
import type { CreditorIdentity, CustomerIdentity } from './document-data'

export const COLORS = {
  ink: '#1f2937',
  muted: '#6b7280',
  rule: '#d1d5db',
  band: '#f3f4f6',
  accent: '#1e3a5f',
}

export const styles = StyleSheet.create({
  // No lineHeight on the page: with one, react-pdf 4.9 drops a fixed footer that holds a render-prop text.
  page: { paddingTop: 40, paddingBottom: 64, paddingHorizontal: 44, fontSize: 9, color: COLORS.ink },
  // react-pdf resolves a unitless lineHeight against the font size of the node that declares it and passes the
  // result down in points, so every style below that changes the size restates its line height.
  body: { fontSize: 9, lineHeight: 1.35 },
  row: { flexDirection: 'row' },
  header: { flexDirection: 'row', justifyContent: 'space-between', marginBottom: 22 },
  creditorName: { fontSize: 12, lineHeight: 1.25, fontWeight: 'bold', marginBottom: 3, color: COLORS.accent },
  small: { fontSize: 8, lineHeight: 1.35 },
  muted: { color: COLORS.muted },
  bold: { fontWeight: 'bold' },
  title: { fontSize: 20, lineHeight: 1.2, fontWeight: 'bold', color: COLORS.accent, textAlign: 'right' },
  subtitle: { fontSize: 10.5, lineHeight: 1.3, fontWeight: 'bold', textAlign: 'right', marginTop: 2 },
  label: {
    fontSize: 7.5,
    lineHeight: 1.3,
    color: COLORS.muted,
    textTransform: 'uppercase',
    letterSpacing: 0.4,
    marginBottom: 3,
  },
  box: { borderWidth: 0.75, borderColor: COLORS.rule, borderRadius: 3, padding: 9 },
  sectionTitle: {
    fontSize: 10,
    lineHeight: 1.3,
    fontWeight: 'bold',
    color: COLORS.accent,
    marginTop: 16,
    marginBottom: 6,
  },
  tableHeader: {
    flexDirection: 'row',
    backgroundColor: COLORS.band,
    borderBottomWidth: 0.75,
    borderBottomColor: COLORS.rule,
    paddingVertical: 4,
    fontSize: 8,
    lineHeight: 1.3,
    fontWeight: 'bold',
  },
  denseTable: { fontSize: 8, lineHeight: 1.3 },
  tableRow: {
    flexDirection: 'row',
    borderBottomWidth: 0.5,
    borderBottomColor: COLORS.rule,
    paddingVertical: 4,
  },
  cell: { paddingHorizontal: 4 },
  right: { textAlign: 'right' },
  footer: {
    position: 'absolute',
    left: 44,
    right: 44,
    bottom: 26,
    flexDirection: 'row',
    justifyContent: 'space-between',
    borderTopWidth: 0.5,
    borderTopColor: COLORS.rule,
    paddingTop: 5,
    fontSize: 7,
    color: COLORS.muted,
  },
})

// react-pdf hyphenates with English rules and would cut invoice numbers, IBANs and names at random syllables.
const noHyphenation = (word: string): string[] => [word]

/** Text that only breaks lines at spaces. */
export function Txt(props: TextProps & { children?: ReactNode }) {
  return <Text hyphenationCallback={noHyphenation} {...props} />
}

/** "France" from "FR"; anything that is not a region code is printed as stored. */
export function countryName(country: string, intlTag: string): string {
  if (!/^[A-Za-z]{2}$/.test(country)) return country
  try {
    return new Intl.DisplayNames([intlTag], { type: 'region' }).of(country.toUpperCase()) ?? country
  } catch {
    return country
  }
}

function postalLine(postalCode: string | null, city: string | null): string | null {
  const line = [postalCode, city].filter((part) => part !== null && part !== '').join(' ')
  return line === '' ? null : line
}

export function CreditorBlock(props: { creditor: CreditorIdentity; t: Translate; intlTag: string }) {
  const { creditor: c, t, intlTag } = props
  const legalForm =
    c.legalForm !== null && c.shareCapital !== null
      ? t('creditor.legalFormWithCapital', { legalForm: c.legalForm, capital: c.shareCapital })
      : c.shareCapital !== null
        ? t('creditor.shareCapital', { capital: c.shareCapital })
        : c.legalForm
  const details = [
    legalForm,
    c.siren !== null ? t('creditor.siren', { siren: c.siren }) : null,
    c.vatNumber !== null ? t('party.vatNumber', { vatNumber: c.vatNumber }) : null,
    c.registration !== null ? t('creditor.registration', { registration: c.registration }) : null,
  ]
  const contact = [
    c.email !== null ? t('party.email', { email: c.email }) : null,
    c.phone !== null ? t('party.phone', { phone: c.phone }) : null,
  ]
  return (
    <View style={{ width: '55%' }}>
      <Txt style={styles.creditorName}>{c.legalName}</Txt>
      <Lines lines={[...c.addressLines, postalLine(c.postalCode, c.city), countryName(c.country, intlTag)]} />
      <View style={{ marginTop: 4 }}>
        <Lines lines={details} style={[styles.small, styles.muted]} />
        <Lines lines={contact} style={[styles.small, styles.muted]} />
      </View>
    </View>
  )
}

export function CustomerBlock(props: {
  customer: CustomerIdentity
  heading: string
  t: Translate
  intlTag: string
}) {
  const { customer: c, t, intlTag } = props
  return (
    <View style={[styles.box, { width: '48%' }]}>
      <Txt style={styles.label}>{props.heading}</Txt>
      <Txt style={[styles.bold, { fontSize: 10, lineHeight: 1.3 }]}>{c.name}</Txt>
      <Lines lines={[...c.addressLines, postalLine(c.postalCode, c.city), countryName(c.country, intlTag)]} />
      <View style={{ marginTop: 4 }}>
        <Lines
          style={[styles.small, styles.muted]}
          lines={[
            t('customer.accountRef', { ref: c.externalRef }),
            c.vatNumber !== null ? t('party.vatNumber', { vatNumber: c.vatNumber }) : null,
          ]}
        />
      </View>
    </View>
  )
}

function Lines(props: { lines: (string | null)[]; style?: TextProps['style'] }) {
  return (
    <>
      {props.lines
        .filter((line): line is string => line !== null && line !== '')
        .map((line, index) => (
          <Txt key={index} style={props.style}>
            {line}
          </Txt>
        ))}
    </>
  )
}

/** Label on the left, value on the right, for dates and totals. */
export function LabelValue(props: { label: string; value: string; strong?: boolean; shaded?: boolean }) {
  return (
    <View
      style={[
        { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 2.5, paddingHorizontal: 6 },
        props.shaded === true ? { backgroundColor: COLORS.band } : {},
      ]}
    >
      <Txt style={props.strong === true ? styles.bold : styles.muted}>{props.label}</Txt>
      <Txt style={[styles.right, props.strong === true ? styles.bold : {}]}>{props.value}</Txt>
    </View>
  )
}

export type Column = { width: number | string; align?: 'left' | 'right' }

/** One table row; a number is a width in points, a string marks the column that takes the rest. */
export function TableRow(props: {
  columns: Column[]
  cells: ReactNode[]
  header?: boolean
  strong?: boolean
}) {
  return (
    // A fixed header row is repeated at the top of every page its table continues on.
    <View
      style={props.header === true ? styles.tableHeader : styles.tableRow}
      wrap={false}
      fixed={props.header}
    >
      {props.columns.map((column, index) => (
        <Txt
          key={index}
          style={[
            styles.cell,
            typeof column.width === 'number' ? { width: column.width } : { flexGrow: 1, flexBasis: 0 },
            column.align === 'right' ? styles.right : {},
            props.strong === true ? styles.bold : {},
          ]}
        >
          {props.cells[index] ?? ''}
        </Txt>
      ))}
    </View>
  )
}

/** Legal identity on the left, "Page 1 / 2" on the right, repeated on every page. */
export function Footer(props: { left: string; t: Translate }) {
  const { t } = props
  return (
    <View style={styles.footer} fixed>
      <Txt style={{ maxWidth: '78%' }}>{props.left}</Txt>
      {/* A fixed width: the text is measured before the numbers exist and would otherwise be squeezed. */}
      <Txt
        style={{ width: 90, textAlign: 'right' }}
        render={({ pageNumber, totalPages }) => t('footer.page', { page: pageNumber, pages: totalPages })}
      />
    </View>
  )
}

export function footerIdentity(c: CreditorIdentity, t: Translate): string {
  return [
    c.legalName,
    c.legalForm,
    c.siren !== null ? t('creditor.siren', { siren: c.siren }) : null,
    c.vatNumber !== null ? t('party.vatNumber', { vatNumber: c.vatNumber }) : null,
  ]
    .filter((part): part is string => part !== null && part !== '')
    .join(' · ')
}

/** "FR76 3000 6000 0112 3456 7890 189": groups of four, as banks print it and people retype it. */
export function groupIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ')
}

/** Bytes as a plain Uint8Array, so callers never depend on Node's Buffer API. */
export function toUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
