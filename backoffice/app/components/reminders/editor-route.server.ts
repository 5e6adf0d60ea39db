import { data } from '@remix-run/node'
import { MERGE_FIELDS } from '@quittance/domain/reminders/merge-fields'
import { blankStep, EDITOR_OPTIONS, formValues, parseScenarioForm, previewsOf, withoutStep, type ScenarioFormValues } from './scenario-form.server'

export const editorOptions = { ...EDITOR_OPTIONS, mergeFields: MERGE_FIELDS }

export type EditorActionData = {
  values: ScenarioFormValues
  errors: Record<string, string[]>
  formErrors: string[]
  previews: ReturnType<typeof previewsOf>
}

/**
 * The editor's intents that change only the form (add or remove a step, preview): answered with the values to show
 * again, nothing saved. Returns null for 'save', with the parsed definition for the caller to publish.
 */
export function handleEditorIntent(form: FormData, locale: string) {
  const intent = String(form.get('intent') ?? 'save')
  const values = formValues(form)
  delete values.intent
  if (intent === 'add-step') {
    const count = Number(values.stepCount) || 0
    const next = { ...values, ...blankStep(count), stepCount: String(count + 1) }
    return { response: data<EditorActionData>({ values: next, errors: {}, formErrors: [], previews: {} }) }
  }
  if (intent.startsWith('remove-step:')) {
    const next = withoutStep(values, Number(intent.slice('remove-step:'.length)))
    return { response: data<EditorActionData>({ values: next, errors: {}, formErrors: [], previews: {} }) }
  }
  if (intent === 'preview' || intent.startsWith('preview:')) {
    const only = intent.startsWith('preview:') ? Number(intent.slice('preview:'.length)) : undefined
    return { response: data<EditorActionData>({ values, errors: {}, formErrors: [], previews: previewsOf(values, locale, only) }) }
  }
  const parsed = parseScenarioForm(values)
  if (!parsed.definition) {
    return { response: data<EditorActionData>({ values, errors: parsed.errors, formErrors: ['common.fixErrors'], previews: {} }, { status: 400 }) }
  }
  return { values, definition: parsed.definition }
}
