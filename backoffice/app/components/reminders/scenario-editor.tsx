import { Form, useFetcher } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from '~/utils/i18n'

export type EditorOptions = {
  anchors: readonly string[]
  channels: readonly string[]
  customerKinds: readonly string[]
  riskLevels: readonly string[]
  catchUp: readonly string[]
  locales: readonly string[]
  holidays: readonly string[]
  mergeFields: readonly string[]
}

export type StepPreview = { locale: string; subject: string | null; text: string; html: string | null; problems: string[] }

type Props = {
  values: Record<string, string>
  errors: Record<string, string[] | undefined>
  formErrors: string[]
  options: EditorOptions
  previews: Record<string, StepPreview>
  submitLabel: string
  busy: boolean
  /** Extra hidden fields (the version an edit is based on). */
  hidden?: Record<string, string>
}

/** The scenario editor: settings, then one card per step with its templates in every language and a live preview. */
export function ScenarioEditor({ values, errors, formErrors, options, previews, submitLabel, busy, hidden }: Props) {
  const { t } = useTranslation()
  const count = Number(values.stepCount ?? 0)
  const formRef = useRef<HTMLFormElement>(null)
  const preview = useFetcher<{ previews?: Record<string, StepPreview> }>()
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // With JavaScript the preview follows the typing; without it, each step's "Preview" button does the same.
  const onInput = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      if (!formRef.current) return
      const data = new FormData(formRef.current)
      data.set('intent', 'preview')
      preview.submit(data, { method: 'post' })
    }, 500)
  }
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])
  const shown = preview.data?.previews ?? previews
  const error = (name: string) => errors[name]?.[0]
  const errorText = (name: string) => {
    const e = error(name)
    if (!e) return null
    const [key, detail] = e.split('|')
    return t(key!, { detail: detail ?? '' })
  }
  const checked = (name: string, value: string) => (values[name] ?? '').split(',').includes(value)

  const field = (name: string, label: string, control: (attrs: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode, hint?: string) => {
    const id = `f-${name.replace(/\./g, '-')}`
    const message = errorText(name)
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {control({ id, name, ...(message ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : hint ? { 'aria-describedby': `${id}-hint` } : {}) })}
        {hint ? (
          <p id={`${id}-hint`} className="hint">
            {hint}
          </p>
        ) : null}
        {message ? (
          <p id={`${id}-error`} className="field-error">
            {message}
          </p>
        ) : null}
      </div>
    )
  }
  const checkboxes = (name: string, legend: string, items: readonly string[], label: (item: string) => string) => (
    <fieldset>
      <legend>{legend}</legend>
      <ul className="checkbox-list inline-checkboxes">
        {items.map((item) => (
          <li key={item}>
            <label>
              <input type="checkbox" name={name} value={item} defaultChecked={checked(name, item)} />
              {label(item)}
            </label>
          </li>
        ))}
      </ul>
      {errorText(name) ? <p className="field-error">{errorText(name)}</p> : null}
    </fieldset>
  )

  return (
    <Form method="post" ref={formRef} onInput={onInput} noValidate className="scenario-editor">
      <input type="hidden" name="stepCount" value={count} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {formErrors.map((e) => (
        <p key={e} className="form-error" role="alert">
          {t(e)}
        </p>
      ))}
      <section className="form-card" aria-labelledby="scenario-settings">
        <h2 id="scenario-settings">{t('bo-reminders.editor.settings')}</h2>
        <div className="form-grid">
          {field('name', t('bo-reminders.editor.name'), (a) => <input {...a} defaultValue={values.name} />)}
          {field('defaultLocale', t('bo-reminders.editor.defaultLocale'), (a) => (
            <select {...a} defaultValue={values.defaultLocale}>
              {options.locales.map((l) => (
                <option key={l} value={l}>
                  {t(`bo-reminders.locale.${l}`)}
                </option>
              ))}
            </select>
          ))}
          {field('minimumGapDays', t('bo-reminders.editor.minimumGapDays'), (a) => <input {...a} inputMode="numeric" defaultValue={values.minimumGapDays} />, t('bo-reminders.editor.minimumGapHint'))}
          {field('catchUp', t('bo-reminders.editor.catchUp'), (a) => (
            <select {...a} defaultValue={values.catchUp}>
              {options.catchUp.map((c) => (
                <option key={c} value={c}>
                  {t(`bo-reminders.catchUp.${c}`)}
                </option>
              ))}
            </select>
          ))}
          {field('maxCatchUpDays', t('bo-reminders.editor.maxCatchUpDays'), (a) => <input {...a} inputMode="numeric" defaultValue={values.maxCatchUpDays} />)}
        </div>
        {checkboxes('customerKinds', t('bo-reminders.editor.customerKinds'), options.customerKinds, (k) => t(`bo-reminders.kind.${k}`))}
        <h3>{t('bo-reminders.editor.window')}</h3>
        {checkboxes('weekdays', t('bo-reminders.editor.weekdays'), ['1', '2', '3', '4', '5', '6', '7'], (d) => t(`bo-reminders.weekday.${d}`))}
        <div className="form-grid">
          {field('startHour', t('bo-reminders.editor.startHour'), (a) => <input {...a} inputMode="numeric" defaultValue={values.startHour} />)}
          {field('endHour', t('bo-reminders.editor.endHour'), (a) => <input {...a} inputMode="numeric" defaultValue={values.endHour} />)}
          {field('timeZone', t('bo-reminders.editor.timeZone'), (a) => <input {...a} defaultValue={values.timeZone} />)}
          {field('holidays', t('bo-reminders.editor.holidays'), (a) => (
            <select {...a} defaultValue={values.holidays}>
              {options.holidays.map((h) => (
                <option key={h} value={h}>
                  {t(`bo-reminders.holidays.${h}`)}
                </option>
              ))}
            </select>
          ))}
        </div>
      </section>

      {Array.from({ length: count }, (_, i) => {
        const p = `steps.${i}.`
        const shownPreview = shown[String(i)]
        return (
          <section key={i} className="form-card step-card" aria-labelledby={`step-${i}-title`}>
            <div className="page-head">
              <h2 id={`step-${i}-title`}>{t('bo-reminders.editor.step', { n: i + 1, name: values[`${p}name`] || values[`${p}key`] || '' })}</h2>
              <div className="actions-cell">
                <button type="submit" name="intent" value={`preview:${i}`} className="button secondary small">
                  {t('bo-reminders.editor.preview')}
                </button>
                <button type="submit" name="intent" value={`remove-step:${i}`} className="button danger small">
                  {t('bo-reminders.editor.removeStep')}
                </button>
              </div>
            </div>
            <div className="form-grid">
              {field(`${p}key`, t('bo-reminders.editor.stepKey'), (a) => <input {...a} defaultValue={values[`${p}key`]} />, t('bo-reminders.editor.stepKeyHint'))}
              {field(`${p}name`, t('bo-reminders.editor.stepName'), (a) => <input {...a} defaultValue={values[`${p}name`]} />)}
              {field(`${p}anchor`, t('bo-reminders.editor.anchor'), (a) => (
                <select {...a} defaultValue={values[`${p}anchor`]}>
                  {options.anchors.map((x) => (
                    <option key={x} value={x}>
                      {t(`bo-reminders.anchor.${x}`)}
                    </option>
                  ))}
                </select>
              ))}
              {field(`${p}offsetDays`, t('bo-reminders.editor.offsetDays'), (a) => <input {...a} inputMode="numeric" defaultValue={values[`${p}offsetDays`]} />, t('bo-reminders.editor.offsetHint'))}
              {field(`${p}channel`, t('bo-reminders.editor.channel'), (a) => (
                <select {...a} defaultValue={values[`${p}channel`]}>
                  {options.channels.map((x) => (
                    <option key={x} value={x}>
                      {t(`bo-reminders.channel.${x}`)}
                    </option>
                  ))}
                </select>
              ))}
              {field(`${p}minimumAmounts`, t('bo-reminders.editor.minimumAmounts'), (a) => <input {...a} defaultValue={values[`${p}minimumAmounts`]} placeholder="EUR 100.00, GBP 80" />, t('bo-reminders.editor.minimumAmountsHint'))}
              {field(`${p}segments`, t('bo-reminders.editor.segments'), (a) => <input {...a} defaultValue={values[`${p}segments`]} />, t('bo-reminders.editor.segmentsHint'))}
            </div>
            {checkboxes(`${p}customerKinds`, t('bo-reminders.editor.stepCustomerKinds'), options.customerKinds, (k) => t(`bo-reminders.kind.${k}`))}
            {checkboxes(`${p}riskLevels`, t('bo-reminders.editor.riskLevels'), options.riskLevels, (r) => t(`bo-reminders.risk.${r}`))}
            <ul className="checkbox-list">
              {(['requiresApproval', 'includeStatutoryLatePaymentAmounts', 'isFormalNotice'] as const).map((flag) => (
                <li key={flag}>
                  <label>
                    <input type="checkbox" name={`${p}${flag}`} defaultChecked={values[`${p}${flag}`] === 'on'} />
                    {t(`bo-reminders.editor.${flag}`)}
                  </label>
                  {errorText(`${p}${flag}`) ? <p className="field-error">{errorText(`${p}${flag}`)}</p> : null}
                </li>
              ))}
            </ul>
            <h3>{t('bo-reminders.editor.templates')}</h3>
            <p className="hint">{t('bo-reminders.editor.mergeFields', { fields: options.mergeFields.map((f) => `{{${f}}}`).join(' ') })}</p>
            <div className="template-grid">
              {options.locales.map((locale) => (
                <fieldset key={locale}>
                  <legend>{t(`bo-reminders.locale.${locale}`)}</legend>
                  {field(`${p}tpl.${locale}.subject`, t('bo-reminders.editor.subject'), (a) => <input {...a} defaultValue={values[`${p}tpl.${locale}.subject`]} />)}
                  {field(`${p}tpl.${locale}.body`, t('bo-reminders.editor.body'), (a) => <textarea {...a} className="tall" defaultValue={values[`${p}tpl.${locale}.body`]} />)}
                </fieldset>
              ))}
            </div>
            {shownPreview ? (
              <div className="preview" aria-live="polite">
                <h3>{t('bo-reminders.editor.previewTitle', { locale: t(`bo-reminders.locale.${shownPreview.locale}`) })}</h3>
                {shownPreview.subject ? <p className="message-subject">{shownPreview.subject}</p> : null}
                <pre className="message-body">{shownPreview.text}</pre>
                {shownPreview.problems.length > 0 ? (
                  <ul className="field-error">
                    {shownPreview.problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
          </section>
        )
      })}
      <div className="form-actions">
        <button type="submit" name="intent" value="add-step" className="button secondary">
          {t('bo-reminders.editor.addStep')}
        </button>
        <button type="submit" name="intent" value="save" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
