import {describe, expect, test} from 'vitest'
import {appendEvents, deriveEvents} from '../../../src/ui/dashboard/derive-events.js'
import type {DashboardSnapshot} from '../../../src/ui/dashboard/types.js'
import {failedDeploymentSnapshot, healthySnapshot, makeAlloc, makeDeployment, member, nodeDownSnapshot, quorumLostSnapshot, T0} from './fixtures.js'

const at = T0 + 1000
const next = (change: (s: DashboardSnapshot) => void): DashboardSnapshot => {
  const s = healthySnapshot({at})
  change(s)
  return s
}
const messages = (prev: DashboardSnapshot, nxt: DashboardSnapshot) => deriveEvents(prev, nxt).map((e) => `${e.kind}: ${e.message}`)

describe('deriveEvents', () => {
  test.each([
    {desc: 'nothing changed', next: next(() => {}), out: []},
    {
      desc: 'server leader elected',
      next: next((s) => (s.servers = [{name: 'server-1', leader: false, alive: false}, {name: 'server-2', leader: true, alive: true}])),
      out: ['leader-elected: server server-2 elected leader', 'server-down: server server-1 down'],
    },
    {
      desc: 'no server leader',
      next: next((s) => (s.servers = s.servers.map((x) => ({...x, leader: false})))),
      out: ['leader-lost: server server-1 lost leadership; no leader'],
    },
    {
      desc: 'KV leader changes with the term',
      next: next((s) => (s.kv.members = [member('etcd-1', 2379, {running: false, healthy: false}), member('etcd-2', 2381, {isLeader: true, raftTerm: 3}), member('etcd-3', 2383)])),
      out: ['member-down: etcd etcd-1 stopped', 'kv-leader: etcd etcd-2 became KV leader (term 3)'],
    },
    {
      desc: 'alloc started, failed, lost',
      next: next((s) => {
        s.allocs[0] = {...s.allocs[0]!, ClientStatus: 'failed', ClientDescription: 'Failed tasks'}
        s.allocs[1] = {...s.allocs[1]!, ClientStatus: 'lost'}
        s.allocs.push(makeAlloc('new00001-0', 'web', 2, 'node-3'))
      }),
      out: [
        'alloc-failed: alloc web.web[0] (aaaa1111) failed on node-1: Failed tasks',
        'alloc-lost: alloc web.web[1] (aaaa2222) lost on node-2',
        'alloc-started: alloc web.web[2] (new00001) started on node-3',
      ],
    },
    {
      desc: 'node back up and a new node joining',
      next: next((s) => s.nodes.push({...s.nodes[0]!, ID: 'id-node-4', Name: 'node-4'})),
      out: ['node-up: node node-4 joined'],
    },
    {
      desc: 'node registration expired',
      next: next((s) => (s.nodes = s.nodes.slice(1))),
      out: ['node-down: node node-1 down (registration expired)'],
    },
    {
      desc: 'proxy down',
      next: next((s) => (s.proxies = [{...s.proxies[0]!, alive: false}])),
      out: ['proxy-down: proxy proxy-1 down'],
    },
  ])('$desc', ({next: nxt, out}) => {
    expect(messages(healthySnapshot(), nxt)).toEqual(out)
  })

  test('quorum lost, then regained', () => {
    const lost = quorumLostSnapshot()
    expect(messages(healthySnapshot(), lost)).toEqual([
      'member-down: etcd etcd-1 stopped',
      'member-down: etcd etcd-2 unhealthy',
      'member-down: etcd etcd-3 stopped',
      'quorum-lost: KV quorum lost (0/3 healthy)',
    ])
    expect(messages(lost, healthySnapshot())).toEqual([
      'member-up: etcd etcd-1 healthy',
      'member-up: etcd etcd-2 healthy',
      'member-up: etcd etcd-3 healthy',
      'quorum-regained: KV quorum regained (3/3 healthy)',
      'kv-leader: etcd etcd-1 became KV leader (term 2)',
    ])
  })

  test('node down with its allocations rescheduled', () => {
    expect(messages(healthySnapshot(), nodeDownSnapshot())).toEqual([
      'node-down: node node-2 down',
      'alloc-lost: alloc web.web[1] (aaaa2222) lost on node-2',
      'alloc-lost: alloc api.api[0] (bbbb1111) lost on node-2',
      'alloc-rescheduled: alloc web.web[1] rescheduled node-2 → node-3 (dddd1111)',
      'alloc-rescheduled: alloc api.api[0] rescheduled node-2 → node-1 (eeee1111)',
      'alloc-started: alloc api.api[0] (eeee1111) started on node-1',
    ])
  })

  test('canary promoted, then the deployment succeeds', () => {
    const canary = next((s) => (s.deployments = [makeDeployment('web', 4, {}, {DesiredCanaries: 1, Promoted: false})]))
    const promoted = next((s) => (s.deployments = [makeDeployment('web', 4, {}, {DesiredCanaries: 1, Promoted: true})]))
    const done = next((s) => (s.deployments = [makeDeployment('web', 4, {Status: 'successful'}, {DesiredCanaries: 1, Promoted: true})]))
    expect(messages(canary, promoted)).toEqual(['deployment-promoted: deployment web v4 promoted'])
    expect(messages(promoted, done)).toEqual(['deployment-successful: deployment web v4 successful'])
  })

  test('a failed deployment that rolls back is reported as reverted', () => {
    const prev = failedDeploymentSnapshot()
    prev.deployments = prev.deployments.map((d) => (d.JobVersion === 4 ? {...d, Status: 'running' as const} : d))
    expect(messages(prev, failedDeploymentSnapshot())).toEqual([
      'deployment-reverted: deployment web v4 failed: Failed due to unhealthy allocations - rolling back to job version 3',
    ])
  })

  test('events carry the time of the new snapshot; the first snapshot yields none', () => {
    expect(deriveEvents(healthySnapshot(), nodeDownSnapshot()).every((e) => e.time === T0 + 30_000)).toBe(true)
    expect(deriveEvents(null, healthySnapshot())).toEqual([])
  })
})

describe('appendEvents', () => {
  const e = (n: number) => ({time: n, kind: 'x', message: `m${n}`})
  test('keeps the newest max', () => expect(appendEvents([e(1), e(2)], [e(3), e(4)], 3).map((x) => x.time)).toEqual([2, 3, 4]))
  test('nothing added returns the same log', () => {
    const log = [e(1)]
    expect(appendEvents(log, [])).toBe(log)
  })
})

describe('deriveEvents properties', () => {
  test('a snapshot compared with itself yields no events', async () => {
    const fc = (await import('fast-check')).default
    const snaps = [healthySnapshot(), quorumLostSnapshot(), nodeDownSnapshot(), failedDeploymentSnapshot()]
    fc.assert(fc.property(fc.constantFrom(...snaps), (s) => deriveEvents(s, structuredClone(s)).length === 0))
  })
})
