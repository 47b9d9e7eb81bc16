import {describe, expect, test} from 'vitest'
import {loadPlatform} from '../../src/platform/load.js'
import {etcdMemberNames, planPlatform} from '../../src/platform/plan.js'
import {stepName, type ProcessSpec} from '../../src/platform/spec.js'

const ports = {
  'etcd-1': {client: 2001, peer: 3001},
  'etcd-2': {client: 2002, peer: 3002},
  'etcd-3': {client: 2003, peer: 3003},
  'etcd-4': {client: 2004, peer: 3004},
  'etcd-5': {client: 2005, peer: 3005},
}

describe('planPlatform (pure: Platform in, ordered process specs out)', () => {
  test('KV-only platform: three etcd starts, then the quorum wait', async () => {
    const p = await loadPlatform('fixtures/platform/kv-only.yaml')
    const plan = planPlatform(p, {etcdBin: '/usr/bin/etcd', ports, token: 'tok'})
    expect(plan.steps.map(stepName)).toEqual(['etcd-1', 'etcd-2', 'etcd-3', 'kv quorum'])
    const etcd2 = (plan.steps[1] as {spec: ProcessSpec}).spec
    expect(etcd2).toEqual({
      name: 'etcd-2',
      kind: 'etcd',
      command: '/usr/bin/etcd',
      args: [
        '--name', 'etcd-2',
        '--data-dir', `${p.stateDir}/etcd-2/data`,
        '--listen-client-urls', 'http://127.0.0.1:2002',
        '--advertise-client-urls', 'http://127.0.0.1:2002',
        '--listen-peer-urls', 'http://127.0.0.1:3002',
        '--initial-advertise-peer-urls', 'http://127.0.0.1:3002',
        '--initial-cluster', 'etcd-1=http://127.0.0.1:3001,etcd-2=http://127.0.0.1:3002,etcd-3=http://127.0.0.1:3003',
        '--initial-cluster-token', 'tok',
        '--initial-cluster-state', 'new',
        '--heartbeat-interval', '50',
        '--election-timeout', '500',
        '--bcrypt-cost', '4',
        '--logger', 'zap',
        '--log-outputs', 'stderr',
      ],
      env: {GOGC: '25', ZDEV_CLUSTER: 'kvonly', ZDEV_CLUSTER_ID: 'tok', ZDEV_COMPONENT: 'etcd-2', ZDEV_KIND: 'etcd', ZDEV_STATE_DIR: p.stateDir},
      cwd: p.stateDir,
      logFile: `${p.stateDir}/logs/etcd-2.log`,
      dataDir: `${p.stateDir}/etcd-2/data`,
      ports: {client: 2002, peer: 3002},
      endpoints: ['http://127.0.0.1:2002'],
      ready: {kind: 'http', url: 'http://127.0.0.1:3002/version'},
    })
    // a new cluster's members start one after another, each once the one before serves its peers;
    // the quorum wait (their readiness) follows all of them
    expect(plan.steps.slice(0, 3).map((s) => s.after)).toEqual([[], ['etcd-1'], ['etcd-2']])
    expect(plan.steps.slice(0, 3).map((s) => s.kind === 'start' && s.spec.ready)).toEqual([
      {kind: 'http', url: 'http://127.0.0.1:3001/version'},
      {kind: 'http', url: 'http://127.0.0.1:3002/version'},
      {kind: 'none'},
    ])
    expect(plan.steps[3]).toEqual({kind: 'wait-quorum', name: 'kv quorum', endpoints: ['http://127.0.0.1:2001', 'http://127.0.0.1:2002', 'http://127.0.0.1:2003'], timeoutMs: 20_000, after: ['etcd-1', 'etcd-2', 'etcd-3']})
  })

  test('a bootstrapped cluster (every member has a WAL): the members start at once', async () => {
    const p = await loadPlatform('fixtures/platform/kv-only.yaml')
    const plan = planPlatform(p, {etcdBin: '/usr/bin/etcd', ports, token: 'tok', kvBootstrapped: true})
    expect(plan.steps.slice(0, 3).map((s) => [s.after, s.kind === 'start' && s.spec.ready])).toEqual(Array(3).fill([[], {kind: 'none'}]))
  })

  test('without agentEntry servers, nodes and proxies are not planned', async () => {
    const p = await loadPlatform('fixtures/platform/full.yaml')
    const plan = planPlatform(p, {etcdBin: 'etcd', ports, token: 't'})
    expect(plan.steps.map(stepName)).toEqual(['etcd-1', 'etcd-2', 'etcd-3', 'etcd-4', 'etcd-5', 'kv quorum'])
    expect(plan.steps[0]!.kind === 'start' && plan.steps[0]!.spec.args).toContain('1000') // election_ms from the file
  })

  test('with agentEntry: servers, nodes, proxies after the quorum, run by node with labels', async () => {
    const p = await loadPlatform('fixtures/platform/full.yaml')
    const plan = planPlatform(p, {etcdBin: 'etcd', ports, token: 't', agentEntry: '/x/agent.js', nodeBin: '/n/node'})
    expect(plan.steps.map(stepName)).toEqual([
      'etcd-1', 'etcd-2', 'etcd-3', 'etcd-4', 'etcd-5', 'kv quorum',
      'server-1', 'server-2', 'server-3', 'edge-1', 'batch-1', 'proxy-1', 'proxy-2',
    ])
    // every agent is spawned at once (beside etcd) and let go after the quorum: none waits on another
    expect(plan.steps.slice(6).map((s) => [s.after, s.kind === 'start' && s.gate])).toEqual(Array(7).fill([[], ['kv quorum']]))
    const proxy2 = plan.steps.at(-1)
    expect(proxy2).toMatchObject({
      kind: 'start',
      spec: {
        kind: 'proxy',
        command: '/n/node',
        args: ['--max-semi-space-size=2', '/x/agent.js', 'proxy', 'proxy-2'],
        env: {
          ZDEV_CLUSTER: 'full-demo',
          ZDEV_COMPONENT: 'proxy-2',
          ZDEV_KIND: 'proxy',
          ZDEV_KV_ENDPOINTS: 'http://127.0.0.1:2001,http://127.0.0.1:2002,http://127.0.0.1:2003,http://127.0.0.1:2004,http://127.0.0.1:2005',
          ZDEV_LISTEN: '127.0.0.1:18081',
        },
        ports: {http: 18081},
        endpoints: ['http://127.0.0.1:18081'],
        ready: {kind: 'signal'},
      },
    })
  })

  test('member names follow kv.members', async () => {
    const p = await loadPlatform('fixtures/platform/full.yaml')
    expect(etcdMemberNames(p)).toEqual(['etcd-1', 'etcd-2', 'etcd-3', 'etcd-4', 'etcd-5'])
  })

  test('a member without assigned ports is a programming error, not a silent default', async () => {
    const p = await loadPlatform('fixtures/platform/kv-only.yaml')
    expect(() => planPlatform(p, {etcdBin: 'etcd', ports: {}, token: 't'})).toThrow('no ports assigned to etcd-1')
  })
})
