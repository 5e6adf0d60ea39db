import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireLocale } from '~/utils/locale.server'

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/${requireLocale(params)}/invoices`)
}
