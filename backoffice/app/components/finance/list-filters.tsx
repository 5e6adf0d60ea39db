import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from '~/utils/i18n'

// The filter bar of the finance lists (invoices, payments, credit notes): a GET form, so a filtered list is a link
// that can be shared and works without JavaScript.

export function FilterBar({ resetTo, filtered, children }: { resetTo: string; filtered: boolean; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <Form method="get" className="fin-filters" aria-label={t('bo-finance.filters.label')}>
      {children}
      <div className="fin-filter-actions">
        <button type="submit" className="button">
          {t('common.apply')}
        </button>
        {filtered ? <Link to={resetTo}>{t('bo-finance.filters.reset')}</Link> : null}
      </div>
    </Form>
  )
}

export function SearchFilter({ label, value }: { label: string; value: string }) {
  return (
    <div className="field fin-search">
      <label htmlFor="q">{label}</label>
      <input id="q" name="q" type="search" defaultValue={value} maxLength={100} />
    </div>
  )
}

/** A select; `anyLabel` adds a first, empty choice that filters nothing. */
export function ChoiceFilter({
  name,
  label,
  value,
  choices,
  anyLabel,
}: {
  name: string
  label: string
  value: string
  choices: readonly { value: string; label: string }[]
  anyLabel?: string
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function CurrencyFilter({ currencies, value }: { currencies: readonly string[]; value: string }) {
  const { t } = useTranslation()
  return (
    <ChoiceFilter
      name="currency"
      label={t('bo-finance.filters.currency')}
      value={value}
      anyLabel={t('bo-finance.filters.allCurrencies')}
      choices={currencies.map((currency) => ({ value: currency, label: currency }))}
    />
  )
}

export function DateFilter({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type="date" defaultValue={value} />
    </div>
  )
}

/** One card per currency: amounts in different currencies are never added together. */
export function CurrencyTotals({
  label,
  totals,
}: {
  label: string
  totals: readonly { currency: string; lines: readonly { term: string; amount: string; strong?: boolean }[] }[]
}) {
  const { t } = useTranslation()
  if (totals.length === 0) return null
  return (
    <section className="fin-totals" aria-label={label}>
      {totals.map((sum) => (
        <article key={sum.currency} className="total-card">
          <h2>{t('bo-finance.totals.inCurrency', { currency: sum.currency })}</h2>
          <dl>
            {sum.lines.map((line) => (
              <div key={line.term}>
                <dt>{line.term}</dt>
                <dd className={line.strong ? 'amount strong' : 'amount'}>{line.amount}</dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
    </section>
  )
}
