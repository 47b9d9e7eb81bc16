import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {DATA_MOUNT, etcdContainerSpec, etcdCreateOptions, kvLabels, kvResourceName} from '../../src/kv/etcd-container-spec.js'
import {parsePlatform} from '../../src/platform/load.js'
import {planPlatform} from '../../src/platform/plan.js'
import {stepName, type ProcessSpec} from '../../src/platform/spec.js'

const cluster = {
  token: 'tok',
  heartbeatMs: 50,
  electionMs: 500,
  members: [1, 2, 3].map((i) => ({name: `etcd-${i}`, dataDir: `/s/etcd-${i}/data`, clientPort: 2000 + i, peerPort: 3000 + i})),
}
const base = {cluster: 'demo', stateDir: '/home/u/app/.zdev/demo', image: 'zdev/etcd:local', env: {ZDEV_CLUSTER: 'demo'}}

describe('etcd member as a container (plain data)', () => {
  test('host networking, the volume at /var/lib/etcd, data dir inside it, loopback URLs as a process member', () => {
    const s = etcdContainerSpec(base, cluster, cluster.members[1]!)
    const o = etcdCreateOptions(s)
    expect(o.HostConfig?.NetworkMode).toBe('host')
    expect(o.HostConfig?.PortBindings).toBeUndefined()
    expect(o.HostConfig?.Mounts).toEqual([{Type: 'volume', Source: s.volume, Target: DATA_MOUNT}])
    expect(o.HostConfig?.RestartPolicy).toEqual({Name: 'no'})
    expect(o.Entrypoint).toEqual(['/usr/local/bin/etcd'])
    const args = o.Cmd as string[]
    const flag = (f: string) => args[args.indexOf(f) + 1]
    expect(flag('--data-dir')).toBe('/var/lib/etcd/data')
    expect(flag('--listen-client-urls')).toBe('http://127.0.0.1:2002')
    expect(flag('--listen-peer-urls')).toBe('http://127.0.0.1:3002')
    expect(flag('--initial-cluster')).toBe('etcd-1=http://127.0.0.1:3001,etcd-2=http://127.0.0.1:3002,etcd-3=http://127.0.0.1:3003')
    for (const a of args) expect(a).not.toMatch(/\b(10|172|192\.168)\.\d+\.\d+/)
    expect(o.Labels).toEqual({'zdev.cluster': 'demo', 'zdev.state': base.stateDir, 'zdev.component': 'etcd-2', 'zdev.kind': 'etcd'})
    expect(o.Env).toEqual(['GOGC=25', 'ZDEV_CLUSTER=demo'])
    expect(s.volume).toBe(s.container)
  })

  test('names: one per cluster, state dir and member; always a valid Docker name', () => {
    const a = kvResourceName('demo', '/a/.zdev/demo', 'etcd-1')
    expect(a).toMatch(/^zdev-demo-[0-9a-f]{8}-etcd-1$/)
    expect(kvResourceName('demo', '/b/.zdev/demo', 'etcd-1')).not.toBe(a)
    expect(kvResourceName('demo', '/a/.zdev/demo', 'etcd-2')).not.toBe(a)
    fc.assert(fc.property(fc.string(), fc.string(), fc.string({minLength: 1}), (c, dir, m) => {
      expect(kvResourceName(c, dir, m)).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
    }))
  })

  test('cluster labels select every member; a member label only that one', () => {
    expect(kvLabels('demo', '/s')).toEqual({'zdev.cluster': 'demo', 'zdev.state': '/s'})
    const m = etcdContainerSpec(base, cluster, cluster.members[0]!).labels
    for (const [k, v] of Object.entries(kvLabels('demo', base.stateDir))) expect(m[k]).toBe(v)
  })
})

describe('plan under runtime docker', () => {
  const ports = Object.fromEntries(cluster.members.map((m) => [m.name, {client: m.clientPort, peer: m.peerPort}]))

  test('each member is its keeper process: same name, ports, log, ready check; the container spec in argv', async () => {
    const p = await parsePlatform('name: demo\nruntime: docker\nkv: {members: 3, image: "gcr.io/etcd-development/etcd:v3.5.17"}\nservers: 0\nnodes: 0\n', 'zdev.yaml', '/w/zdev.yaml')
    expect(p.kv.image).toBe('gcr.io/etcd-development/etcd:v3.5.17')
    const kvContainer = {entry: '/d/kv/etcd-container-main.js', image: p.kv.image!}
    const plain = planPlatform(p, {etcdBin: '/usr/bin/etcd', ports, token: 'tok'})
    const boxed = planPlatform(p, {etcdBin: '/usr/bin/etcd', ports, token: 'tok', kvContainer, nodeBin: '/n/node'})
    expect(boxed.steps.map(stepName)).toEqual(plain.steps.map(stepName))
    const a = (plain.steps[0] as {spec: ProcessSpec}).spec
    const b = (boxed.steps[0] as {spec: ProcessSpec}).spec
    expect(b.command).toBe('/n/node')
    expect(b.args[0]).toBe(kvContainer.entry)
    expect({...b, command: a.command, args: a.args}).toEqual(a)
    const inner = JSON.parse(b.args[1]!)
    expect(inner.image).toBe('gcr.io/etcd-development/etcd:v3.5.17')
    expect(inner.labels['zdev.component']).toBe('etcd-1')
    expect(inner.args.slice(0, 4)).toEqual(['--name', 'etcd-1', '--data-dir', '/var/lib/etcd/data'])
  })

  test('kv.image must look like an image reference', async () => {
    await expect(parsePlatform('name: demo\nkv:\n  image: "not an image"\n', 'zdev.yaml', '/w/zdev.yaml')).rejects.toThrow(/zdev\.yaml:3:10: kv\.image.*not an image reference/)
  })
})

describe('switching a cluster with process members to runtime docker', () => {
  test('refused while process data is there: the containers would start an empty KV', async () => {
    const fs = await import('node:fs')
    const os = await import('node:os')
    const path = await import('node:path')
    const {checkNoProcessData} = await import('../../src/platform/kv-container.js')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zdev-switch-'))
    try {
      const p = await parsePlatform('name: demo\nruntime: docker\nkv: {members: 3}\n', 'zdev.yaml', path.join(dir, 'zdev.yaml'))
      expect(() => checkNoProcessData(p)).not.toThrow()
      fs.mkdirSync(path.join(p.stateDir, 'etcd-2', 'data', 'member'), {recursive: true})
      expect(() => checkNoProcessData(p)).toThrow(/runtime "docker" runs etcd in containers, but etcd-2 has data from runs as processes .*empty KV/)
    } finally {
      fs.rmSync(dir, {recursive: true, force: true})
    }
  })
})
