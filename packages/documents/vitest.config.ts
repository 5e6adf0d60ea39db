import { defineConfig } from 'vitest/config'

// Dates are calendar dates formatted in UTC; pin the zone so no test depends on the machine's.
process.env.TZ ??= 'UTC'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}'],
    // The first render in a worker loads the fonts and the PDF engine: seconds on a busy 2-core machine.
    testTimeout: 30_000,
  },
})
