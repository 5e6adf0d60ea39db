const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function notFound(): never {
  throw new Response('Not found', { status: 404 })
}

export function requireUuid(value: string | undefined): string {
  if (!value || !UUID.test(value)) notFound()
  return value
}
