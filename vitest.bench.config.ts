import {defineConfig} from 'vitest/config'

// Benchmarks print figures; they are not part of `npm test`. Run: npm run bench
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
