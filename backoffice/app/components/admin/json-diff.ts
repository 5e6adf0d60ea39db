// Before/after of an audit event as lines of text, computed on the server. Values stay text: React escapes
// them, and nothing here is ever rendered as HTML.

export type DiffLine = { path: string; kind: 'added' | 'removed' | 'changed' | 'unchanged'; before: string | null; after: string | null }

const MAX_DEPTH = 4
const MAX_VALUE_LENGTH = 500
const MAX_LINES = 60

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function flatten(value: unknown, prefix: string, depth: number, into: Map<string, string>) {
  if (isPlainObject(value) && depth < MAX_DEPTH && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, depth + 1, into)
    return
  }
  const text = JSON.stringify(value) ?? 'null'
  into.set(prefix || '(value)', text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text)
}

function flattened(value: unknown) {
  const into = new Map<string, string>()
  if (value !== null && value !== undefined) flatten(value, '', 0, into)
  return into
}

/**
 * Field by field: what was there before, what is there after. Keys present on one side only are additions or
 * removals; equal values are kept (marked unchanged) since events usually record only what changed.
 */
export function diffJson(before: unknown, after: unknown): { lines: DiffLine[]; truncated: boolean } {
  const left = flattened(before)
  const right = flattened(after)
  const paths = [...new Set([...left.keys(), ...right.keys()])]
  const lines: DiffLine[] = paths.map((path) => {
    const b = left.get(path) ?? null
    const a = right.get(path) ?? null
    const kind = b === null ? 'added' : a === null ? 'removed' : a === b ? 'unchanged' : 'changed'
    return { path, kind, before: b, after: a }
  })
  return { lines: lines.slice(0, MAX_LINES), truncated: lines.length > MAX_LINES }
}
