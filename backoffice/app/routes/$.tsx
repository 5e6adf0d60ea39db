import { notFound } from '~/utils/responses.server'

export async function loader() {
  notFound()
}

export default function NotFound() {
  return null
}
