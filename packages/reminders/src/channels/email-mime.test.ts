import { simpleParser } from 'mailparser'
import { describe, expect, test } from 'vitest'
import { TINY_PDF } from '../testing/tiny-pdf'
import { buildMimeMessage, isSimpleAddress } from './email-mime'

const base = {
  from: { name: 'Société Générale d’Équipement "SGE"', address: 'relances@sge.example' },
  to: 'compta@dupont.example',
  subject: 'Relance : facture F-2026-0012 échue depuis 3 jours — merci de régulariser votre situation au plus vite',
  text: 'Bonjour,\n\nLa facture F-2026-0012 (1 234,56 €) est échue.\n.Une ligne qui commence par un point.\n' + 'x'.repeat(200) + '\nCordialement',
  html: '<p>Bonjour,</p><table><tr><td>F-2026-0012</td><td>1 234,56 €</td></tr></table>',
  messageId: '<abc123@quittance.invalid>',
  headers: { 'X-Quittance-Idempotency-Key': 'reminder:k-1', 'Content-Language': 'fr' },
  attachments: [
    { filename: 'facture.pdf', contentType: 'application/pdf', content: TINY_PDF },
    { filename: 'Facture n°12 (copie).pdf', contentType: 'application/pdf', content: TINY_PDF.subarray(0, 40) },
  ],
  date: new Date('2026-03-10T09:00:00Z'),
}

describe('reminder e-mails built in memory', () => {
  test('a MIME reader gets back every field, the text, the HTML and the files byte for byte', async () => {
    const raw = buildMimeMessage(base)
    expect(raw.toString('latin1')).toMatch(/^[\x20-\x7e\r\n]*$/) // 7-bit: encoded where needed
    for (const line of raw.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998)
    const mail = await simpleParser(raw)
    expect(mail.subject).toBe(base.subject)
    expect(mail.from?.value).toEqual([{ name: base.from.name, address: base.from.address }])
    expect(JSON.stringify(mail.to)).toContain('compta@dupont.example')
    expect(mail.messageId).toBe(base.messageId)
    expect(mail.date?.toISOString()).toBe('2026-03-10T09:00:00.000Z')
    expect(mail.headers.get('x-quittance-idempotency-key')).toBe('reminder:k-1')
    expect(mail.headers.get('content-language')).toBe('fr')
    expect(mail.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(base.text)
    expect(mail.html).toBe(base.html)
    expect(mail.attachments.map((a) => a.filename)).toEqual(['facture.pdf', 'Facture n°12 (copie).pdf'])
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['application/pdf', 'application/pdf'])
    expect(Buffer.compare(mail.attachments[0]!.content, Buffer.from(TINY_PDF))).toBe(0)
    expect(Buffer.compare(mail.attachments[1]!.content, Buffer.from(TINY_PDF.subarray(0, 40)))).toBe(0)
  })

  test('a message without HTML has one text part', async () => {
    const mail = await simpleParser(buildMimeMessage({ ...base, html: null, attachments: [] }))
    expect(mail.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(base.text)
    expect(mail.html).toBe(false)
    expect(mail.attachments).toHaveLength(0)
  })

  test('a line break in a header value cannot add a header', async () => {
    const mail = await simpleParser(buildMimeMessage({ ...base, subject: 'Relance\r\nBcc: victim@example.com', from: { name: 'A\nBcc: x@example.com', address: base.from.address } }))
    expect(mail.headers.has('bcc')).toBe(false)
    expect(mail.subject).toBe('Relance Bcc: victim@example.com')
  })

  test('only plain ASCII addresses take this path', () => {
    expect(isSimpleAddress('compta@dupont.example')).toBe(true)
    expect(isSimpleAddress("o'brien+relances@sub.dupont-sa.fr")).toBe(true)
    expect(isSimpleAddress('Ann <ann@example.com>')).toBe(false)
    expect(isSimpleAddress('ann@example.com, bob@example.com')).toBe(false)
    expect(isSimpleAddress('"a b"@example.com')).toBe(false)
    expect(isSimpleAddress('josé@exemple.fr')).toBe(false)
    expect(isSimpleAddress('ann@bücher.de')).toBe(false)
    expect(isSimpleAddress('ann@example.com\r\nRCPT TO:<x@y.z>')).toBe(false)
    expect(isSimpleAddress('')).toBe(false)
  })
})
