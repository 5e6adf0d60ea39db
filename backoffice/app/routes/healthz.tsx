import type { LoaderFunctionArgs } from '@remix-run/node'
import { pingDatabase } from '@quittance/db/repositories/health'

export async function loader({ context }: LoaderFunctionArgs) {
  await pingDatabase(context.db)
  return new Response('ok', { headers: { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain' } })
}
