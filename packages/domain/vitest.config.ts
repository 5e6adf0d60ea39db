import { defineConfig } from 'vitest/config'

// Set before the workers start so they inherit it; `TZ=… vitest run` still wins, to prove zone independence.
process.env.TZ ??= 'UTC'

// Pure tests are fast; the longer timeout only keeps a heavily loaded CI machine from failing the sweeping ones.
export default defineConfig({ test: { environment: 'node', include: ['src/**/*.test.ts'], testTimeout: 20_000 } })
