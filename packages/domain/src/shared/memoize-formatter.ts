/**
 * Intl formatters are expensive to build (tens of microseconds and ICU memory each) and immutable once built,
 * so each distinct set of options is built once per process. The key space is small: locales × currencies/styles.
 */
export function memoizeFormatter<F>(build: (...key: string[]) => F): (...key: string[]) => F {
  const cache = new Map<string, F>()
  return (...key) => {
    const id = key.join('|')
    let formatter = cache.get(id)
    if (formatter === undefined) {
      formatter = build(...key)
      cache.set(id, formatter)
    }
    return formatter
  }
}
