import { defineConfig } from 'vitest/config'

// Set before the workers start so they inherit it; `TZ=… vitest run` still wins, to prove zone independence.
process.env.TZ ??= 'UTC'

export default defineConfig({ test: { environment: 'node', include: ['src/**/*.test.ts'] } })
