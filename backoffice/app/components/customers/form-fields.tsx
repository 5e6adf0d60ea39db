import type { ReactNode } from 'react'
import { useTranslation } from '~/utils/i18n'

// Labelled fields whose error sits next to them, tied with aria-invalid and aria-describedby.

type Common = { id: string; name: string; label: string; error?: string | null; hint?: string; className?: string }

function describedBy(id: string, error?: string | null, hint?: string) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

function FieldShell({ id, label, error, hint, className, children }: Omit<Common, 'name'> & { children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}

export function TextField({
  type = 'text',
  defaultValue,
  required,
  maxLength,
  autoComplete,
  min,
  inputMode,
  ...common
}: Common & {
  type?: 'text' | 'email' | 'tel' | 'date'
  defaultValue?: string | null
  required?: boolean
  maxLength?: number
  autoComplete?: string
  min?: string
  inputMode?: 'decimal' | 'text'
}) {
  return (
    <FieldShell {...common}>
      <input
        id={common.id}
        name={common.name}
        type={type}
        defaultValue={defaultValue ?? ''}
        required={required}
        maxLength={maxLength}
        autoComplete={autoComplete}
        min={min}
        inputMode={inputMode}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(common.id, common.error, common.hint)}
      />
    </FieldShell>
  )
}

export function SelectField({
  options,
  defaultValue,
  ...common
}: Common & { options: { value: string; label: string }[]; defaultValue?: string | null }) {
  return (
    <FieldShell {...common}>
      <select
        id={common.id}
        name={common.name}
        defaultValue={defaultValue ?? ''}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(common.id, common.error, common.hint)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}

export function TextAreaField({
  defaultValue,
  maxLength,
  rows = 4,
  required,
  ...common
}: Common & { defaultValue?: string | null; maxLength?: number; rows?: number; required?: boolean }) {
  return (
    <FieldShell {...common}>
      <textarea
        id={common.id}
        name={common.name}
        defaultValue={defaultValue ?? ''}
        maxLength={maxLength}
        rows={rows}
        required={required}
        aria-invalid={common.error ? true : undefined}
        aria-describedby={describedBy(common.id, common.error, common.hint)}
      />
    </FieldShell>
  )
}

export function FormError({ id, error }: { id: string; error?: string | null }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <p className="form-error" role="alert" id={id}>
      {t(error)}
    </p>
  )
}
