import { Form } from '@remix-run/react'
import { useTranslation } from '~/utils/i18n'
import type { EntityFormOptions, EntityFormValues, RateFloorView } from './entity-form.server'
import { Field, firstError, FormError, type FieldErrors } from './field'

type EntityFormProps = {
  values: Partial<EntityFormValues>
  errors?: FieldErrors
  formError?: string | null
  options: EntityFormOptions
  rateFloor: RateFloorView | null
  statutoryDefaultRate: string
  /** Shown (and required) on the creation page only: the code cannot change afterwards. */
  code?: { value: string; error?: string }
  /** Values for the rate error's message (the floor the use case applied). */
  rateErrorValues?: Record<string, string>
  busy: boolean
  submitLabel: string
}

/** The legal identity of a creditor entity: what its letters, invoices and portal show about it. */
export function EntityForm({ values, errors, formError, options, rateFloor, statutoryDefaultRate, code, rateErrorValues, busy, submitLabel }: EntityFormProps) {
  const { t } = useTranslation()
  const error = (name: string) => firstError(errors, name)
  const text = (name: keyof EntityFormValues, label: string, extra: { required?: boolean; hint?: string; className?: string; autoComplete?: string; type?: string; inputMode?: 'numeric' | 'decimal' | 'email' | 'tel' } = {}) => (
    <Field name={name} label={label} error={error(name)} hint={extra.hint} required={extra.required} className={extra.className}>
      {(control) => (
        <input {...control} type={extra.type ?? 'text'} defaultValue={values[name] ?? ''} autoComplete={extra.autoComplete ?? 'off'} inputMode={extra.inputMode} />
      )}
    </Field>
  )
  return (
    <Form method="post" noValidate className="form-card" aria-describedby={formError ? 'entity-form-error' : undefined}>
      <input type="hidden" name="intent" value="profile" />
      <div id="entity-form-error">
        <FormError message={formError} />
      </div>
      {errors && Object.keys(errors).length > 0 && !formError ? (
        <p className="form-error" role="alert">
          {t('common.fixErrors')}
        </p>
      ) : null}

      <fieldset>
        <legend>{t('bo-admin.entity.section.identity')}</legend>
        <div className="form-grid">
          {code ? (
            <Field name="code" label={t('bo-admin.entity.code')} error={code.error} hint={t('bo-admin.entity.codeHint')} required>
              {(control) => <input {...control} type="text" defaultValue={code.value} autoComplete="off" maxLength={20} className="mono" />}
            </Field>
          ) : null}
          {text('legalName', t('bo-admin.entity.legalName'), { required: true, className: 'span-2', autoComplete: 'organization' })}
          {text('tradeName', t('bo-admin.entity.tradeName'))}
          {text('legalForm', t('bo-admin.entity.legalForm'), { hint: t('bo-admin.entity.legalFormHint') })}
          {text('shareCapital', t('bo-admin.entity.shareCapital'), { hint: t('bo-admin.entity.shareCapitalHint') })}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('bo-admin.entity.section.address')}</legend>
        <div className="form-grid">
          <Field name="addressLines" label={t('bo-admin.entity.addressLines')} error={error('addressLines')} hint={t('bo-admin.entity.addressLinesHint')} required className="span-2">
            {(control) => <textarea {...control} rows={3} defaultValue={values.addressLines ?? ''} autoComplete="street-address" />}
          </Field>
          {text('postalCode', t('bo-admin.entity.postalCode'), { required: true, autoComplete: 'postal-code' })}
          {text('city', t('bo-admin.entity.city'), { required: true, autoComplete: 'address-level2' })}
          <Field name="country" label={t('bo-admin.entity.country')} error={error('country')} required>
            {(control) => (
              <select {...control} defaultValue={values.country ?? 'FR'}>
                {options.countries.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name} ({country.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('bo-admin.entity.section.registration')}</legend>
        <div className="form-grid">
          {text('siren', t('bo-admin.entity.siren'), { hint: t('bo-admin.entity.sirenHint'), inputMode: 'numeric' })}
          {text('vatNumber', t('bo-admin.entity.vatNumber'), { hint: t('bo-admin.entity.vatNumberHint') })}
          {text('registration', t('bo-admin.entity.registration'), { hint: t('bo-admin.entity.registrationHint'), className: 'span-2' })}
          {text('email', t('bo-admin.entity.email'), { type: 'email', autoComplete: 'email', inputMode: 'email' })}
          {text('phone', t('bo-admin.entity.phone'), { type: 'tel', autoComplete: 'tel', inputMode: 'tel' })}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('bo-admin.entity.section.collection')}</legend>
        <div className="form-grid">
          <Field name="baseCurrency" label={t('bo-admin.entity.baseCurrency')} error={error('baseCurrency')} hint={t('bo-admin.entity.baseCurrencyHint')} required>
            {(control) => (
              <select {...control} defaultValue={values.baseCurrency ?? 'EUR'}>
                {options.currencies.map((currency) => (
                  <option key={currency.code} value={currency.code}>
                    {currency.code} — {currency.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="timeZone" label={t('bo-admin.entity.timeZone')} error={error('timeZone')} hint={t('bo-admin.entity.timeZoneHint')} required>
            {(control) => (
              <>
                <input {...control} type="text" list="time-zones" defaultValue={values.timeZone ?? 'Europe/Paris'} autoComplete="off" spellCheck={false} />
                <datalist id="time-zones">
                  {options.timeZones.map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field
            name="penaltyRate"
            label={t('bo-admin.entity.penaltyRate')}
            error={error('penaltyRate')}
            errorValues={rateErrorValues ?? (rateFloor ? { floor: rateFloor.floor } : undefined)}
            hint={
              <span className="stack-sm rate-floor">
                <span>{t('bo-admin.entity.penaltyRateHint', { rate: statutoryDefaultRate })}</span>{' '}
                {rateFloor ? (
                  <span>
                    {t('bo-admin.entity.rateFloor', { floor: rateFloor.floor, legal: rateFloor.legal, semester: t(`bo-admin.semester.h${rateFloor.half}`, { year: rateFloor.year }) })}
                    {rateFloor.stale ? ` ${t('bo-admin.entity.rateFloorStale')}` : ''}
                  </span>
                ) : null}
              </span>
            }
          >
            {(control) => <input {...control} type="text" inputMode="decimal" defaultValue={values.penaltyRate ?? ''} autoComplete="off" placeholder={statutoryDefaultRate} />}
          </Field>
          <Field name="portalLinkTtlDays" label={t('bo-admin.entity.portalLinkTtlDays')} error={error('portalLinkTtlDays')} hint={t('bo-admin.entity.portalLinkTtlDaysHint')} required>
            {(control) => <input {...control} type="number" min={1} max={365} step={1} inputMode="numeric" defaultValue={values.portalLinkTtlDays ?? '90'} />}
          </Field>
          <Field name="legalMentions" label={t('bo-admin.entity.legalMentions')} error={error('legalMentions')} hint={t('bo-admin.entity.legalMentionsHint')} className="span-all">
            {(control) => <textarea {...control} className="tall" defaultValue={values.legalMentions ?? ''} maxLength={4000} />}
          </Field>
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
