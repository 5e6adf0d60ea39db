import { Form, Link } from '@remix-run/react'
import { useTranslation } from '~/utils/i18n'

export type CustomerChoice = { id: string; name: string; externalRef: string; currency: string }

/** First step of a new payment or credit note: find the customer (a plain GET form, so it works without JS). */
export function CustomerPicker({
  q,
  results,
  hrefFor,
}: {
  q: string
  results: CustomerChoice[] | null
  hrefFor: (customer: CustomerChoice) => string
}) {
  const { t } = useTranslation()
  return (
    <section className="fin-card" aria-labelledby="pick-customer">
      <h2 id="pick-customer">{t('bo-finance.picker.title')}</h2>
      <Form method="get" className="fin-inline" role="search">
        <div className="field">
          <label htmlFor="customer-search">{t('bo-finance.picker.search')}</label>
          <input id="customer-search" name="q" type="search" defaultValue={q} maxLength={100} autoComplete="off" />
        </div>
        <button type="submit" className="button secondary">
          {t('common.search')}
        </button>
      </Form>
      {results === null ? (
        <p className="hint">{t('bo-finance.picker.hint')}</p>
      ) : results.length === 0 ? (
        <p role="status">{t('bo-finance.picker.none', { q })}</p>
      ) : (
        <ul className="fin-pick-list" aria-label={t('bo-finance.picker.results')}>
          {results.map((customer) => (
            <li key={customer.id}>
              <Link to={hrefFor(customer)}>
                <span>
                  <strong>{customer.name}</strong> <span className="muted">{customer.externalRef}</span>
                </span>
                <span className="muted">{customer.currency}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
