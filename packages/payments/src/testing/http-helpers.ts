import type { IncomingMessage, ServerResponse } from 'node:http'

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers })
  response.end(text)
}

export function sendHtml(response: ServerResponse, html: string) {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) })
  response.end(html)
}

export function redirect(response: ServerResponse, location: string) {
  response.writeHead(303, { Location: location, 'Content-Length': 0 })
  response.end()
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Stripe's form encoding (`line_items[0][price_data][currency]=eur`) back into objects and arrays. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '')
    let node: Record<string, unknown> = root
    path.forEach((part, index) => {
      if (index === path.length - 1) {
        node[part] = value
        return
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1]!)
      node[part] ??= nextIsIndex ? [] : {}
      node = node[part] as Record<string, unknown>
    })
  }
  return root
}

export async function postWithRetries(url: string, init: { body: string; headers: Record<string, string> }, attempts = 4) {
  let last: { status: number } | Error = new Error('not sent')
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', body: init.body, headers: init.headers })
      await response.arrayBuffer()
      if (response.ok) return { status: response.status }
      last = { status: response.status }
    } catch (error) {
      last = error as Error
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)))
  }
  return last
}
