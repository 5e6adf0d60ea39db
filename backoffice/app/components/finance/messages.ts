// What actions send back to forms: message keys with their values, translated in the page. Client-safe.

export type Msg = { key: string; values?: Record<string, string | number> }

export type FormFeedback = {
  /** Which form on the page the feedback belongs to. */
  intent: string
  fieldErrors: Record<string, Msg>
  formError: Msg | null
}

/** The field name of one invoice's amount in a lettering table, for its error. */
export const allocationField = (invoiceId: string) => `allocation.${invoiceId}`

/** zod's first message per field, as keys (our schemas use catalogue keys as messages). */
export function zodFieldErrors(errors: Record<string, string[] | null> | undefined | null): Record<string, Msg> {
  const result: Record<string, Msg> = {}
  for (const [name, messages] of Object.entries(errors ?? {})) {
    const first = messages?.[0]
    if (first) result[name] = { key: first.startsWith('bo-finance.') ? first : 'bo-finance.error.invalid' }
  }
  return result
}
