import { useEffect, useRef, useState } from 'react'
import { useTranslation } from '~/utils/i18n'

/**
 * A read-only text field with a copy button. Without JavaScript the button is not rendered (it could do nothing)
 * and the text stays selectable; with it, one click copies and says so.
 */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const [hydrated, setHydrated] = useState(false)
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  useEffect(() => setHydrated(true), [])

  async function copy() {
    input.current?.select()
    try {
      await navigator.clipboard.writeText(value)
      setCopied('yes')
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): the text is selected for Ctrl+C instead.
      setCopied('no')
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field">
        <input id={id} ref={input} type="text" readOnly value={value} onFocus={(event) => event.currentTarget.select()} spellCheck={false} />
        {hydrated ? (
          <button type="button" className="button secondary small" onClick={copy}>
            {t('bo-customers.portal.copy')}
          </button>
        ) : null}
      </div>
      <p className="hint" role="status" aria-live="polite">
        {copied === 'yes' ? t('bo-customers.portal.copied') : copied === 'no' ? t('bo-customers.portal.copyManually') : null}
      </p>
    </div>
  )
}
