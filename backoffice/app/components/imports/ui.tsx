import { Link } from '@remix-run/react'
import { useTranslation } from '~/utils/i18n'

// Small pieces shared by the imports screens.

export const IMPORT_STEPS = ['upload', 'mapping', 'preview', 'import'] as const
export type ImportStep = (typeof IMPORT_STEPS)[number]

/** Where the user is in upload → mapping → preview → import; earlier steps link back while they can be changed. */
export function ImportSteps({ current, importId, editable }: { current: ImportStep; importId?: string; editable: boolean }) {
  const { t } = useTranslation()
  const index = IMPORT_STEPS.indexOf(current)
  const href: Partial<Record<ImportStep, string>> = importId && editable ? { mapping: `/imports/${importId}/mapping`, preview: `/imports/${importId}/preview` } : {}
  return (
    <nav className="imp-steps" aria-label={t('bo-imports.steps.label')}>
      <ol>
        {IMPORT_STEPS.map((step, i) => {
          const label = t(`bo-imports.steps.${step}`)
          const link = i < index ? href[step] : undefined
          return (
            <li key={step} aria-current={i === index ? 'step' : undefined} className={i < index ? 'done' : undefined}>
              {link ? <Link to={link}>{label}</Link> : label}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}

export function ImportStatus({ status }: { status: string }) {
  const { t } = useTranslation()
  return <span className={`imp-status imp-status-${status}`}>{t(`bo-imports.status.${status}`)}</span>
}

export function Breadcrumb() {
  const { t } = useTranslation()
  return (
    <p className="muted">
      <Link to="/imports">{t('bo-imports.title')}</Link> ›
    </p>
  )
}
