import { useEffect, useRef, useState } from 'react'
import { formatMoney } from '@quittance/domain/money/format-money'
import { money } from '@quittance/domain/money/money'
import { parseAmount } from '@quittance/domain/money/parse-amount'
import { intlLocale } from '@quittance/i18n/locales'
import { useTranslation } from '~/utils/i18n'
import { allocationField, type Msg } from './messages'
import { Message } from './ui'

export type AllocationRow = {
  id: string
  number: string
  issueDate: string
  dueDate: string
  daysLate: number
  total: string
  remaining: string
  /** What the field shows first: a suggestion, what was typed before an error, or nothing. */
  amount: string
}

/**
 * The lettering table: one amount per open invoice. Works as a plain form; with JavaScript it also shows, as
 * staff type, what is allocated and what would stay unallocated (the server checks it all again anyway).
 */
export function AllocationFields({
  rows,
  currency,
  fieldErrors,
  available,
  caption,
}: {
  rows: AllocationRow[]
  currency: string
  fieldErrors: Record<string, Msg>
  /** The money to letter: a fixed amount (a payment's remainder) or the id of the field where it is typed. */
  available: { kind: 'fixed'; amountMinor: number } | { kind: 'field'; fieldId: string }
  caption: string
}) {
  const { t } = useTranslation()
  const tableRef = useRef<HTMLTableElement>(null)
  if (rows.length === 0) return <p className="fin-empty">{t('bo-finance.allocation.noOpenInvoices', { currency })}</p>
  return (
    <>
      <div className="table-wrap">
        <table className="fin-table" ref={tableRef}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bo-finance.invoice.number')}</th>
              <th scope="col">{t('bo-finance.invoice.issueDate')}</th>
              <th scope="col">{t('bo-finance.invoice.dueDate')}</th>
              <th scope="col" className="num">
                {t('bo-finance.invoice.daysLate')}
              </th>
              <th scope="col" className="num">
                {t('bo-finance.invoice.total')}
              </th>
              <th scope="col" className="num">
                {t('bo-finance.invoice.remaining')}
              </th>
              <th scope="col" className="num">
                {t('bo-finance.allocation.amount', { currency })}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const error = fieldErrors[allocationField(row.id)]
              const inputId = `allocation-${row.id}`
              return (
                <tr key={row.id}>
                  <th scope="row" className="nowrap">
                    {row.number}
                  </th>
                  <td className="nowrap">{row.issueDate}</td>
                  <td className="nowrap">{row.dueDate}</td>
                  <td className="num">{row.daysLate > 0 ? row.daysLate : '—'}</td>
                  <td className="num">{row.total}</td>
                  <td className="num">{row.remaining}</td>
                  <td className="num fin-input-cell">
                    <input type="hidden" name={`allocations[${index}].invoiceId`} value={row.id} />
                    <label htmlFor={inputId} className="visually-hidden">
                      {t('bo-finance.allocation.amountFor', { number: row.number })}
                    </label>
                    <input
                      id={inputId}
                      name={`allocations[${index}].amount`}
                      className="amount-input"
                      inputMode="decimal"
                      autoComplete="off"
                      defaultValue={row.amount}
                      data-allocation-amount=""
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${inputId}-error` : undefined}
                    />
                    {error ? (
                      <p id={`${inputId}-error`} className="field-error">
                        <Message msg={error} />
                      </p>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <LiveTotals tableRef={tableRef} currency={currency} available={available} />
    </>
  )
}

/** Only once hydrated: without JavaScript the server's answer says the same after submitting. */
function LiveTotals({
  tableRef,
  currency,
  available,
}: {
  tableRef: React.RefObject<HTMLTableElement | null>
  currency: string
  available: { kind: 'fixed'; amountMinor: number } | { kind: 'field'; fieldId: string }
}) {
  const { t, locale } = useTranslation()
  const [sums, setSums] = useState<{ allocated: number | null; available: number | null } | null>(null)

  const fixedMinor = available.kind === 'fixed' ? available.amountMinor : null
  const fieldId = available.kind === 'field' ? available.fieldId : null

  useEffect(() => {
    const form = tableRef.current?.closest('form')
    if (!form) return
    const read = (text: string) => {
      if (text.trim() === '') return 0
      const parsed = parseAmount(text, currency)
      return parsed.ok ? parsed.value.amountMinor : null
    }
    const update = () => {
      let allocated: number | null = 0
      for (const input of form.querySelectorAll<HTMLInputElement>('input[data-allocation-amount]')) {
        const value = read(input.value)
        allocated = value === null || allocated === null ? null : allocated + value
      }
      let availableMinor: number | null = fixedMinor
      if (fieldId !== null) {
        const field = form.querySelector<HTMLInputElement>(`#${fieldId}`)
        availableMinor = field ? read(field.value) : null
      }
      setSums({ allocated, available: availableMinor })
    }
    update()
    form.addEventListener('input', update)
    return () => form.removeEventListener('input', update)
  }, [tableRef, currency, fixedMinor, fieldId])

  if (!sums) return null
  const format = (minor: number) => formatMoney(money(minor, currency), intlLocale(locale))
  const left = sums.allocated !== null && sums.available !== null ? sums.available - sums.allocated : null
  return (
    <p className="fin-live" aria-live="polite">
      <span>
        {t('bo-finance.allocation.allocated')}{' '}
        <span className="amount">{sums.allocated === null ? '—' : format(sums.allocated)}</span>
      </span>
      <span>
        {t('bo-finance.allocation.unallocated')}{' '}
        <span className={`amount ${left !== null && left < 0 ? 'fin-over' : ''}`}>{left === null ? '—' : format(left)}</span>
      </span>
      {left !== null && left < 0 ? <span className="fin-over">{t('bo-finance.allocation.overAllocated')}</span> : null}
    </p>
  )
}
