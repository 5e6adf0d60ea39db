/**
 * A what-if for `pnpm bench:portal --what-if-cached-intl`, loaded into an extra portal process with
 * `node --import ./bench/portal/what-if-cached-intl.ts`: `new Intl.NumberFormat(...)` and
 * `new Intl.DateTimeFormat(...)` return one shared instance per (locales, options). The portal's code is not
 * changed; this only shows what the page would cost if the domain formatting helpers cached their formatters.
 * Never used outside the benchmark.
 */
function cacheInstances(name: 'NumberFormat' | 'DateTimeFormat') {
  const Original = Intl[name] as unknown as new (...args: unknown[]) => object
  const cache = new Map<string, object>()
  const wrapped: object = new Proxy(Original, {
    construct(target, args: unknown[], newTarget) {
      // Subclasses and Reflect.construct with another newTarget keep the original behaviour.
      if (newTarget !== wrapped) return Reflect.construct(target, args, newTarget)
      const key = JSON.stringify(args)
      let instance = cache.get(key)
      if (!instance) {
        instance = Reflect.construct(target, args)
        if (cache.size < 1000) cache.set(key, instance)
      }
      return instance
    },
  })
  ;(Intl as unknown as Record<string, unknown>)[name] = wrapped
}

cacheInstances('NumberFormat')
cacheInstances('DateTimeFormat')
