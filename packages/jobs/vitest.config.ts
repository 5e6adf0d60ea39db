import { defineConfig } from 'vitest/config'

process.env.TZ ??= 'UTC'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // PGlite start-up plus a real server: give each file room, and keep two cores busy without oversubscribing.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
})
