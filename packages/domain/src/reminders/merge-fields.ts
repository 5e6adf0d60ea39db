import type { Channel, StepTemplate } from './scenario'
import { formatLocalDate } from '../dates/format-date'
import { addDays, daysBetween } from '../dates/local-date'
import type { LocalDate } from '../dates/local-date'
import { formatBasisPointsAsPercent } from '../legal/late-payment-mentions'
import { formatMoney } from '../money/format-money'
import { money } from '../money/money'
import type { Money } from '../money/money'

/** Every field a template may use, as `{{customer.name}}`. Anything else is reported as unknown. */
export const MERGE_FIELDS = [
  'customer.name',
  'customer.reference',
  'customer.address',
  'contact.name',
  'creditor.name',
  'creditor.address',
  'creditor.legalId',
  'creditor.email',
  'creditor.phone',
  'invoices.table',
  'invoices.count',
  'invoices.numbers',
  'totals',
  'portal.link',
  'late.rate',
  'late.interest',
  'late.indemnity',
  'late.total',
  'today',
  'deadline',
] as const
export type MergeField = (typeof MERGE_FIELDS)[number]

/** Fields that only have a value when the step includes the statutory late-payment amounts. */
export const LATE_PAYMENT_FIELDS: readonly MergeField[] = [
  'late.rate',
  'late.interest',
  'late.indemnity',
  'late.total',
]

export type MergeInvoice = {
  number: string
  issueDate: LocalDate
  dueDate: LocalDate
  /** The principal still owed. */
  remaining: Money
  /** Statutory penalties accrued to today, when the step shows them. */
  lateInterest?: Money | null
  /** The €40 indemnity, when owed (professional debtors only). */
  recoveryIndemnity?: Money | null
}

export type MergeContext = {
  /** The message's language: 'fr', 'en', 'de', 'es' (or with a region, 'fr-BE'). */
  locale: string
  today: LocalDate
  customer: { name: string; reference?: string | null; address?: string | null }
  contact?: { name: string | null } | null
  creditor: {
    name: string
    address?: string | null
    legalId?: string | null
    email?: string | null
    phone?: string | null
  }
  /** The invoices of this message: one customer, one currency. */
  invoices: readonly MergeInvoice[]
  portalLink: string
  /** The penalty rate used for `late.interest`, shown as `late.rate`. */
  lateRateBasisPoints?: number | null
  /** Days given to pay in `{{deadline}}`; 8 by default, the usual delay of a French formal notice. */
  deadlineDays?: number
}

export type RenderFormat = 'text' | 'html'

export type MergeProblem =
  | { kind: 'unknown-field'; field: string; offset: number }
  | { kind: 'unclosed-tag'; offset: number }
  | { kind: 'missing-value'; field: MergeField }

export type RenderedTemplate = { output: string; problems: MergeProblem[] }

type Token = { kind: 'text'; text: string } | { kind: 'field'; name: string; raw: string; offset: number }

const FIELD_SET: ReadonlySet<string> = new Set(MERGE_FIELDS)

export function isMergeField(name: string): name is MergeField {
  return FIELD_SET.has(name)
}

function tokenize(template: string): { tokens: Token[]; problems: MergeProblem[] } {
  const tokens: Token[] = []
  const problems: MergeProblem[] = []
  let index = 0
  while (index < template.length) {
    const open = template.indexOf('{{', index)
    if (open === -1) break
    const close = template.indexOf('}}', open + 2)
    const nextOpen = template.indexOf('{{', open + 2)
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      problems.push({ kind: 'unclosed-tag', offset: open })
      tokens.push({ kind: 'text', text: template.slice(index, open + 2) })
      index = open + 2
      continue
    }
    if (open > index) tokens.push({ kind: 'text', text: template.slice(index, open) })
    const raw = template.slice(open, close + 2)
    tokens.push({ kind: 'field', name: raw.slice(2, -2).trim(), raw, offset: open })
    index = close + 2
  }
  if (index < template.length) tokens.push({ kind: 'text', text: template.slice(index) })
  return { tokens, problems }
}

/**
 * The fields a template uses, and its syntax problems (unknown fields, a `{{` never closed), for the editor.
 */
export function templateFields(template: string): { fields: MergeField[]; problems: MergeProblem[] } {
  const { tokens, problems } = tokenize(template)
  const fields: MergeField[] = []
  for (const token of tokens) {
    if (token.kind !== 'field') continue
    if (isMergeField(token.name)) {
      if (!fields.includes(token.name)) fields.push(token.name)
    } else {
      problems.push({ kind: 'unknown-field', field: token.name, offset: token.offset })
    }
  }
  return { fields, problems: problems.sort((a, b) => offsetOf(a) - offsetOf(b)) }
}

function offsetOf(problem: MergeProblem): number {
  return 'offset' in problem ? problem.offset : Number.MAX_SAFE_INTEGER
}

// Debtor-facing labels of the invoice table; the sentences around it are in the templates.
type Labels = {
  intl: string
  invoice: string
  date: string
  due: string
  remaining: string
  late: string
  penalties: string
  indemnity: string
  total: string
  notDue: string
  days: (n: number) => string
}

const LABELS: Readonly<Record<string, Labels>> = {
  fr: {
    intl: 'fr-FR',
    invoice: 'Facture',
    date: 'Date',
    due: 'Échéance',
    remaining: 'Reste dû',
    late: 'Retard',
    penalties: 'Pénalités de retard',
    indemnity: 'Indemnité forfaitaire',
    total: 'Total',
    notDue: 'non échue',
    days: (n) => (n === 1 ? '1 jour' : `${n} jours`),
  },
  en: {
    intl: 'en-GB',
    invoice: 'Invoice',
    date: 'Date',
    due: 'Due date',
    remaining: 'Amount due',
    late: 'Overdue',
    penalties: 'Late-payment interest',
    indemnity: 'Fixed recovery indemnity',
    total: 'Total',
    notDue: 'not yet due',
    days: (n) => (n === 1 ? '1 day' : `${n} days`),
  },
  de: {
    intl: 'de-DE',
    invoice: 'Rechnung',
    date: 'Datum',
    due: 'Fällig am',
    remaining: 'Offener Betrag',
    late: 'Verzug',
    penalties: 'Verzugszinsen',
    indemnity: 'Pauschale',
    total: 'Summe',
    notDue: 'noch nicht fällig',
    days: (n) => (n === 1 ? '1 Tag' : `${n} Tage`),
  },
  es: {
    intl: 'es-ES',
    invoice: 'Factura',
    date: 'Fecha',
    due: 'Vencimiento',
    remaining: 'Importe pendiente',
    late: 'Retraso',
    penalties: 'Intereses de demora',
    indemnity: 'Indemnización fija',
    total: 'Total',
    notDue: 'no vencida',
    days: (n) => (n === 1 ? '1 día' : `${n} días`),
  },
}

function labelsFor(locale: string): Labels {
  return LABELS[locale.slice(0, 2).toLowerCase()] ?? LABELS.en!
}

// 'fr' formats as fr-FR; a locale with a region ('fr-BE') keeps it.
function intlLocale(locale: string): string {
  return locale.includes('-') ? locale : labelsFor(locale).intl
}

export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

// One amount per currency, in order of first appearance: a message has one currency, but a sum never mixes
// them.
function sumsByCurrency(amounts: readonly Money[]): Money[] {
  const sums = new Map<string, number>()
  for (const m of amounts) sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amountMinor)
  return [...sums].map(([currency, minor]) => money(minor, currency))
}

function formatSums(amounts: readonly Money[], locale: string): string {
  return sumsByCurrency(amounts)
    .map((m) => formatMoney(m, locale))
    .join(' + ')
}

type Value = { text: string; html?: string; block?: boolean } | null

function present(s: string | null | undefined): Value {
  return s === null || s === undefined || s.trim() === '' ? null : { text: s }
}

function multiline(s: string | null | undefined): Value {
  const v = present(s)
  return v && { text: v.text, html: v.text.split('\n').map(escapeHtml).join('<br>') }
}

function invoiceTable(ctx: MergeContext): Value {
  if (ctx.invoices.length === 0) return null
  const l = labelsFor(ctx.locale)
  const loc = intlLocale(ctx.locale)
  const withLate = ctx.invoices.some((i) => i.lateInterest != null || i.recoveryIndemnity != null)
  const late = (i: MergeInvoice) => {
    const days = daysBetween(i.dueDate, ctx.today)
    return days > 0 ? l.days(days) : l.notDue
  }
  const amount = (m: Money | null | undefined) => (m == null ? '–' : formatMoney(m, loc))
  const rows = ctx.invoices.map((i) => {
    const cells = [
      i.number,
      formatLocalDate(i.issueDate, loc),
      formatLocalDate(i.dueDate, loc),
      formatMoney(i.remaining, loc),
      late(i),
    ]
    return withLate ? [...cells, amount(i.lateInterest), amount(i.recoveryIndemnity)] : cells
  })
  const headers = [
    l.invoice,
    l.date,
    l.due,
    l.remaining,
    l.late,
    ...(withLate ? [l.penalties, l.indemnity] : []),
  ]
  const totals = [
    formatSums(
      ctx.invoices.map((i) => i.remaining),
      loc,
    ),
    '',
    ...(withLate
      ? [
          formatSums(
            ctx.invoices.flatMap((i) => (i.lateInterest ? [i.lateInterest] : [])),
            loc,
          ),
          formatSums(
            ctx.invoices.flatMap((i) => (i.recoveryIndemnity ? [i.recoveryIndemnity] : [])),
            loc,
          ),
        ]
      : []),
  ]

  // Text has no columns: each value carries its label, and the total line names what it adds up.
  const labelled = (cells: string[], offset: number) =>
    cells.map((c, k) => `${headers[k + offset]} ${c}`).join(' · ')
  const totalCells = [totals[0]!, ...totals.slice(2)]
  const totalLabels = [l.remaining, ...(withLate ? [l.penalties, l.indemnity] : [])]
  const text = [
    ...rows.map((cells) => `- ${cells[0]} · ${labelled(cells.slice(1), 1)}`),
    `${l.total} — ${totalCells.map((c, k) => `${totalLabels[k]} ${c}`).join(' · ')}`,
  ].join('\n')

  // Columns from "remaining" on hold amounts or counts: right-aligned, as accountants read them.
  const align = (k: number) => (k >= 3 ? ' style="text-align:right"' : '')
  const th = headers.map((h, k) => `<th${align(k)}>${escapeHtml(h)}</th>`).join('')
  const body = rows
    .map((cells) => `<tr>${cells.map((c, k) => `<td${align(k)}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')
  const foot = `<tr><th colspan="3">${escapeHtml(l.total)}</th>${totals
    .map((t, k) => `<td${align(k + 3)}>${escapeHtml(t)}</td>`)
    .join('')}</tr>`
  const html = `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody><tfoot>${foot}</tfoot></table>`
  return { text, html, block: true }
}

function fieldValue(field: MergeField, ctx: MergeContext): Value {
  const loc = intlLocale(ctx.locale)
  const interests = ctx.invoices.flatMap((i) => (i.lateInterest ? [i.lateInterest] : []))
  const indemnities = ctx.invoices.flatMap((i) => (i.recoveryIndemnity ? [i.recoveryIndemnity] : []))
  switch (field) {
    case 'customer.name':
      return present(ctx.customer.name)
    case 'customer.reference':
      return present(ctx.customer.reference)
    case 'customer.address':
      return multiline(ctx.customer.address)
    case 'contact.name':
      return present(ctx.contact?.name)
    case 'creditor.name':
      return present(ctx.creditor.name)
    case 'creditor.address':
      return multiline(ctx.creditor.address)
    case 'creditor.legalId':
      return present(ctx.creditor.legalId)
    case 'creditor.email':
      return present(ctx.creditor.email)
    case 'creditor.phone':
      return present(ctx.creditor.phone)
    case 'invoices.table':
      return invoiceTable(ctx)
    case 'invoices.count':
      return { text: String(ctx.invoices.length) }
    case 'invoices.numbers':
      return present(ctx.invoices.map((i) => i.number).join(', '))
    case 'totals':
      return ctx.invoices.length === 0
        ? null
        : {
            text: formatSums(
              ctx.invoices.map((i) => i.remaining),
              loc,
            ),
          }
    case 'portal.link': {
      const link = present(ctx.portalLink)
      if (!link) return null
      // Only web links become anchors: anything else stays inert text.
      const href = /^https?:\/\//.test(link.text) ? link.text : null
      return {
        text: link.text,
        html: href ? `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>` : escapeHtml(link.text),
      }
    }
    case 'late.rate':
      return ctx.lateRateBasisPoints == null
        ? null
        : { text: formatBasisPointsAsPercent(ctx.lateRateBasisPoints, loc) }
    case 'late.interest':
      return interests.length === 0 ? null : { text: formatSums(interests, loc) }
    case 'late.indemnity':
      return indemnities.length === 0 ? null : { text: formatSums(indemnities, loc) }
    case 'late.total':
      if (interests.length === 0 && indemnities.length === 0) return null
      return {
        text: formatSums([...ctx.invoices.map((i) => i.remaining), ...interests, ...indemnities], loc),
      }
    case 'today':
      return { text: formatLocalDate(ctx.today, loc, 'long') }
    case 'deadline':
      return { text: formatLocalDate(addDays(ctx.today, ctx.deadlineDays ?? 8), loc, 'long') }
  }
}

const BLOCK = '\u0000'

function htmlParagraphs(parts: { html: string; block: boolean }[]): string {
  // Blank lines make paragraphs. A block field (the table) always stands between paragraphs, never inside
  // one: a <table> inside a <p> is invalid HTML.
  const joined = parts.map((p) => (p.block ? `${BLOCK}${p.html}${BLOCK}` : p.html)).join('')
  const out: string[] = []
  for (const paragraph of joined.split(/\n[ \t]*\n/)) {
    paragraph.split(BLOCK).forEach((segment, k) => {
      // Odd segments sit between two markers: they are blocks.
      if (k % 2 === 1) out.push(segment)
      else if (segment.trim() !== '') out.push(`<p>${segment.trim().replace(/\n/g, '<br>')}</p>`)
    })
  }
  return out.join('\n')
}

/**
 * Renders a template for a message. In HTML the template's own text is escaped too (templates are plain text,
 * so no staff member can inject markup) and blank lines make paragraphs. Unknown fields stay visible as typed
 * and are reported, like values the context lacks, so the editor's live preview can point at them.
 */
export function renderTemplate(template: string, ctx: MergeContext, format: RenderFormat): RenderedTemplate {
  const { tokens, problems } = tokenize(template)
  const parts: { text: string; html: string; block: boolean }[] = []
  for (const token of tokens) {
    if (token.kind === 'text') {
      parts.push({ text: token.text, html: escapeHtml(token.text), block: false })
      continue
    }
    if (!isMergeField(token.name)) {
      problems.push({ kind: 'unknown-field', field: token.name, offset: token.offset })
      parts.push({ text: token.raw, html: escapeHtml(token.raw), block: false })
      continue
    }
    const value = fieldValue(token.name, ctx)
    if (value === null) {
      if (!problems.some((p) => p.kind === 'missing-value' && p.field === token.name)) {
        problems.push({ kind: 'missing-value', field: token.name })
      }
      parts.push({ text: '', html: '', block: false })
      continue
    }
    parts.push({ text: value.text, html: value.html ?? escapeHtml(value.text), block: value.block === true })
  }
  const output = format === 'text' ? parts.map((p) => p.text).join('') : htmlParagraphs(parts)
  return { output, problems: problems.sort((a, b) => offsetOf(a) - offsetOf(b)) }
}

export type RenderedMessage = {
  subject: string | null
  text: string
  /** For e-mails and letters (rendered to PDF); null for SMS and tasks. */
  html: string | null
  problems: MergeProblem[]
}

/**
 * A step's template rendered for its channel: e-mails get both parts, SMS and tasks plain text, letters HTML.
 */
export function renderStepMessage(
  template: StepTemplate,
  channel: Channel,
  ctx: MergeContext,
): RenderedMessage {
  const subject = template.subject === undefined ? null : renderTemplate(template.subject, ctx, 'text')
  const text = renderTemplate(template.body, ctx, 'text')
  const wantsHtml = channel === 'email' || channel === 'postal-letter' || channel === 'registered-letter'
  const html = wantsHtml ? renderTemplate(template.body, ctx, 'html') : null
  const problems = [...(subject?.problems ?? []), ...text.problems]
  const unique = problems.filter(
    (p, i) => problems.findIndex((q) => JSON.stringify(q) === JSON.stringify(p)) === i,
  )
  return { subject: subject?.output ?? null, text: text.output, html: html?.output ?? null, problems: unique }
}

/**
 * Long but realistic values, to check a template's worst case (an SMS must stay within its segments whatever
 * the customer's name or the number of invoices).
 */
export function longestPlausibleContext(locale: string): MergeContext {
  const invoice = (n: number): MergeInvoice => ({
    number: `FAC-2026-00012${n}`,
    issueDate: '2026-01-15',
    dueDate: '2026-02-14',
    remaining: money(123_456_789, 'EUR'),
    lateInterest: money(1_234_567, 'EUR'),
    recoveryIndemnity: money(4_000, 'EUR'),
  })
  return {
    locale,
    today: '2026-09-30',
    customer: {
      name: 'Établissements Durand-Lefèvre et Associés Ingénierie SAS',
      reference: 'CLI-000012345678',
      address: '128 boulevard Haussmann\nBâtiment C, 4e étage\n75008 Paris',
    },
    contact: { name: 'Marie-Christine de La Rochefoucauld-Montbel' },
    creditor: {
      name: 'Société Française de Distribution Industrielle SAS',
      address: '2 avenue de la République\n69002 Lyon',
      legalId: '123 456 789',
      email: 'comptabilite.clients@exemple-entreprise.fr',
      phone: '+33 4 12 34 56 78',
    },
    invoices: [invoice(1), invoice(2), invoice(3)],
    portalLink: 'https://paiement.exemple-entreprise.fr/fr/a/Xy7Qk2vR9mN4pL8sT3wZ6bC1dF5gH0jK2aE4iO6uY8t',
    lateRateBasisPoints: 1_215,
  }
}
