import {describe, expect, test} from 'vitest'
import path from 'node:path'
import {loadPlatform} from '../../src/platform/load.js'

const dir = path.resolve('fixtures/platform')

describe('loadPlatform fills every default', () => {
  test('minimal file', async () => {
    expect(await loadPlatform('fixtures/platform/minimal.yaml')).toEqual({
      file: `${dir}/minimal.yaml`,
      dir,
      stateDir: `${dir}/.zdev/demo`,
      name: 'demo',
      runtime: 'auto',
      kv: {members: 3, heartbeatMs: 50, electionMs: 500},
      servers: {count: 1, names: ['server-1'], apiPort: 4646},
      nodes: [{name: 'node-1', datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 4000, memory: 8192, drivers: ['raw_exec', 'exec', 'docker']}],
      proxies: {count: 0, host: '127.0.0.1', ports: [], defaultRule: 'Host(`{{ normalize .Name }}.localhost`)', ruleSyntax: 'v3', instances: []},
      jobs: [],
      targets: [],
      images: [],
      scheduler: {algorithm: 'binpack', preemption: {system: true, sysbatch: false, service: false, batch: false}},
    })
  })

  test('full file: lists, explicit values, paths resolved beside the file', async () => {
    const p = await loadPlatform('fixtures/platform/full.yaml')
    expect(p.kv).toEqual({members: 5, heartbeatMs: 100, electionMs: 1000})
    expect(p.servers.names).toEqual(['server-1', 'server-2', 'server-3'])
    expect(p.nodes.map((n) => [n.name, n.datacenter, n.nodeClass, n.cpu, n.memory, n.drivers.join('+')])).toEqual([
      ['edge-1', 'dc1', 'edge', 2000, 2048, 'raw_exec'],
      ['batch-1', 'dc2', '', 4000, 8192, 'raw_exec+exec+docker'],
    ])
    expect(p.nodes[0]!.meta).toEqual({rack: 'r1', tier: '2'})
    expect(p.proxies.instances).toEqual([
      {name: 'proxy-1', host: '127.0.0.1', port: 18080},
      {name: 'proxy-2', host: '127.0.0.1', port: 18081},
    ])
    expect(p.jobs).toEqual([
      {path: `${dir}/jobs/web.nomad.hcl`, vars: {}, varFiles: []},
      {path: `${dir}/jobs/api.nomad.hcl`, vars: {count: '3'}, varFiles: [`${dir}/jobs/web.vars.hcl`]},
    ])
    expect(p.scheduler).toEqual({algorithm: 'spread', preemption: {system: true, sysbatch: false, service: true, batch: false}})
  })

  test.each([
    ['nodes: 3 are named node-1..3', 'name: d\nnodes: 3\n', (p: any) => p.nodes.map((n: any) => n.name), ['node-1', 'node-2', 'node-3']],
    ['nodes: 0 is a KV-only platform', 'name: d\nnodes: 0\n', (p: any) => p.nodes, []],
    ['proxies: 2 listen from 8080', 'name: d\nproxies: 2\n', (p: any) => p.proxies.ports, [8080, 8081]],
    ['proxies ports alone set the count', 'name: d\nproxies:\n  ports: [9000, 9001, 9002]\n', (p: any) => p.proxies.count, 3],
    ['proxies.rule_syntax v2 for the platform', 'name: d\nproxies:\n  count: 1\n  rule_syntax: v2\n', (p: any) => p.proxies.ruleSyntax, 'v2'],
    ['websecure_ports give each proxy a TLS port', 'name: d\nproxies:\n  ports: [9080, 9081]\n  websecure_ports: [9443, 9444]\n', (p: any) => p.proxies.instances.map((x: any) => [x.port, x.websecurePort]), [[9080, 9443], [9081, 9444]]],
    ['servers: 3 shorthand', 'name: d\nservers: 3\n', (p: any) => p.servers.names, ['server-1', 'server-2', 'server-3']],
    ['empty kv mapping keeps defaults', 'name: d\nkv:\n', (p: any) => p.kv.members, 3],
    ['empty scheduler mapping keeps Nomad\'s defaults', 'name: d\nscheduler:\n', (p: any) => p.scheduler, {algorithm: 'binpack', preemption: {system: true, sysbatch: false, service: false, batch: false}}],
    ['preemption_config turns system preemption off and batch on', 'name: d\nscheduler:\n  preemption_config:\n    system_scheduler_enabled: false\n    batch_scheduler_enabled: true\n', (p: any) => p.scheduler.preemption, {system: false, sysbatch: false, service: false, batch: true}],
  ])('%s', async (_why, text, pick, want) => {
    const {parsePlatform} = await import('../../src/platform/load.js')
    expect(pick(await parsePlatform(text, 'x.yaml', '/tmp/x.yaml'))).toEqual(want)
  })
})
