const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function notFound(): never {
  throw new Response('Not found', { status: 404 })
}

/** A malformed id is answered exactly like an id that belongs to someone else. */
export function requireUuid(value: string | undefined): string {
  if (!value || !UUID.test(value)) notFound()
  return value
}

export function pdfResponse(bytes: Uint8Array, filename: string) {
  const safeName = filename.replace(/[^\w.-]+/g, '_')
  // A copy typed on a plain ArrayBuffer, which is what the Fetch API's BodyInit accepts.
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${safeName}"`,
      'Content-Length': String(bytes.byteLength),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
