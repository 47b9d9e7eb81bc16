// `zdev job plan` and `zdev simulate` through the real CLI (compiled dist/, as `npm test` builds).
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {Snapshot} from '../../src/scheduler/index.js'
import {makeNodes} from './fixtures.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'zdev-sched-cli-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
beforeAll(() => {
  if (!existsSync('dist/commands/job/plan.js')) throw new Error('dist/commands/job/plan.js is missing: run `npm run build` first (npm test does)')
})

const JOB = `variable "count" {
  type    = number
  default = 2
}
job "web" {
  datacenters = ["dc1"]
  group "web" {
    count = var.count
    network {
      port "http" {}
    }
    task "server" {
      driver = "raw_exec"
      config {
        command = "/bin/sleep"
        args    = ["1000"]
      }
      resources {
        cpu    = 500
        memory = 256
      }
    }
  }
}
`
const jobFile = join(dir, 'web.nomad.hcl')
writeFileSync(jobFile, JOB)

async function zdev(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    // Its own user state dir: with no platform file here, `job plan` must not find the cluster
    // another test file brought up last (it plans against an empty cluster then).
    const env = {...process.env, XDG_STATE_HOME: dir, ZDEV_FILE: ''}
    const r = await run(process.execPath, ['./bin/run.js', ...args], {cwd: process.cwd(), timeout: 60_000, env})
    return {code: 0, stdout: r.stdout, stderr: r.stderr}
  } catch (err) {
    const e = err as {code: number; stdout: string; stderr: string}
    return {code: e.code, stdout: e.stdout, stderr: e.stderr}
  }
}

describe('zdev job plan', () => {
  test('against a snapshot with nodes: creates, exit 1, placements explained', async () => {
    const snap: Snapshot = {jobs: {}, nodes: makeNodes(3), allocs: [], deployments: []}
    const snapFile = join(dir, 'snap.json')
    writeFileSync(snapFile, JSON.stringify(snap))
    const r = await zdev('job', 'plan', jobFile, '--snapshot', snapFile, '--var', 'count=3')
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('+ Job: "web"')
    expect(r.stdout).toContain('Task group "web": 3 create')
    expect(r.stdout).toContain('- All tasks successfully allocated.')
  })

  test('--verbose lists per-node scores with Nomad\'s names', async () => {
    const snap: Snapshot = {jobs: {}, nodes: makeNodes(3), allocs: [], deployments: []}
    const snapFile = join(dir, 'snap-verbose.json')
    writeFileSync(snapFile, JSON.stringify(snap))
    const r = await zdev('job', 'plan', jobFile, '--snapshot', snapFile, '--verbose')
    expect(r.code).toBe(1)
    const lines = r.stdout.split('\n')
    const head = lines.findIndex((l) => l.startsWith('Placement scores for web.web[0] (group "web", 2 nodes evaluated; chosen: n'))
    expect(head).toBeGreaterThan(0)
    expect(lines[head + 1]!.trim().split(/\s+/)).toEqual(['Node', 'binpack', 'job-anti-affinity', 'node-reschedule-penalty', 'normalized-score'])
    expect(lines[head + 2]!.trim()).toMatch(/^n\d\s+0\.\d+\s+0\s+0\s+0\.\d+$/)
  })

  test('--json carries the plan and the exit code', async () => {
    const r = await zdev('job', 'plan', jobFile, '--json')
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.totals.Place).toBe(2)
    expect(out.plan.FailedTGAllocs.web.NodesEvaluated).toBe(0)
  })

  test('the platform file\'s scheduler_algorithm is what the plan uses (binpack packs, spread spreads)', async () => {
    // a small node and a big one: binpack fills the small one, spread picks the one with most room
    const nodes = makeNodes(2, (i) => (i === 0 ? {NodeResources: {CpuShares: 1000, MemoryMB: 1024, DiskMB: 100_000, MinDynamicPort: 20000, MaxDynamicPort: 32000}} : {}))
    const snapFile = join(dir, 'snap-algo.json')
    writeFileSync(snapFile, JSON.stringify({jobs: {}, nodes, allocs: [], deployments: []} satisfies Snapshot))
    const placedOn = async (algorithm: string) => {
      const platform = join(dir, `zdev-${algorithm}.yaml`)
      writeFileSync(platform, `name: plan${algorithm}\nservers: 1\nnodes: 0\nscheduler:\n  scheduler_algorithm: ${algorithm}\n`)
      const r = await zdev('job', 'plan', jobFile, '-f', platform, '--snapshot', snapFile, '--var', 'count=1', '--json')
      expect(r.code).toBe(1)
      return Object.keys((JSON.parse(r.stdout) as {plan: {NodeAllocation: Record<string, unknown>}}).plan.NodeAllocation)
    }
    expect(await placedOn('binpack')).toEqual([nodes[0]!.ID])
    expect(await placedOn('spread')).toEqual([nodes[1]!.ID])
  })

  test('a broken snapshot is an error: exit 255 with the file named', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"nodes": 3}')
    const r = await zdev('job', 'plan', jobFile, '--snapshot', bad)
    expect(r.code).toBe(255)
    expect(r.stderr).toContain(`Error: ${bad}: "nodes" must be an array, got number.`)
  })
})

describe('zdev simulate', () => {
  test('reports fit and throughput as JSON', async () => {
    const r = await zdev('simulate', '--nodes', '20', '--node-spec', 'cpu=2000,memory=4096,dc=dc1', jobFile, '--count-scale', '10', '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({nodes: 20, fits: true, placements: 20, failures: 0})
    expect(out.utilisation.cpu).toEqual({used: 10000, total: 40000, percent: 25})
  })
})
