// For programmer errors only: expected business outcomes are returned as a Result.
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant failed: ${message}`)
}
