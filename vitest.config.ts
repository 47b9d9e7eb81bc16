import {tmpdir} from 'node:os'
import path from 'node:path'
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
    // `up` records clusters in the user's state dir: tests keep theirs out of the real one.
    env: {XDG_STATE_HOME: path.join(tmpdir(), 'zdev-test-state')},
  },
})
