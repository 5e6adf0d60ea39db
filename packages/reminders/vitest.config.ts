import { defineConfig } from 'vitest/config'

process.env.TZ ??= 'UTC'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // PGlite and PostgreSQL, real SMTP and Redis servers, worker processes: give each file room, two at a time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
})
