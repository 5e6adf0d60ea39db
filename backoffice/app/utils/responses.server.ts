const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether a value from a URL or a form is a UUID (ids are; anything else is nobody's). */
export function isUuid(value: string | null | undefined): value is string {
  return typeof value === 'string' && UUID.test(value)
}

export function notFound(): never {
  throw new Response('Not found', { status: 404 })
}

export function requireUuid(value: string | undefined): string {
  if (!value || !UUID.test(value)) notFound()
  return value
}
