import {describe, expect, test} from 'vitest'
import type {Allocation, Deployment, Evaluation, Node} from '../../src/model/index.js'
import {purgedGarbage} from '../../src/server/purge-gc.js'
import type {ClusterState} from '../../src/store/cluster-state.js'
import {nextDelay, DEFAULT_BACKOFF, isDeliberateExit, describeExit} from '../../src/platform/restart-policy.js'
import {testJob} from '../support/jobs.js'

const alloc = (id: string, job: string, node: string, extra: Partial<Allocation> = {}) => ({ID: id, JobID: job, NodeID: node, DesiredStatus: 'run', ClientStatus: 'running', ModifyTime: 0, ...extra}) as Allocation
const st = (over: Partial<ClusterState>): ClusterState =>
  ({revision: 1, jobs: {kept: testJob('kept')}, jobModRevisions: {}, jobVersions: {}, nodes: [{ID: 'n1', Status: 'ready'} as Node, {ID: 'n2', Status: 'down'} as Node], allocs: [], evals: [], deployments: [], services: [], servers: [], proxies: [], events: [], ...over}) as ClusterState

describe('purgedGarbage (pure)', () => {
  test.each([
    ['a running alloc of a kept job stays', alloc('a', 'kept', 'n1'), false],
    ['an ended alloc of a purged job goes', alloc('a', 'gone', 'n1', {ClientStatus: 'complete', DesiredStatus: 'stop'}), true],
    ['a purged job alloc on a down node goes', alloc('a', 'gone', 'n2'), true],
    ['a purged job alloc still running on a ready node waits', alloc('a', 'gone', 'n1', {DesiredStatus: 'stop', ModifyTime: 95_000}), false],
    ['… unless it was told to stop more than 10 s ago', alloc('a', 'gone', 'n1', {DesiredStatus: 'stop', ModifyTime: 80_000}), true],
  ])('%s', (_d, a, collected) => {
    expect(purgedGarbage(st({allocs: [a]}), [], 100_000).allocs.map((x) => x.ID)).toEqual(collected ? ['a'] : [])
  })

  test('nothing of a purged job goes while its evaluation is pending; finished evals after 5 s; deployments and orphan statuses', () => {
    const base = {allocs: [alloc('a', 'gone', 'n2')], deployments: [{ID: 'd', JobID: 'gone'} as Deployment, {ID: 'k', JobID: 'kept'} as Deployment]}
    const pending = purgedGarbage(st({...base, evals: [{ID: 'e', JobID: 'gone', Status: 'pending', CreateTime: 0} as Evaluation]}), ['a', 'x'], 100_000)
    expect(pending.allocs).toEqual([])
    expect(pending.evals).toEqual([])
    const done = purgedGarbage(st({...base, evals: [{ID: 'e', JobID: 'gone', Status: 'complete', CreateTime: 0} as Evaluation, {ID: 'f', JobID: 'gone', Status: 'complete', CreateTime: 98_000} as Evaluation]}), ['a', 'x'], 100_000)
    expect(done).toEqual({allocs: [expect.objectContaining({ID: 'a'})], evals: ['e'], deployments: ['d'], statuses: ['a', 'x']})
  })
})

describe('restart policy (pure)', () => {
  test('backoff doubles to the cap and resets after a long run', () => {
    let d = 0
    const seen = [1, 2, 3, 4, 5, 6, 7, 8].map(() => (d = nextDelay(DEFAULT_BACKOFF, d, 100)))
    expect(seen).toEqual([200, 400, 800, 1600, 3200, 6400, 10_000, 10_000])
    expect(nextDelay(DEFAULT_BACKOFF, 10_000, 31_000)).toBe(200)
  })

  test.each([
    [{code: 0, signal: null}, true, 'exited 0'],
    [{code: null, signal: 'SIGTERM'}, true, 'killed by SIGTERM'],
    [{code: null, signal: 'SIGKILL'}, false, 'killed by SIGKILL'],
    [{code: 70, signal: null}, false, 'exited 70 (uncaught exception)'],
    [{code: 1, signal: null}, false, 'exited 1'],
  ])('%o: deliberate %s, "%s"', (e, deliberate, text) => {
    expect(isDeliberateExit(e)).toBe(deliberate)
    expect(describeExit(e)).toBe(text)
  })
})
