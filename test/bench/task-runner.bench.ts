// What a node adds on top of spawning a process: time from startAllocRunner to the task
// answering HTTP on NOMAD_ADDR_http, and from stop() to its pid gone, next to a bare
// child_process.spawn of the same server measured in the same run. Also: how fast the reaper
// takes a task down after its agent is SIGKILLed (goal: well under 1 s).
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {test} from 'vitest'
import {startAllocRunner} from '../../src/client/runner/alloc-runner.js'
import {createLocalDrivers} from '../../src/drivers/index.js'
import {freePort} from '../../src/lib/ports.js'
import {makeAlloc, makeGroup, makeJob, makeNode, makeTask} from '../client/helpers.js'
import {alive, killTracked, trackGroup, trackPid, waitFor, waitGone} from '../client/processes.js'
import {Recorder} from '../client/recorder.js'

const fixtures = join(import.meta.dirname, '..', 'client', 'fixtures')
const listen = join(fixtures, 'listen.mjs')
const IP = '127.0.1.8'
const N = 10

async function untilAnswers(port: number): Promise<void> {
  for (;;) {
    try {
      await (await fetch(`http://${IP}:${port}/health`)).text()
      return
    } catch {
      await new Promise((r) => setTimeout(r, 5))
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const spread = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`

test('task start/stop overhead and reaper latency', async () => {
  const bare: number[] = []
  const bareStop: number[] = []
  const viaRunner: number[] = []
  const runnerStop: number[] = []
  // interleaved: the floor and the runner take turns, so both see the same load
  for (let i = 0; i < N; i++) {
    {
      const port = await freePort(IP)
      const t0 = performance.now()
      const c = spawn(process.execPath, [listen, `${IP}:${port}`], {stdio: 'ignore', detached: true})
      trackGroup(c.pid!)
      await untilAnswers(port)
      bare.push(performance.now() - t0)
      const t1 = performance.now()
      process.kill(-c.pid!, 'SIGTERM')
      await waitGone(c.pid!, 5000)
      bareStop.push(performance.now() - t1)
    }
    {
      const port = await freePort(IP)
      const allocDir = mkdtempSync(join(tmpdir(), 'zdev-bench-'))
      const alloc = makeAlloc({AllocatedResources: {Tasks: {}, Shared: {DiskMB: 0, Ports: [{Label: 'http', Value: port, To: 0, HostIP: IP}]}}})
      const job = makeJob([makeGroup([makeTask({Name: 'web', Config: {command: process.execPath, args: [listen]}})])])
      const rec = new Recorder()
      const t0 = performance.now()
      const r = startAllocRunner({alloc, job, node: makeNode({Address: IP}), allocDir, drivers: createLocalDrivers(), events: rec})
      await untilAnswers(port)
      viaRunner.push(performance.now() - t0)
      const t1 = performance.now()
      await r.stop('bench')
      runnerStop.push(performance.now() - t1)
      rmSync(allocDir, {recursive: true, force: true})
    }
  }

  const reap: number[] = []
  for (let i = 0; i < 5; i++) {
    const agent = execa(process.execPath, ['--import', join(fixtures, 'ts-loader.mjs'), join(fixtures, 'fake-agent.mjs'), 'sleep', '60'], {reject: false, buffer: false, stdout: 'pipe'})
    trackPid(agent.pid!)
    let out = ''
    agent.stdout!.on('data', (b: Buffer) => (out += b))
    const {task} = JSON.parse((await waitFor(() => /^\{.*\}$/m.exec(out), 60_000, 'agent'))[0]) as {task: number}
    trackGroup(task)
    await waitFor(() => alive(task), 2000, 'task')
    const t0 = performance.now()
    process.kill(agent.pid!, 'SIGKILL')
    await waitGone(task, 5000)
    reap.push(performance.now() - t0)
  }
  killTracked()

  const b = median(bare)
  const v = median(viaRunner)
  console.log(`start→answering, ${N} interleaved rounds: bare spawn ${spread(bare)}; alloc runner ${spread(viaRunner)}; ratio ×${(v / b).toFixed(2)}`)
  console.log(`stop→gone, ${N} interleaved rounds: bare SIGTERM ${spread(bareStop)}; alloc runner ${spread(runnerStop)}; ratio ×${(median(runnerStop) / median(bareStop)).toFixed(2)}`)
  console.log(`agent SIGKILL→task gone (median of 5): ${median(reap).toFixed(0)} ms (max ${Math.max(...reap).toFixed(0)} ms)`)
})

test('start → deployment-healthy with a 10 s check interval: fast start vs Nomad cadence', async () => {
  const update = {Stagger: 0, MaxParallel: 1, HealthCheck: 'checks' as const, MinHealthyTime: 0, HealthyDeadline: 60e9, ProgressDeadline: 60e9, Canary: 0, AutoRevert: false, AutoPromote: false}
  const results: string[] = []
  for (const fast of [250, 0]) {
    const port = await freePort(IP)
    const allocDir = mkdtempSync(join(tmpdir(), 'zdev-bench-'))
    const alloc = makeAlloc({DeploymentID: 'd', AllocatedResources: {Tasks: {}, Shared: {DiskMB: 0, Ports: [{Label: 'http', Value: port, To: 0, HostIP: IP}]}}})
    const task = makeTask({
      Name: 'web',
      Config: {command: process.execPath, args: [listen]},
      Services: [{Name: 'web', Tags: null, CanaryTags: null, PortLabel: 'http', AddressMode: 'auto', Provider: 'nomad', Checks: [{Name: 'h', Type: 'http', Path: '/health', Interval: 10e9, Timeout: 1e9}]}],
    })
    const rec = new Recorder()
    const t0 = performance.now()
    const r = startAllocRunner({alloc, job: makeJob([makeGroup([task], {Update: update})]), node: makeNode({Address: IP}), allocDir, drivers: createLocalDrivers(), events: rec, checkFastStartMs: fast})
    await waitFor(() => rec.health.length > 0, 30_000, 'health')
    results.push(`${fast ? `fast start ${fast} ms` : 'plain interval'}: healthy after ${(performance.now() - t0).toFixed(0)} ms`)
    await r.stop('bench')
    rmSync(allocDir, {recursive: true, force: true})
  }
  console.log(`start→healthy, check interval 10 s, min_healthy_time 0: ${results.join('; ')}`)
})
