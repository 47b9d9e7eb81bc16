// The cluster service functions against real processes: one etcd, one server, three node agents.
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {allocLogs} from '../../src/cluster/alloc-logs.js'
import {monitorDrain} from '../../src/cluster/drain-monitor.js'
import {jobLogs} from '../../src/cluster/job-logs.js'
import {runJob} from '../../src/cluster/job-run.js'
import {readJobHistory, revertJobAndFollow, stopJobAndFollow} from '../../src/cluster/job-actions.js'
import {requestDeployment} from '../../src/cluster/deployment-actions.js'
import {setNodeDrain, setNodeEligibility} from '../../src/cluster/node-drain.js'
import {readAllocStatus, readDeploymentStatus, readJobStatus, readNodeList} from '../../src/cluster/reads.js'
import {listServers} from '../../src/cluster/server-list.js'
import {parseJobSource} from '../../src/jobspec/index.js'
import {newId} from '../../src/lib/ids.js'
import {isTerminal} from '../../src/model/index.js'
import {readClusterState} from '../../src/store/cluster-state.js'
import {Store} from '../../src/store/store.js'
import {AgentSet, waitFor} from '../support/agents.js'
import {startTestEtcd, type TestEtcd} from '../support/etcd.js'

const clock = {now: () => Date.now(), newId}
const cluster = 'clu'
let etcd: TestEtcd
let store: Store
let agents: AgentSet
const nodeDir = (name: string) => path.join(agents.dir, name)

const job = (hcl: string) => parseJobSource(hcl, path.join(import.meta.dirname, 'live.nomad.hcl'))

function serviceJob(name: string, opts: {count: number; command: string; args: string[]; driver?: string; extra?: string}): string {
  return `
job "${name}" {
  datacenters = ["*"]
  update {
    max_parallel     = 2
    min_healthy_time = "300ms"
    healthy_deadline = "10s"
  }
  group "${name}" {
    count = ${opts.count}
    ${opts.extra ?? ''}
    task "${name}" {
      driver = "${opts.driver ?? 'raw_exec'}"
      config {
        command = "${opts.command}"
        args    = ${JSON.stringify(opts.args)}
      }
      resources {
        cpu    = 100
        memory = 32
      }
    }
  }
}`
}

beforeAll(async () => {
  etcd = await startTestEtcd()
  store = Store.connect(etcd.endpoints, cluster)
  agents = new AgentSet()
  agents.start('server', 'server-1', {cluster, endpoints: etcd.endpoints})
  for (const i of [1, 2, 3]) {
    agents.start('node', `node-${i}`, {cluster, endpoints: etcd.endpoints, stateDir: nodeDir(`node-${i}`), datacenter: 'dc1', nodeClass: '', nodePool: 'default', meta: {}, cpu: 4000, memory: 8192, address: `127.0.3.${i}`, ttlSeconds: 2})
  }
  await waitFor('3 ready nodes and a leader', async () => {
    const st = await readClusterState(store)
    return st.nodes.filter((n) => n.Status === 'ready').length === 3 && (await listServers(store)).some((s) => s.leader)
  })
})

afterAll(async () => {
  await agents?.cleanup()
  store?.close()
  await etcd?.stop()
})

describe.sequential('cluster commands on real processes', () => {
  const liveOn = async (jobId: string) => {
    const st = await readClusterState(store)
    return st.allocs.filter((a) => a.JobID === jobId && !isTerminal(a))
  }

  test('job run follows the evaluation and the deployment to success (exit 0)', async () => {
    const lines: string[] = []
    const t0 = Date.now()
    const r = await runJob(store, await job(serviceJob('sleepy', {count: 2, command: 'sleep', args: ['300']})), {clock, timeoutMs: 30_000, pollMs: 100, onLine: (l) => lines.push(l)})
    console.log(`job run → deployment successful: ${Date.now() - t0} ms`)
    expect(r).toMatchObject({jobId: 'sleepy', version: 0, outcome: 'deployment-successful', exitCode: 0})
    const text = lines.join('\n')
    expect(text).toMatch(/==> .*: Monitoring evaluation "[0-9a-f]{8}"/)
    expect(text).toContain('Evaluation triggered by job "sleepy"')
    expect(lines.filter((l) => /Allocation "[0-9a-f]{8}" created: node "node-\d", group "sleepy"/.test(l))).toHaveLength(2)
    expect(text).toMatch(/✓ Deployment "[0-9a-f]{8}" successful/)
    expect(r.deployment?.groups).toMatchObject([{group: 'sleepy', desired: 2, healthy: 2}])
  })

  test('job run with a missing driver exits 2 and explains the placement failure', async () => {
    const lines: string[] = []
    const r = await runJob(store, await job(serviceJob('needs-docker', {count: 1, command: 'redis', args: [], driver: 'docker'}).replace('command = "redis"', 'image = "redis:7"').replace('args    = []', '')), {clock, timeoutMs: 20_000, pollMs: 100, onLine: (l) => lines.push(l)})
    expect(r).toMatchObject({outcome: 'placement-failed', exitCode: 2})
    const i = lines.findIndex((l) => l.includes('failed to place all allocations'))
    expect(lines[i]).toMatch(/^==> .*: Evaluation "[0-9a-f]{8}" finished with status "complete" but failed to place all allocations:$/)
    expect(lines.slice(i + 1, i + 3)).toEqual(['    Task Group "needs-docker" (failed to place 1 allocation):', '      * Constraint "missing drivers": 3 nodes excluded by filter (docker)'])
  })

  test('job status, alloc status, node list and server list on the live cluster', async () => {
    const js = await readJobStatus(store, 'sleepy')
    expect(js.status).toBe('running')
    expect(js.groups).toEqual([{group: 'sleepy', desired: 2, placed: 2, queued: 0, starting: 0, running: 2, failed: 0, complete: 0, lost: 0}])
    expect(js.latestDeployment?.status).toBe('successful')
    const failed = await readJobStatus(store, 'needs-docker')
    expect(failed.status).toBe('pending')
    expect(failed.groups[0]?.queued).toBe(1)
    expect(failed.placementFailures?.['needs-docker']?.ConstraintFiltered).toEqual({'missing drivers': 3})

    const as = await readAllocStatus(store, js.allocations[0]!.id.slice(0, 6))
    expect(as.clientStatus).toBe('running')
    expect(as.tasks.map((t) => [t.name, t.state])).toEqual([['sleepy', 'running']])
    expect(as.tasks[0]!.events.map((e) => e.Type)).toContain('Started')
    expect(as.metrics?.NodesEvaluated).toBeGreaterThanOrEqual(1)

    const nodes = await readNodeList(store)
    expect(nodes.map((n) => [n.name, n.status, n.eligibility, n.drain])).toEqual([
      ['node-1', 'ready', 'eligible', false],
      ['node-2', 'ready', 'eligible', false],
      ['node-3', 'ready', 'eligible', false],
    ])
    expect(nodes.reduce((s, n) => s + n.allocs, 0)).toBe(2)
    expect(nodes.reduce((s, n) => s + n.cpuUsed, 0)).toBe(200)

    const servers = await listServers(store)
    expect(servers.map((s) => [s.name, s.leader])).toEqual([['server-1', true]])
  })

  test('logs interleave two replicas, each line prefixed; alloc logs tails one', async () => {
    const r = await runJob(store, await job(serviceJob('chatty', {count: 2, command: 'sh', args: ['-c', 'i=0; while true; do echo "line $i of $NOMAD_ALLOC_INDEX"; i=$((i+1)); sleep 0.05; done']})), {clock, timeoutMs: 30_000, pollMs: 100})
    expect(r.exitCode).toBe(0)
    const ac = new AbortController()
    const got: string[] = []
    const following = jobLogs(store, 'chatty', {stream: 'stdout', tail: 0, follow: true, colour: false, signal: ac.signal, nodeDir, writeLine: (l) => got.push(l), pollMs: 25, discoverMs: 200})
    await waitFor('lines from both replicas', async () => new Set(got.map((l) => l.split(']')[0])).size === 2 && got.length >= 20, 10_000, 50)
    // a third replica placed while following is picked up
    const scaled = await runJob(store, await job(serviceJob('chatty', {count: 3, command: 'sh', args: ['-c', 'i=0; while true; do echo "line $i of $NOMAD_ALLOC_INDEX"; i=$((i+1)); sleep 0.05; done']})), {clock, timeoutMs: 30_000, pollMs: 100})
    expect(scaled).toMatchObject({version: 1, exitCode: 0})
    await waitFor('lines from the new replica', async () => got.some((l) => l.startsWith('[chatty.chatty[2] ')), 10_000, 50)
    ac.abort()
    const res = await following
    expect(res.sources.map((s) => s.allocName).sort()).toEqual(['chatty.chatty[0]', 'chatty.chatty[1]', 'chatty.chatty[2]'])
    const allocs = (await readJobStatus(store, 'chatty')).allocations.filter((a) => a.desired === 'run')
    for (const l of got) expect(l).toMatch(/^\[chatty\.chatty\[(\d)\] node-\d\] line \d+ of \1$/)
    for (const a of allocs) expect(got.some((l) => l.startsWith(`[chatty.chatty[`) && l.includes(`] ${a.nodeName}] `))).toBe(true)
    const early = got.filter((l) => !l.startsWith('[chatty.chatty[2] '))
    const switches = early.slice(1).filter((l, i) => l.slice(0, 17) !== early[i]!.slice(0, 17)).length
    expect(switches).toBeGreaterThanOrEqual(3) // interleaved as written, not one replica after the other

    const snapshot: string[] = []
    await jobLogs(store, 'chatty', {stream: 'stdout', tail: 2, follow: false, colour: false, signal: new AbortController().signal, nodeDir, writeLine: (l) => snapshot.push(l)})
    expect(snapshot.map((l) => l.slice(0, 17))).toEqual(['[chatty.chatty[0]', '[chatty.chatty[0]', '[chatty.chatty[1]', '[chatty.chatty[1]', '[chatty.chatty[2]', '[chatty.chatty[2]'])

    let text = ''
    const one = await allocLogs(store, allocs[0]!.id.slice(0, 8), {stream: 'stdout', tail: 3, follow: false, signal: new AbortController().signal, nodeDir, write: (t) => (text += t)})
    expect(one.task).toBe('chatty')
    expect(text.trimEnd().split('\n')).toHaveLength(3)
    await expect(allocLogs(store, allocs[0]!.id, {task: 'nope', stream: 'stdout', follow: false, signal: new AbortController().signal, nodeDir, write: () => undefined})).rejects.toThrow('has no task "nope"; its tasks: chatty.')
    await stopJobAndFollow(store, 'chatty', true, {clock, timeoutMs: 10_000, pollMs: 100})
  })

  test('job history and revert; a periodic job is registered with its next launch', async () => {
    const v1 = await runJob(store, await job(serviceJob('sleepy', {count: 3, command: 'sleep', args: ['300']})), {clock, timeoutMs: 30_000, pollMs: 100})
    expect(v1).toMatchObject({version: 1, outcome: 'deployment-successful'})
    const hist = await readJobHistory(store, 'sleepy')
    expect(hist.map((h) => [h.version, h.stable, h.changes])).toEqual([[1, true, ['group sleepy: Count 2 → 3']], [0, true, []]])
    const rev = await revertJobAndFollow(store, 'sleepy', 0, {clock, timeoutMs: 20_000, pollMs: 100})
    expect(rev).toMatchObject({version: 2, outcome: 'complete', exitCode: 0})
    await waitFor('2 sleepy allocations again', async () => (await liveOn('sleepy')).length === 2)

    const lines: string[] = []
    const t0 = Date.now()
    const p = await runJob(store, await job(`job "cron" {
  datacenters = ["*"]
  type = "batch"
  periodic {
    crons = ["0 3 * * *"]
  }
  group "g" {
    task "t" {
      driver = "raw_exec"
      config { command = "true" }
    }
  }
}`), {clock, timeoutMs: 5000, onLine: (l) => lines.push(l)})
    expect(p).toMatchObject({outcome: 'registered', exitCode: 0, evalId: null})
    const next = new Date(p.nextLaunch!)
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 0])
    expect(p.nextLaunch! - t0).toBeLessThanOrEqual(24 * 3600_000)
    expect(lines[0]).toBe('Job registration successful')
    expect(lines[1]).toMatch(/^Approximate next launch time: \d{4}-\d\d-\d\dT03:00:00Z \(\d+s from now\)$/)
  })

  test('deployment fail and promote go through the leader', async () => {
    const st = await readClusterState(store)
    const dep = st.deployments.find((d) => d.JobID === 'needs-docker' && d.Status === 'running')
    expect(dep).toBeDefined()
    await expect(requestDeployment(store, dep!.ID.slice(0, 8), 'promote', null, Date.now())).rejects.toThrow(`Deployment ${dep!.ID.slice(0, 8)} has no canaries to promote.`)
    await expect(requestDeployment(store, dep!.ID, 'promote', ['nope'], Date.now())).rejects.toThrow(`Deployment ${dep!.ID.slice(0, 8)} has no task group "nope"; its groups: needs-docker.`)
    const r = await requestDeployment(store, dep!.ID.slice(0, 8), 'fail', null, Date.now())
    expect(r).toEqual({deploymentId: dep!.ID, jobId: 'needs-docker', action: 'fail', groups: null})
    const v = await waitFor('the deployment to be failed', async () => {
      const d = await readDeploymentStatus(store, dep!.ID)
      return d.status === 'failed' ? d : null
    }, 10_000)
    expect(v.description).toBe('Deployment marked as failed')
  })

  const migrate = (n: number) => `migrate {\n      max_parallel     = ${n}\n      min_healthy_time = "300ms"\n    }`
  /** Place `count` replicas of a sleep job only on `nodes` (the others are ineligible while placing). */
  async function placeOn(jobId: string, count: number, maxParallel: number, nodes: string[]) {
    const others = ['node-1', 'node-2', 'node-3'].filter((n) => !nodes.includes(n))
    for (const n of others) await setNodeEligibility(store, n, false, clock)
    const r = await runJob(store, await job(serviceJob(jobId, {count, command: 'sleep', args: ['300'], extra: migrate(maxParallel)})), {clock, timeoutMs: 30_000, pollMs: 100})
    expect(r.exitCode).toBe(0)
    for (const n of others) await setNodeEligibility(store, n, true, clock)
  }

  test('node drain migrates the allocations off the node', async () => {
    await stopJobAndFollow(store, 'sleepy', true, {clock, timeoutMs: 10_000, pollMs: 100})
    await placeOn('mover', 4, 2, ['node-1', 'node-2'])
    const victim = 'node-1'
    const onVictim = (await liveOn('mover')).filter((a) => a.NodeName === victim).length
    expect(onVictim).toBeGreaterThanOrEqual(1)
    expect(onVictim).toBeLessThanOrEqual(2) // one migrate batch (max_parallel 2)
    const t0 = Date.now()
    const res = await setNodeDrain(store, victim, {enable: true, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: false}, clock)
    expect(res.node.name).toBe(victim)
    expect(res.evalIds.length).toBeGreaterThanOrEqual(1)
    const lines: string[] = []
    const outcome = await monitorDrain(store, res.node.id, {timeoutMs: 15_000, pollMs: 100, onLine: (l) => lines.push(l)})
    console.log(`drain of ${victim} (${onVictim} alloc(s)): ${outcome} in ${Date.now() - t0} ms`)
    expect(outcome).toBe('complete')
    expect(lines.at(-1)).toMatch(/Drain complete for node [0-9a-f]{8}$/)
    const running = await waitFor('4 mover allocations running elsewhere', async () => {
      const x = (await liveOn('mover')).filter((a) => a.ClientStatus === 'running')
      return x.length === 4 ? x : null
    }, 15_000)
    expect(running.every((a) => a.NodeName !== victim)).toBe(true)
    const nodes = await readNodeList(store)
    expect(nodes.find((n) => n.name === victim)).toMatchObject({drain: true, drainComplete: true, allocs: 0, eligibility: 'ineligible'})

    await setNodeDrain(store, victim, {enable: false, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: false}, clock)
    expect((await readNodeList(store)).find((n) => n.name === victim)).toMatchObject({drain: false, eligibility: 'eligible'})
    await stopJobAndFollow(store, 'mover', true, {clock, timeoutMs: 10_000, pollMs: 100})
  })

  // The leader re-evaluates a draining node's jobs as time passes, so a drain with more
  // allocations on the node than migrate.max_parallel finishes on its own, one batch at a time.
  test('a paced drain (max_parallel 1, 2 allocs) finishes by itself, one allocation at a time', async () => {
    await placeOn('pacer', 2, 1, ['node-3'])
    const res = await setNodeDrain(store, 'node-3', {enable: true, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: false}, clock)
    const outcome = await monitorDrain(store, res.node.id, {timeoutMs: 30_000, pollMs: 100, onLine: () => undefined})
    expect(outcome).toBe('complete')
    const st = await readClusterState(store)
    const moved = st.allocs.filter((a) => a.JobID === 'pacer' && a.NodeName === 'node-3').sort((a, b) => a.ModifyTime - b.ModifyTime)
    expect(moved.map((a) => a.DesiredStatus)).toEqual(['stop', 'stop'])
    // paced: the second was stopped only after the first one's replacement had started
    const firstReplacement = st.allocs.find((a) => a.PreviousAllocation === moved[0].ID)!
    expect(firstReplacement.TaskStates?.[Object.keys(firstReplacement.TaskStates!)[0]]?.StartedAt ?? Infinity).toBeLessThanOrEqual(moved[1].ModifyTime)
    await setNodeDrain(store, 'node-3', {enable: false, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: false}, clock)
  })
})
