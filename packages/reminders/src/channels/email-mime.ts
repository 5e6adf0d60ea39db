import { randomBytes } from 'node:crypto'
import * as base64 from 'nodemailer/lib/base64'
import * as mimeFuncs from 'nodemailer/lib/mime-funcs'
import * as qp from 'nodemailer/lib/qp'

/**
 * A reminder e-mail as one MIME message in memory (RFC 5322/2045, CRLF line ends), in nodemailer's layout:
 * multipart/mixed of multipart/alternative (text, HTML) and the attachments. The SMTP transport then writes it
 * in a few large chunks instead of one write per MIME part and line (issue 5: socket writes were a quarter of the
 * worker's time), and nodemailer's stream pipeline is skipped. Only for plain ASCII addresses (`isSimpleAddress`);
 * anything else goes through nodemailer's own composer.
 */
export type MimeInput = {
  from: { name: string; address: string }
  to: string
  subject: string
  text: string
  html: string | null
  messageId: string
  headers: Record<string, string>
  attachments: readonly { filename: string; contentType: string; content: Uint8Array }[]
  date?: Date
}

// Addresses that need no normalisation (no quoted local part, no IDN, no comment): written as they are.
const SIMPLE_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/

export function isSimpleAddress(address: string): boolean {
  return address.length <= 254 && SIMPLE_ADDRESS.test(address)
}

// Boundaries: a per-process random prefix and a counter (never seen in base64 or quoted-printable output).
const boundaryPrefix = `----_Qt-${randomBytes(8).toString('hex')}`
let boundaryCount = 0

export function buildMimeMessage(input: MimeInput): Buffer {
  const n = ++boundaryCount
  const mixed = `${boundaryPrefix}-${n}-m`
  const alternative = `${boundaryPrefix}-${n}-a`
  const lines: string[] = []
  for (const [key, value] of Object.entries(input.headers)) lines.push(header(key, value))
  lines.push(header('From', `${addressName(input.from.name)} <${input.from.address}>`))
  lines.push(header('To', input.to))
  lines.push(header('Subject', mimeFuncs.encodeWords(oneLine(input.subject), 'Q', 52)))
  lines.push(header('Message-ID', input.messageId))
  lines.push(header('Date', (input.date ?? new Date()).toUTCString().replace(/GMT/, '+0000')))
  lines.push('MIME-Version: 1.0')
  lines.push(`Content-Type: multipart/mixed; boundary="${mixed}"`, '')
  lines.push(`--${mixed}`)
  if (input.html !== null) {
    lines.push('Content-Type: multipart/alternative;', ` boundary="${alternative}"`, '')
    lines.push(`--${alternative}`, ...textPart('text/plain', input.text), `--${alternative}`, ...textPart('text/html', input.html), `--${alternative}--`, '')
  } else {
    lines.push(...textPart('text/plain', input.text))
  }
  for (const a of input.attachments) {
    lines.push(`--${mixed}`)
    lines.push(header('Content-Type', mimeFuncs.buildHeaderValue({ value: oneLine(a.contentType), params: { name: oneLine(a.filename) } })))
    lines.push('Content-Transfer-Encoding: base64')
    lines.push(header('Content-Disposition', mimeFuncs.buildHeaderValue({ value: 'attachment', params: { filename: oneLine(a.filename) } })), '')
    lines.push(base64.wrap(base64.encode(Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength)), 76))
  }
  lines.push(`--${mixed}--`, '')
  return Buffer.from(lines.join('\r\n'), 'utf8')
}

function textPart(type: string, body: string): string[] {
  // Quoted-printable keeps line ends as they are: they become CRLF here, as nodemailer's data stream would make them.
  const encoded = qp.wrap(qp.encode(Buffer.from(body, 'utf8')), 76).replace(/\r?\n|\r/g, '\r\n')
  return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable', '', encoded]
}

function header(key: string, value: string): string {
  return mimeFuncs.foldLines(`${key}: ${oneLine(value)}`, 76)
}

/** A header value never carries a line break (header injection): as nodemailer, breaks become spaces. */
function oneLine(value: string): string {
  return value.replace(/\r?\n|\r/g, ' ')
}

function addressName(name: string): string {
  const clean = oneLine(name)
  if (/^[\w ]*$/.test(clean)) return clean
  if (/^[\x20-\x7e]*$/.test(clean)) return mimeFuncs.quoteString(clean)
  return mimeFuncs.encodeWord(clean, 'Q', 52)
}
