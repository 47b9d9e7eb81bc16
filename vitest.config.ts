import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real etcd clusters and agents: keep parallelism modest on 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
})
