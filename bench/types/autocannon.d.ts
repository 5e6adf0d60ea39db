// The part of autocannon 8's API that the benchmarks use (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  export type Options = {
    url: string
    connections?: number
    duration?: number
    pipelining?: number
    timeout?: number
    method?: string
    headers?: Record<string, string>
    /** Called with each response body; a false return counts as a mismatch. */
    verifyBody?: (body: string) => boolean
  }

  /** Percentiles keyed p0_001 … p99_999 (p50, p90, p97_5, p99, …), plus mean/stddev/min/max. */
  export type Histogram = {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total?: number
    totalCount?: number
    [percentile: `p${string}`]: number
  }

  export type Result = {
    url: string
    connections: number
    duration: number
    start: Date
    finish: Date
    requests: Histogram & { sent: number }
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    mismatches: number
    non2xx: number
    resets: number
    '1xx': number
    '2xx': number
    '3xx': number
    '4xx': number
    '5xx': number
    statusCodeStats: Record<string, { count: number }>
  }

  export type Instance = EventEmitter & { stop(): void }

  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance
  export default autocannon
}
