import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parseJobSource} from '../../src/jobspec/index.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {submitJob} from '../../src/store/jobs.js'
import {currentLeader} from '../../src/store/leader-election.js'
import {Store} from '../../src/store/store.js'
import {newId} from '../../src/lib/ids.js'
import {AgentSet, waitFor, type AgentProc} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

const WHOAMI_JS = path.resolve(import.meta.dirname, '../../fixtures/samples/whoami/whoami.mjs')
const clock = {now: () => Date.now(), newId}
const cluster = 'life'

let etcd: TestEtcd
let store: Store
let agents: AgentSet
const servers: AgentProc[] = []

async function submitHcl(hcl: string, vars: Record<string, string> = {}) {
  const job = await parseJobSource(hcl, path.join(path.dirname(WHOAMI_JS), 'test.nomad.hcl'), {vars, allowFs: true})
  return submitJob(store, job, clock)
}

const state = () => readClusterState(store)

function webJob(opts: {version: string; unhealthy?: boolean; autoRevert?: boolean}): string {
  return `
job "web" {
  datacenters = ["*"]
  update {
    max_parallel     = 1
    min_healthy_time = "500ms"
    healthy_deadline = "4s"
    auto_revert      = ${opts.autoRevert ?? true}
  }
  group "web" {
    count = 3
    network {
      port "http" {}
    }
    service {
      name = "web"
      port = "http"
      provider = "nomad"
      check {
        type     = "http"
        path     = "/health"
        interval = "1s"
        timeout  = "1s"
      }
    }
    task "web" {
      driver = "raw_exec"
      config {
        command = "node"
        args    = ["local/whoami.mjs"]
      }
      env {
        VERSION          = "${opts.version}"
        WHOAMI_UNHEALTHY = "${opts.unhealthy ? '1' : ''}"
      }
      template {
        data        = file("whoami.mjs")
        destination = "local/whoami.mjs"
      }
      resources {
        cpu    = 100
        memory = 64
      }
    }
  }
}`
}

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, cluster)
  agents = new AgentSet()
  servers.push(agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints}))
  servers.push(agents.start('server', 'server-2', {cluster, endpoints: etcd.endpoints}))
  for (const i of [1, 2, 3]) {
    agents.start('node', `node-${i}`, {cluster, endpoints: etcd.endpoints, stateDir: path.join(agents.dir, `node-${i}`), datacenter: 'dc1', nodeClass: i === 3 ? 'edge' : '', nodePool: 'default', meta: {rack: `r${i}`}, cpu: 4000, memory: 8192, address: `127.0.2.${i}`, ttlSeconds: 2})
  }
  await waitFor('3 ready nodes', async () => (await state()).nodes.filter((n) => n.Status === 'ready').length === 3)
})

afterAll(async () => {
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
})

describe('job lifecycle on real agents', () => {
  test('a task that exits non-zero is restarted per restart, then rescheduled per reschedule, then given up', {timeout: 60_000}, async () => {
    await submitHcl(`
job "crashy" {
  datacenters = ["*"]
  group "c" {
    restart {
      attempts = 1
      interval = "1m"
      delay    = "200ms"
      mode     = "fail"
    }
    reschedule {
      attempts  = 1
      interval  = "1h"
      delay     = "500ms"
      unlimited = false
    }
    task "c" {
      driver = "raw_exec"
      config {
        command = "sh"
        args    = ["-c", "exit 3"]
      }
    }
  }
}`)
    const allocs = await waitFor('two failed allocations (original + one reschedule)', async () => {
      const a = (await state()).allocs.filter((x) => x.JobID === 'crashy')
      return a.length === 2 && a.every((x) => x.ClientStatus === 'failed') ? a : null
    }, 30_000)
    // every allocation restarted its task once before failing
    for (const a of allocs) expect(a.TaskStates!.c.Restarts).toBe(1)
    const second = allocs.find((a) => a.PreviousAllocation)!
    expect(second.PreviousAllocation).toBe(allocs.find((a) => !a.PreviousAllocation)!.ID)
    expect(second.RescheduleTracker?.Events.length).toBe(1)
    // attempts exhausted: no third allocation appears
    await new Promise((r) => setTimeout(r, 2000))
    expect((await state()).allocs.filter((x) => x.JobID === 'crashy').length).toBe(2)
  })

  test('rolling update v1→v2 with max_parallel 1 never drops below count−1 healthy; a failing v3 is auto-reverted', {timeout: 120_000}, async () => {
    await submitHcl(webJob({version: 'v1'}))
    const healthyOf = async (version?: number) => {
      const st = await state()
      const live = new Set(st.allocs.filter((a) => a.JobID === 'web' && a.DesiredStatus === 'run' && (version === undefined || a.JobVersion === version)).map((a) => a.ID))
      return st.services.filter((s) => s.ServiceName === 'web' && s.Healthy && live.has(s.AllocID)).length
    }
    await waitFor('v1 ×3 healthy', async () => (await healthyOf(0)) === 3, 30_000)
    await submitHcl(webJob({version: 'v2'}))
    let min = 3
    await waitFor('v2 ×3 healthy', async () => {
      const st = await state()
      const healthy = st.services.filter((s) => s.ServiceName === 'web' && s.Healthy).length
      min = Math.min(min, healthy)
      return (await healthyOf(1)) === 3 && st.allocs.filter((a) => a.JobID === 'web' && a.DesiredStatus === 'run').length === 3
    }, 60_000, 50)
    console.log(`rolling update: min healthy instances during v1→v2 = ${min} (count 3)`)
    expect(min).toBeGreaterThanOrEqual(2)
    const d = await waitFor('the v2 deployment to succeed', async () => {
      const ds = (await state()).deployments.filter((x) => x.JobID === 'web' && x.JobVersion === 1)
      return ds.length === 1 && ds[0].Status !== 'running' ? ds : null
    })
    expect(d.map((x) => x.Status)).toEqual(['successful'])

    await submitHcl(webJob({version: 'v3', unhealthy: true}))
    const reverted = await waitFor('auto-revert to v1 spec (job version 3)', async () => {
      const st = await state()
      return st.jobs.web.Version === 3 ? st : null
    }, 60_000)
    const failed = reverted.deployments.find((x) => x.JobVersion === 2)!
    expect(failed.Status).toBe('failed')
    expect(failed.StatusDescription).toContain('rolling back to job version 1')
    expect(reverted.jobs.web.TaskGroups[0].Tasks[0].Env?.VERSION).toBe('v2')
    await waitFor('3 healthy instances of the reverted version', async () => (await healthyOf(3)) === 3, 60_000)
  })

  test('a job needing a missing driver or an impossible constraint fails placement with an explanation', {timeout: 30_000}, async () => {
    await submitHcl(`
job "needs-docker" {
  datacenters = ["*"]
  group "g" {
    task "t" {
      driver = "docker"
      config { image = "redis:7" }
    }
  }
}`)
    await submitHcl(`
job "windows-only" {
  datacenters = ["*"]
  constraint {
    attribute = "\${attr.kernel.name}"
    value     = "windows"
  }
  group "g" {
    task "t" {
      driver = "raw_exec"
      config { command = "true" }
    }
  }
}`)
    const st = await waitFor('both evaluations blocked', async () => {
      const s = await state()
      const blocked = s.evals.filter((e) => e.Status === 'blocked' && (e.JobID === 'needs-docker' || e.JobID === 'windows-only'))
      return blocked.length === 2 ? s : null
    })
    const docker = st.evals.find((e) => e.JobID === 'needs-docker' && e.Status === 'blocked')!.FailedTGAllocs!.g
    expect(docker.NodesEvaluated).toBe(3)
    expect(docker.ConstraintFiltered).toEqual({'missing drivers': 3})
    const win = st.evals.find((e) => e.JobID === 'windows-only' && e.Status === 'blocked')!.FailedTGAllocs!.g
    expect(win.ConstraintFiltered).toEqual({'${attr.kernel.name} = windows': 3})
    expect(st.events.some((e) => e.Kind === 'placement-failed' && e.Message.includes('needs-docker'))).toBe(true)
  })

  test('a periodic batch job fires on schedule and respects prohibit_overlap', {timeout: 60_000}, async () => {
    await submitHcl(`
job "tick" {
  datacenters = ["*"]
  type        = "batch"
  periodic {
    crons            = ["*/2 * * * * * *"]
    prohibit_overlap = true
  }
  group "g" {
    task "t" {
      driver = "raw_exec"
      config {
        command = "sleep"
        args    = ["3"]
      }
    }
  }
}`)
    const st = await waitFor('two completed periodic children and a skipped launch', async () => {
      const s = await state()
      const done = s.allocs.filter((a) => a.JobID.startsWith('tick/periodic-') && a.ClientStatus === 'complete')
      const skipped = s.events.some((e) => e.Kind === 'periodic-skipped' && e.Message.includes('tick'))
      return done.length >= 2 && skipped ? s : null
    }, 45_000).catch(async (err) => {
      const s = await state()
      console.log(JSON.stringify({jobs: Object.keys(s.jobs), events: s.events.slice(-15), allocs: s.allocs.filter((a) => a.JobID.startsWith('tick')).map((a) => [a.JobID, a.ClientStatus]), evals: s.evals.filter((e) => e.JobID.startsWith('tick')).map((e) => [e.JobID, e.Status, e.StatusDescription])}, null, 1))
      console.log(agents.log('server-1').split('\n').slice(-20).join('\n'))
      throw err
    })
    const runs = st.allocs
      .filter((a) => a.JobID.startsWith('tick/periodic-'))
      .map((a) => ({start: a.TaskStates!.t.StartedAt!, end: a.TaskStates!.t.FinishedAt ?? Infinity}))
      .sort((a, b) => a.start - b.start)
    for (let i = 1; i < runs.length; i++) expect(runs[i].start).toBeGreaterThanOrEqual(runs[i - 1].end)
    expect(Object.values(st.jobs).filter((j) => j.ParentID === 'tick').every((j) => j.Type === 'batch' && j.Periodic === null)).toBe(true)
  })

  test('SIGKILL of the leader server: the standby leads and scheduling goes on', {timeout: 30_000}, async () => {
    const leaderName = await currentLeader(store)
    const leader = servers.find((s) => s.name === leaderName)!
    const t0 = Date.now()
    await leader.kill('SIGKILL')
    await submitHcl(`
job "after-failover" {
  datacenters = ["*"]
  group "g" {
    task "t" {
      driver = "raw_exec"
      config {
        command = "sleep"
        args    = ["300"]
      }
    }
  }
}`)
    await waitFor('the new job running under the new leader', async () => (await state()).allocs.some((a) => a.JobID === 'after-failover' && a.ClientStatus === 'running'), 20_000, 50)
    console.log(`leader SIGKILL → new job running: ${Date.now() - t0} ms`)
    const now = await currentLeader(store)
    expect(now).not.toBe(leaderName)
    expect(servers.map((s) => s.name)).toContain(now)
  })
})
