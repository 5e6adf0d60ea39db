import { describe, expect, test } from 'vitest'
import {
  escapeHtml,
  longestPlausibleContext,
  renderStepMessage,
  renderTemplate,
  templateFields,
} from './merge-fields'
import type { MergeContext } from './merge-fields'
import { money } from '../money/money'

// Intl puts narrow and ordinary no-break spaces in French amounts and percentages; tests read them as spaces.
const readable = (s: string) => s.replace(/[\u00A0\u202F]/g, ' ')

const ctx: MergeContext = {
  locale: 'fr',
  today: '2026-04-14',
  customer: { name: 'Durand & Fils', reference: 'C-042', address: '3 rue des Lilas\n69003 Lyon' },
  contact: { name: 'Claire Martin' },
  creditor: {
    name: 'Atelier Roux SAS',
    address: '1 place Bellecour\n69002 Lyon',
    legalId: '123 456 789',
    email: 'compta@roux.fr',
    phone: null,
  },
  invoices: [
    {
      number: 'F-2026-017',
      issueDate: '2026-03-02',
      dueDate: '2026-04-01',
      remaining: money(120_000, 'EUR'),
    },
    { number: 'F-2026-009', issueDate: '2026-02-10', dueDate: '2026-03-12', remaining: money(45_050, 'EUR') },
  ],
  portalLink: 'https://pay.roux.fr/fr/a/tok',
}
const withLate: MergeContext = {
  ...ctx,
  lateRateBasisPoints: 1_215,
  invoices: ctx.invoices.map((i, k) => ({
    ...i,
    lateInterest: money(k === 0 ? 519 : 502, 'EUR'),
    recoveryIndemnity: money(4_000, 'EUR'),
  })),
}

describe('renderTemplate in text', () => {
  test.each([
    { template: 'Bonjour {{ customer.name }},', expected: 'Bonjour Durand & Fils,' },
    { template: '{{contact.name}} / {{customer.reference}}', expected: 'Claire Martin / C-042' },
    {
      template: '{{creditor.name}}, SIREN {{creditor.legalId}}',
      expected: 'Atelier Roux SAS, SIREN 123 456 789',
    },
    {
      template: '{{invoices.count}} factures : {{invoices.numbers}}',
      expected: '2 factures : F-2026-017, F-2026-009',
    },
    { template: 'Total {{totals}}', expected: 'Total 1 650,50 €' },
    {
      template: 'Le {{today}}, à régler avant le {{deadline}}',
      expected: 'Le 14 avril 2026, à régler avant le 22 avril 2026',
    },
    { template: '{{portal.link}}', expected: 'https://pay.roux.fr/fr/a/tok' },
    { template: 'Adresse :\n{{customer.address}}', expected: 'Adresse :\n3 rue des Lilas\n69003 Lyon' },
  ])('renders "$template"', ({ template, expected }) => {
    const rendered = renderTemplate(template, ctx, 'text')
    expect(readable(rendered.output)).toBe(expected)
    expect(rendered.problems).toEqual([])
  })

  test('renders the invoice table as labelled lines with a total', () => {
    expect(readable(renderTemplate('{{invoices.table}}', ctx, 'text').output)).toBe(
      [
        '- F-2026-017 · Date 2 mars 2026 · Échéance 1 avr. 2026 · Reste dû 1 200,00 € · Retard 13 jours',
        '- F-2026-009 · Date 10 févr. 2026 · Échéance 12 mars 2026 · Reste dû 450,50 € · Retard 33 jours',
        'Total — Reste dû 1 650,50 €',
      ].join('\n'),
    )
  })

  test('shows principal, penalties and the €40 indemnity apart when the step includes them', () => {
    const rendered = renderTemplate(
      '{{invoices.table}}\n{{late.rate}} | {{late.interest}} | {{late.indemnity}} | {{late.total}}',
      withLate,
      'text',
    )
    expect(readable(rendered.output).split('\n')).toEqual([
      '- F-2026-017 · Date 2 mars 2026 · Échéance 1 avr. 2026 · Reste dû 1 200,00 € · Retard 13 jours · Pénalités de retard 5,19 € · Indemnité forfaitaire 40,00 €',
      '- F-2026-009 · Date 10 févr. 2026 · Échéance 12 mars 2026 · Reste dû 450,50 € · Retard 33 jours · Pénalités de retard 5,02 € · Indemnité forfaitaire 40,00 €',
      'Total — Reste dû 1 650,50 € · Pénalités de retard 10,21 € · Indemnité forfaitaire 80,00 €',
      '12,15 % | 10,21 € | 80,00 € | 1 740,71 €',
    ])
  })

  test.each([
    {
      locale: 'en',
      expected:
        '- F-2026-017 · Date 2 Mar 2026 · Due date 1 Apr 2026 · Amount due €1,200.00 · Overdue 13 days',
    },
    {
      locale: 'de',
      expected:
        '- F-2026-017 · Datum 02.03.2026 · Fällig am 01.04.2026 · Offener Betrag 1.200,00 € · Verzug 13 Tage',
    },
    {
      locale: 'es',
      expected:
        '- F-2026-017 · Fecha 2 mar 2026 · Vencimiento 1 abr 2026 · Importe pendiente 1200,00 € · Retraso 13 días',
    },
    {
      locale: 'fr-BE',
      expected:
        '- F-2026-017 · Date 2 mars 2026 · Échéance 1 avr. 2026 · Reste dû 1 200,00 € · Retard 13 jours',
    },
  ])('formats the table in $locale', ({ locale, expected }) => {
    const one = { ...ctx, locale, invoices: ctx.invoices.slice(0, 1) }
    expect(readable(renderTemplate('{{invoices.table}}', one, 'text').output).split('\n')[0]).toBe(expected)
  })

  test('says an invoice is not yet due, and counts one day in the singular', () => {
    const invoices = [
      { ...ctx.invoices[0]!, dueDate: '2026-04-20' },
      { ...ctx.invoices[1]!, dueDate: '2026-04-13' },
    ]
    const lines = readable(renderTemplate('{{invoices.table}}', { ...ctx, invoices }, 'text').output).split(
      '\n',
    )
    expect(lines[0]).toMatch(/Retard non échue$/)
    expect(lines[1]).toMatch(/Retard 1 jour$/)
  })

  test('keeps an unknown field visible and reports it with its position', () => {
    const rendered = renderTemplate('Bonjour {{customer.nom}} !', ctx, 'text')
    expect(rendered.output).toBe('Bonjour {{customer.nom}} !')
    expect(rendered.problems).toEqual([{ kind: 'unknown-field', field: 'customer.nom', offset: 8 }])
  })

  test('reports a tag that is never closed', () => {
    const rendered = renderTemplate('Bonjour {{customer.name, merci {{totals}}', ctx, 'text')
    expect(rendered.problems).toEqual([{ kind: 'unclosed-tag', offset: 8 }])
    expect(readable(rendered.output)).toBe('Bonjour {{customer.name, merci 1 650,50 €')
  })

  test('reports a value the context lacks once, and leaves it empty', () => {
    const rendered = renderTemplate(
      'Tél. {{creditor.phone}} / {{creditor.phone}} / {{late.interest}}',
      ctx,
      'text',
    )
    expect(rendered.output).toBe('Tél.  /  / ')
    expect(rendered.problems).toEqual([
      { kind: 'missing-value', field: 'creditor.phone' },
      { kind: 'missing-value', field: 'late.interest' },
    ])
  })
})

describe('renderTemplate in HTML', () => {
  test('escapes values and the template’s own text, and makes paragraphs of blank lines', () => {
    const hostile = { ...ctx, customer: { name: '<img src=x onerror=alert(1)>' } }
    expect(
      renderTemplate('Bonjour {{customer.name}} & co,\nligne 2\n\nParagraphe <b>2</b>', hostile, 'html')
        .output,
    ).toBe(
      '<p>Bonjour &lt;img src=x onerror=alert(1)&gt; &amp; co,<br>ligne 2</p>\n<p>Paragraphe &lt;b&gt;2&lt;/b&gt;</p>',
    )
  })

  test('puts the table between paragraphs, never inside one', () => {
    const html = renderTemplate(
      'Voici :\n{{invoices.table}}\nMerci.',
      { ...ctx, invoices: ctx.invoices.slice(0, 1) },
      'html',
    ).output
    expect(readable(html)).toBe(
      [
        '<p>Voici :</p>',
        '<table><thead><tr><th>Facture</th><th>Date</th><th>Échéance</th><th style="text-align:right">Reste dû</th><th style="text-align:right">Retard</th></tr></thead>' +
          '<tbody><tr><td>F-2026-017</td><td>2 mars 2026</td><td>1 avr. 2026</td><td style="text-align:right">1 200,00 €</td><td style="text-align:right">13 jours</td></tr></tbody>' +
          '<tfoot><tr><th colspan="3">Total</th><td style="text-align:right">1 200,00 €</td><td style="text-align:right"></td></tr></tfoot></table>',
        '<p>Merci.</p>',
      ].join('\n'),
    )
  })

  test('escapes invoice numbers inside the table', () => {
    const invoices = [{ ...ctx.invoices[0]!, number: '<F&1>' }]
    expect(renderTemplate('{{invoices.table}}', { ...ctx, invoices }, 'html').output).toContain(
      '<td>&lt;F&amp;1&gt;</td>',
    )
  })

  test('links a web portal link and leaves anything else inert', () => {
    expect(renderTemplate('{{portal.link}}', ctx, 'html').output).toBe(
      '<p><a href="https://pay.roux.fr/fr/a/tok">https://pay.roux.fr/fr/a/tok</a></p>',
    )
    expect(
      renderTemplate('{{portal.link}}', { ...ctx, portalLink: 'javascript:alert(1)' }, 'html').output,
    ).toBe('<p>javascript:alert(1)</p>')
  })

  test('breaks a multi-line address with <br>', () => {
    expect(renderTemplate('{{creditor.address}}', ctx, 'html').output).toBe(
      '<p>1 place Bellecour<br>69002 Lyon</p>',
    )
  })
})

describe('templateFields', () => {
  test('lists the fields used once each, and the problems', () => {
    expect(templateFields('{{totals}} {{ totals }} {{portal.link}} {{nope}}')).toEqual({
      fields: ['totals', 'portal.link'],
      problems: [{ kind: 'unknown-field', field: 'nope', offset: 40 }],
    })
  })
})

describe('renderStepMessage', () => {
  const template = { subject: 'Relance – {{invoices.count}} facture(s)', body: 'Bonjour,\n\n{{totals}}' }
  test.each([
    { channel: 'email', html: true, subject: 'Relance – 2 facture(s)' },
    { channel: 'registered-letter', html: true, subject: 'Relance – 2 facture(s)' },
    { channel: 'sms', html: false, subject: 'Relance – 2 facture(s)' },
    { channel: 'phone-task', html: false, subject: 'Relance – 2 facture(s)' },
  ] as const)('renders a $channel with HTML: $html', ({ channel, html, subject }) => {
    const message = renderStepMessage(template, channel, ctx)
    expect(message.subject).toBe(subject)
    expect(readable(message.text)).toBe('Bonjour,\n\n1 650,50 €')
    expect(message.html !== null).toBe(html)
  })

  test('reports each problem once across subject and body', () => {
    const message = renderStepMessage({ subject: '{{x}}', body: '{{x}} {{creditor.phone}}' }, 'email', ctx)
    expect(message.problems).toEqual([
      { kind: 'unknown-field', field: 'x', offset: 0 },
      { kind: 'missing-value', field: 'creditor.phone' },
    ])
  })
})

describe('escapeHtml and longestPlausibleContext', () => {
  test('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })

  test('fills every field, so the worst case is measured on real text', () => {
    const all =
      '{{customer.name}}{{customer.reference}}{{customer.address}}{{contact.name}}{{creditor.name}}{{creditor.address}}{{creditor.legalId}}{{creditor.email}}{{creditor.phone}}{{invoices.table}}{{invoices.count}}{{invoices.numbers}}{{totals}}{{portal.link}}{{late.rate}}{{late.interest}}{{late.indemnity}}{{late.total}}{{today}}{{deadline}}'
    expect(renderTemplate(all, longestPlausibleContext('fr'), 'text').problems).toEqual([])
  })
})
