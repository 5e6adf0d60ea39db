import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { chooseLocale } from '@quittance/i18n/locales'

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = chooseLocale({ acceptLanguage: request.headers.get('Accept-Language') })
  return redirect(`/${locale}/invoices`)
}
