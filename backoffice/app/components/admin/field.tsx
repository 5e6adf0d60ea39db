import type { ReactNode } from 'react'
import { useTranslation } from '~/utils/i18n'

type FieldProps = {
  name: string
  label: string
  /** An i18n key, shown under the field and announced with it. */
  error?: string | null
  /** Values for the error's placeholders. */
  errorValues?: Record<string, string | number>
  hint?: ReactNode
  required?: boolean
  className?: string
  /** Renders the control itself; receives the ids and ARIA attributes to put on it. */
  children: (control: { id: string; name: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined; required: boolean | undefined }) => ReactNode
}

/** A labelled form control with its hint and its error next to it (`aria-invalid`, `aria-describedby`). */
export function Field({ name, label, error, errorValues, hint, required, className, children }: FieldProps) {
  const { t } = useTranslation()
  const id = `field-${name}`
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required-mark" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {children({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, required: required || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {t(error, errorValues)}
        </p>
      ) : null}
    </div>
  )
}

/** The first message of each field, as conform/zod or a use case reports them. */
export type FieldErrors = Record<string, string[] | null | undefined>

export function firstError(errors: FieldErrors | undefined, name: string): string | undefined {
  return errors?.[name]?.[0] ?? undefined
}

export function FormError({ message, values }: { message: string | null | undefined; values?: Record<string, string | number> }) {
  const { t } = useTranslation()
  if (!message) return null
  return (
    <p className="form-error" role="alert">
      {t(message, values)}
    </p>
  )
}

export function SavedNotice({ message }: { message: string | null | undefined }) {
  const { t } = useTranslation()
  if (!message) return null
  return (
    <p className="notice success" role="status">
      {t(message)}
    </p>
  )
}
