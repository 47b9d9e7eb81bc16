import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, test} from 'vitest'
import {startAllocRunner, type AllocRunnerHandle, type AllocRunnerInput} from '../../../src/client/runner/alloc-runner.js'
import type {CatalogInstance} from '../../../src/template/consul/index.js'
import {createLocalDrivers} from '../../../src/drivers/index.js'
import type {Allocation, Job, Template} from '../../../src/model/index.js'
import {freePort} from '../../../src/lib/ports.js'
import {makeAlloc, makeGroup, makeJob, makeNode, makeTask} from '../helpers.js'
import {alive, killTracked, trackGroup, waitFor} from '../processes.js'
import {Recorder} from '../recorder.js'

const listen = join(import.meta.dirname, '..', 'fixtures', 'listen.mjs')
const IP = '127.0.1.7'
const runners: AllocRunnerHandle[] = []
const dirs: string[] = []

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => Promise.race([r.stop('test over'), new Promise((res) => setTimeout(res, 3000))])))
  killTracked()
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true})
})

function run(job: Job, alloc: Allocation = makeAlloc(), extra: Partial<AllocRunnerInput> = {}) {
  const allocDir = mkdtempSync(join(tmpdir(), 'zdev-alloc-'))
  dirs.push(allocDir)
  const rec = new Recorder()
  const r = startAllocRunner({alloc, job, node: makeNode({Address: IP}), allocDir, drivers: createLocalDrivers(), events: rec, random: () => 0, ...extra})
  runners.push(r)
  return {r, rec, allocDir}
}

async function withPort(): Promise<Allocation> {
  const port = await freePort(IP)
  return makeAlloc({AllocatedResources: {Tasks: {}, Shared: {DiskMB: 0, Ports: [{Label: 'http', Value: port, To: 0, HostIP: IP}]}}})
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const t0 = Date.now()
  for (;;) {
    try {
      return (await (await fetch(url)).json()) as Record<string, unknown>
    } catch (err) {
      if (Date.now() - t0 > 5000) throw err
      await new Promise((r) => setTimeout(r, 30))
    }
  }
}

describe('alloc runner: a service task', () => {
  test('runs with Nomad env on its port, logs to alloc/logs, and stops cleanly', async () => {
    const alloc = await withPort()
    const task = makeTask({Name: 'server', Config: {command: process.execPath, args: [listen]}, Env: {WHERE: '${node.unique.name}/${NOMAD_PORT_http}'}})
    const {r, rec, allocDir} = run(makeJob([makeGroup([task])]), alloc)
    const port = alloc.AllocatedResources.Shared.Ports[0]!.Value
    const body = await getJson(`http://${IP}:${port}/`)
    const env = body.env as Record<string, string>
    trackGroup(body.pid as number)
    expect(env.NOMAD_ADDR_http).toBe(`${IP}:${port}`)
    expect(env.NOMAD_ALLOC_ID).toBe(alloc.ID)
    expect(env.NOMAD_ALLOC_INDEX).toBe('2')
    expect(env.NOMAD_TASK_DIR).toBe(join(allocDir, 'server', 'local'))
    expect(env.WHERE).toBe(`node-1/${port}`)
    expect(body.cwd).toBe(join(allocDir, 'server'))
    await waitFor(() => rec.status === 'running: Tasks are running', 5000, 'running')

    await r.stop('test')
    expect(alive(body.pid as number)).toBe(false)
    expect(rec.statuses).toEqual(['pending: No tasks have started', 'running: Tasks are running', 'complete: All tasks have completed'])
    expect(rec.events('server')).toEqual([
      'Received: Task received by client',
      'Task Setup: Building Task Directory',
      'Started: Task started by client',
      'Killing: Sent interrupt. Waiting 2s before force killing',
      'Terminated: Exit Code: 0',
      'Killed: Task successfully killed',
    ])
    expect(rec.tasks.server!.State).toBe('dead')
    expect(rec.tasks.server!.Failed).toBe(false)
    expect(readFileSync(join(allocDir, 'alloc', 'logs', 'server.stdout.0'), 'utf8')).toBe(`listening on ${IP}:${port}\ngot SIGTERM\n`)
  })

  test('kill_signal and kill_timeout: a task ignoring the signal is force killed', async () => {
    const alloc = await withPort()
    const task = makeTask({Name: 'stubborn', Config: {command: process.execPath, args: [listen]}, Env: {IGNORE_TERM: '1'}, KillSignal: 'SIGTERM', KillTimeout: 300e6})
    const {r, rec, allocDir} = run(makeJob([makeGroup([task])]), alloc)
    const log = join(allocDir, 'alloc', 'logs', 'stubborn.stdout.0')
    await waitFor(() => rec.status === 'running: Tasks are running' && existsSync(log) && readFileSync(log, 'utf8').includes('listening'), 5000, 'listening')
    const t0 = Date.now()
    await r.stop('test')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    expect(rec.events('stubborn').slice(-3)).toEqual([
      'Killing: Sent interrupt. Waiting 300ms before force killing',
      'Terminated: Exit Code: 137, Signal: SIGKILL',
      'Killed: Task successfully killed',
    ])
  })
})

describe('alloc runner: restarts and failures', () => {
  test('restart policy: attempts used, then the task and the alloc fail', async () => {
    const task = makeTask({Name: 'crash', Config: {command: 'sh', args: ['-c', 'echo boom >&2; exit 4']}})
    const group = makeGroup([task], {RestartPolicy: {Attempts: 2, Interval: 60e9, Delay: 50e6, Mode: 'fail'}})
    const {r, rec, allocDir} = run(makeJob([group]))
    await r.done
    expect(rec.tasks.crash).toMatchObject({State: 'dead', Failed: true, Restarts: 2})
    // Nomad keeps the last 10 events: "Received" has scrolled out.
    expect(rec.events('crash')).toEqual([
      'Task Setup: Building Task Directory',
      'Started: Task started by client',
      'Terminated: Exit Code: 4',
      'Restarting: Task restarting in 50ms',
      'Started: Task started by client',
      'Terminated: Exit Code: 4',
      'Restarting: Task restarting in 50ms',
      'Started: Task started by client',
      'Terminated: Exit Code: 4',
      'Not Restarting: Exceeded allowed attempts 2 in interval 1m0s and mode is "fail"',
    ])
    expect(rec.status).toBe('failed: Failed tasks')
    expect(readFileSync(join(allocDir, 'alloc', 'logs', 'crash.stderr.0'), 'utf8')).toBe('boom\nboom\nboom\n')
  })

  test('batch: exit 0 completes without restart', async () => {
    const task = makeTask({Name: 'once', Config: {command: 'sh', args: ['-c', 'echo done']}})
    const {r, rec} = run(makeJob([makeGroup([task], {RestartPolicy: {Attempts: 3, Interval: 60e9, Delay: 50e6, Mode: 'fail'}})], {Type: 'batch'}))
    await r.done
    expect(rec.tasks.once).toMatchObject({State: 'dead', Failed: false, Restarts: 0})
    expect(rec.statuses).toEqual(['pending: No tasks have started', 'running: Tasks are running', 'complete: All tasks have completed'])
  })

  test('a failed main task kills its siblings', async () => {
    const bad = makeTask({Name: 'bad', Config: {command: 'sh', args: ['-c', 'sleep 0.2; exit 1']}})
    const good = makeTask({Name: 'good', Config: {command: 'sleep', args: ['30']}})
    const {r, rec} = run(makeJob([makeGroup([bad, good])]))
    await r.done
    expect(rec.events('good').slice(-4)).toEqual([
      'Sibling Task Failed: Task\'s sibling "bad" failed',
      'Killing: Sent interrupt. Waiting 2s before force killing',
      'Terminated: Exit Code: 143, Signal: SIGTERM',
      'Killed: Task successfully killed',
    ])
    expect(rec.status).toBe('failed: Failed tasks')
  })

  test('a missing driver fails setup with a clear event', async () => {
    const task = makeTask({Name: 'dock', Driver: 'docker'})
    const {r, rec} = run(makeJob([makeGroup([task])]))
    await r.done
    expect(rec.events('dock').at(-1)).toBe('Setup Failure: missing driver "docker" on this node (available: raw_exec, exec)')
    expect(rec.status).toBe('failed: Failed tasks')
  })

  test('a missing command is a driver failure and, with no restarts left, fails', async () => {
    const task = makeTask({Name: 'ghost', Config: {command: 'zdev-no-such-command'}})
    const {r, rec} = run(makeJob([makeGroup([task])]))
    await r.done
    expect(rec.events('ghost').slice(-2)).toEqual([
      'Driver Failure: failed to launch command "zdev-no-such-command" for task "ghost": executable file not found in $PATH',
      'Not Restarting: Error was unrecoverable',
    ])
  })
})

describe('alloc runner: lifecycle', () => {
  test('prestart → main (+ sidecar) → poststart; poststop after stop; leader death stops the rest', async () => {
    const trace = (name: string) => `echo ${name} >> "$NOMAD_ALLOC_DIR/data/trace"`
    const tasks = [
      makeTask({Name: 'init', Lifecycle: {Hook: 'prestart', Sidecar: false}, Config: {command: 'sh', args: ['-c', `sleep 0.2; ${trace('init')}`]}}),
      makeTask({Name: 'side', Lifecycle: {Hook: 'prestart', Sidecar: true}, Config: {command: 'sh', args: ['-c', `${trace('side')}; exec sleep 30`]}}),
      makeTask({Name: 'main', Leader: true, Config: {command: 'sh', args: ['-c', `${trace('main')}; sleep 0.5; ${trace('main-exit')}`]}}),
      makeTask({Name: 'after', Lifecycle: {Hook: 'poststart', Sidecar: false}, Config: {command: 'sh', args: ['-c', trace('after')]}}),
      makeTask({Name: 'cleanup', Lifecycle: {Hook: 'poststop', Sidecar: false}, Config: {command: 'sh', args: ['-c', trace('cleanup')]}}),
    ]
    const {r, rec, allocDir} = run(makeJob([makeGroup(tasks)], {Type: 'batch'}))
    await r.done
    const lines = readFileSync(join(allocDir, 'alloc', 'data', 'trace'), 'utf8').trim().split('\n')
    expect(lines.indexOf('init')).toBeLessThan(lines.indexOf('main'))
    // poststart begins once main runs (started, not necessarily past its first line)
    const started = (t: string) => rec.tasks[t]!.Events.find((e) => e.Type === 'Started')!.Time
    expect(started('after')).toBeGreaterThanOrEqual(started('main'))
    expect(lines).toContain('after')
    expect(lines.slice(-2)).toEqual(['main-exit', 'cleanup'])
    expect(rec.events('side').slice(-4)[0]).toBe('Leader Task Dead: Leader Task in Group dead')
    for (const t of ['init', 'side', 'main', 'after', 'cleanup']) expect(rec.tasks[t]).toMatchObject({State: 'dead', Failed: false})
    expect(rec.status).toBe('complete: All tasks have completed')
  })

  test('a failing prestart task keeps the main task from starting', async () => {
    const tasks = [
      makeTask({Name: 'init', Lifecycle: {Hook: 'prestart', Sidecar: false}, Config: {command: 'sh', args: ['-c', 'exit 2']}}),
      makeTask({Name: 'main', Config: {command: 'sleep', args: ['30']}}),
    ]
    const {r, rec} = run(makeJob([makeGroup(tasks)]))
    await r.done
    expect(rec.tasks.main!.Events.some((e) => e.Type === 'Started')).toBe(false)
    expect(rec.tasks.main!.State).toBe('dead')
    expect(rec.status).toBe('failed: Failed tasks')
  })
})

describe('alloc runner: templates', () => {
  test('file and env templates are rendered before the task starts', async () => {
    const alloc = await withPort()
    const task = makeTask({
      Name: 'app',
      Config: {command: 'sh', args: ['-c', 'cat local/app.conf; echo "FROM_TPL=$FROM_TPL"; stat -c %a local/app.conf']},
      Templates: [
        {DestPath: 'local/app.conf', EmbeddedTmpl: '{{/* conf */}}listen = "{{ env "NOMAD_ADDR_http" }}"\n', ChangeMode: 'restart', Splay: 0, Perms: '600', LeftDelim: '{{', RightDelim: '}}', Envvars: false},
        {DestPath: 'secrets/app.env', EmbeddedTmpl: 'FROM_TPL={{ env "NOMAD_ALLOC_INDEX" }}-x\n', ChangeMode: 'restart', Splay: 0, Perms: '644', LeftDelim: '{{', RightDelim: '}}', Envvars: true},
      ],
    })
    const {r, rec, allocDir} = run(makeJob([makeGroup([task])], {Type: 'batch'}), alloc)
    await r.done
    expect(rec.status).toBe('complete: All tasks have completed')
    const port = alloc.AllocatedResources.Shared.Ports[0]!.Value
    expect(readFileSync(join(allocDir, 'alloc', 'logs', 'app.stdout.0'), 'utf8')).toBe(`listen = "${IP}:${port}"\nFROM_TPL=2-x\n600\n`)
  })

  test('a template reading data the node cannot give fails the task with the reason', async () => {
    const task = makeTask({
      Name: 'app',
      Templates: [{DestPath: 'local/x', EmbeddedTmpl: '{{ key "cfg" }}', ChangeMode: 'restart', Splay: 0, Perms: '644', LeftDelim: '{{', RightDelim: '}}', Envvars: false}],
    })
    const {r, rec} = run(makeJob([makeGroup([task])]))
    await r.done
    expect(rec.events('app').at(-1)).toBe(
      'Template Failure: template 1 (destination "local/x"): template: local/x:1:3: executing "local/x" at <key "cfg">: error calling key: the key/value store is not available here',
    )
    expect(rec.status).toBe('failed: Failed tasks')
  })
})

describe('alloc runner: checks and deployment health', () => {
  const update = {Stagger: 0, MaxParallel: 1, HealthCheck: 'checks' as const, MinHealthyTime: 200e6, HealthyDeadline: 3e9, ProgressDeadline: 10e9, Canary: 0, AutoRevert: false, AutoPromote: false}
  const check = (over: Record<string, unknown>) => ({Name: '', Interval: 100e6, Timeout: 500e6, ...over}) as never

  test('http, tcp and script checks pass → services healthy → alloc healthy after min_healthy_time', async () => {
    const alloc = {...(await withPort()), DeploymentID: 'dep-1'}
    const task = makeTask({
      Name: 'server',
      Config: {command: process.execPath, args: [listen]},
      Services: [
        {Name: 'web', Tags: ['v1'], CanaryTags: null, PortLabel: 'http', AddressMode: 'auto', Provider: 'nomad', Checks: [check({Type: 'http', Path: '/health'}), check({Type: 'tcp'})]},
        {Name: 'web-script', Tags: null, CanaryTags: null, PortLabel: 'http', AddressMode: 'auto', Provider: 'nomad', Checks: [check({Type: 'script', Command: 'sh', Args: ['-c', 'test "$NOMAD_TASK_NAME" = server']})]},
      ],
    })
    const {rec} = run(makeJob([makeGroup([task], {Update: update})]), alloc)
    const t0 = Date.now()
    await waitFor(() => rec.health.length > 0, 5000, 'health')
    console.log(`alloc healthy ${Date.now() - t0} ms after start (min_healthy_time 200ms)`)
    expect(rec.health).toEqual([true])
    expect(rec.checks).toEqual(expect.arrayContaining(['web=true', 'web-script=true']))
  })

  test('a failing http check keeps the service unhealthy and the deadline marks the alloc unhealthy', async () => {
    const alloc = {...(await withPort()), DeploymentID: 'dep-2'}
    const task = makeTask({
      Name: 'server',
      Config: {command: process.execPath, args: [listen]},
      Env: {FAIL_HEALTH: '1'},
      Services: [{Name: 'web', Tags: null, CanaryTags: null, PortLabel: 'http', AddressMode: 'auto', Provider: 'nomad', Checks: [check({Type: 'http', Path: '/health'})]}],
    })
    const {rec} = run(makeJob([makeGroup([task], {Update: {...update, HealthyDeadline: 800e6}})]), alloc)
    await waitFor(() => rec.health.length > 0, 5000, 'health')
    expect(rec.health).toEqual([false])
    expect(rec.checks).toEqual(['web=false'])
  })

  test('task_states health ignores checks; no deployment, no health report', async () => {
    const alloc = {...(await withPort()), DeploymentID: 'dep-3'}
    const task = makeTask({Name: 'server', Config: {command: process.execPath, args: [listen]}, Env: {FAIL_HEALTH: '1'}})
    const {rec} = run(makeJob([makeGroup([task], {Update: {...update, HealthCheck: 'task_states'}})]), alloc)
    await waitFor(() => rec.health.length > 0, 5000, 'health')
    expect(rec.health).toEqual([true])
  })
})

test('the runner kills tasks on stop even while a restart is pending', async () => {
  const task = makeTask({Name: 'flappy', Config: {command: 'sh', args: ['-c', 'exit 1']}})
  const {r, rec} = run(makeJob([makeGroup([task], {RestartPolicy: {Attempts: 5, Interval: 60e9, Delay: 10e9, Mode: 'delay'}})]))
  await waitFor(() => rec.tasks.flappy?.Events.some((e) => e.Type === 'Restarting'), 5000, 'restarting')
  const t0 = Date.now()
  await r.stop('test')
  expect(Date.now() - t0).toBeLessThan(1000)
  expect(rec.tasks.flappy).toMatchObject({State: 'dead', Restarts: 1})
  expect(rec.status).toBe('complete: All tasks have completed')
})

describe('alloc runner: stop and update', () => {
  test('shutdown_delay waits before the kill signal on a requested stop', async () => {
    const task = makeTask({Name: 'web', Driver: 'exec', Config: {command: 'sleep', args: ['30']}, ShutdownDelay: 300e6})
    const {r, rec} = run(makeJob([makeGroup([task])]))
    await waitFor(() => rec.status === 'running: Tasks are running', 5000, 'running')
    const t0 = Date.now()
    await r.stop('test')
    const took = Date.now() - t0
    expect(took).toBeGreaterThanOrEqual(290)
    expect(took).toBeLessThan(2000)
    expect(rec.events('web').slice(-3)).toEqual([
      'Killing: Sent interrupt. Waiting 2s before force killing',
      'Terminated: Exit Code: 143, Signal: SIGTERM',
      'Killed: Task successfully killed',
    ])
  })

  test('an in-place update into a new deployment reports health again', async () => {
    const update = {Stagger: 0, MaxParallel: 1, HealthCheck: 'task_states' as const, MinHealthyTime: 50e6, HealthyDeadline: 3e9, ProgressDeadline: 10e9, Canary: 0, AutoRevert: false, AutoPromote: false}
    const task = makeTask({Name: 'web', Config: {command: 'sleep', args: ['30']}})
    const job = makeJob([makeGroup([task], {Update: update})])
    const alloc = makeAlloc({DeploymentID: 'dep-a'})
    const {r, rec} = run(job, alloc)
    await waitFor(() => rec.health.length === 1, 5000, 'first health')
    r.update({...alloc, DeploymentID: 'dep-b', JobVersion: 1}, {...job, Version: 1})
    await waitFor(() => rec.health.length === 2, 5000, 'second health')
    expect(rec.health).toEqual([true, true])
    expect(rec.tasks.web!.Restarts).toBe(0)
    r.update({...alloc, DesiredStatus: 'stop', DesiredDescription: 'alloc not needed'}, job)
    await r.done
    expect(rec.status).toBe('complete: All tasks have completed')
  })

  test('a script check that hangs is killed at its timeout, group and all', async () => {
    const task = makeTask({
      Name: 'web',
      Config: {command: 'sleep', args: ['30']},
      Services: [{Name: 'slow', Tags: null, CanaryTags: null, PortLabel: '', AddressMode: 'auto', Provider: 'nomad',
        Checks: [{Name: 'hang', Type: 'script', Command: 'sh', Args: ['-c', 'sleep 30 & echo $! > "$NOMAD_TASK_DIR/bg"; wait'], Interval: 5e9, Timeout: 200e6}]}],
    })
    const {rec, allocDir} = run(makeJob([makeGroup([task])]))
    await waitFor(() => rec.checkOutputs.length > 0, 5000, 'check result')
    expect(rec.checkOutputs).toEqual(['slow/hang critical: script timed out after 200ms'])
    expect(rec.checks).toEqual(['slow=false'])
    const bg = Number(readFileSync(join(allocDir, 'web', 'local', 'bg'), 'utf8'))
    expect(alive(bg)).toBe(false)
  })

  test('a template may not write outside the allocation directory', async () => {
    const task = makeTask({
      Name: 'app',
      Templates: [{DestPath: '../../escape.txt', EmbeddedTmpl: 'x', ChangeMode: 'restart', Splay: 0, Perms: '644', LeftDelim: '{{', RightDelim: '}}', Envvars: false}],
    })
    const {r, rec} = run(makeJob([makeGroup([task])]))
    await r.done
    expect(rec.events('app').at(-1)).toBe('Template Failure: template 1 (destination "../../escape.txt"): destination escapes the allocation directory')
  })
})

describe('alloc runner: files the task brings', () => {
  test('a template-rendered script in local/ is the command, and ${NOMAD_TASK_DIR} works in args', async () => {
    const task = makeTask({
      Name: 'app',
      Config: {command: 'local/run.sh', args: ['${NOMAD_TASK_DIR}']},
      Templates: [{DestPath: 'local/run.sh', EmbeddedTmpl: '#!/bin/sh\necho "run in $1 for {{ env "NOMAD_JOB_NAME" }}"\n', ChangeMode: 'restart', Splay: 0, Perms: '755', LeftDelim: '{{', RightDelim: '}}', Envvars: false}],
    })
    const {r, rec, allocDir} = run(makeJob([makeGroup([task])], {Type: 'batch'}))
    await r.done
    expect(rec.status).toBe('complete: All tasks have completed')
    expect(readFileSync(join(allocDir, 'alloc', 'logs', 'app.stdout.0'), 'utf8')).toBe(`run in ${join(allocDir, 'app', 'local')} for demo\n`)
  })

  test('an artifact that cannot be fetched fails the task before it starts', async () => {
    const task = makeTask({Name: 'app', Artifacts: [{GetterSource: '/nonexistent/zdev.tgz', RelativeDest: 'local/', GetterMode: 'any'}]})
    const {r, rec} = run(makeJob([makeGroup([task])]))
    await r.done
    expect(rec.events('app').slice(-2)).toEqual(['Downloading Artifacts: Client is downloading artifacts', 'Failed Artifact Download: artifact "/nonexistent/zdev.tgz": file not found'])
    expect(rec.status).toBe('failed: Failed tasks')
  })
})

test('logs { disabled = true } writes no log files', async () => {
  const task = makeTask({Name: 'quiet', Config: {command: 'sh', args: ['-c', 'echo hidden']}, LogConfig: {MaxFiles: 1, MaxFileSizeMB: 1, Disabled: true}})
  const {r, rec, allocDir} = run(makeJob([makeGroup([task])], {Type: 'batch'}))
  await r.done
  expect(rec.status).toBe('complete: All tasks have completed')
  expect(readdirSync(join(allocDir, 'alloc', 'logs'))).toEqual([])
})

describe('alloc runner: templates reading the service catalog', () => {
  const inst = (port: number): CatalogInstance => ({ID: `db-${port}`, ServiceName: 'db', Address: '127.0.1.2', Port: port, Tags: [], AllocID: 'a', NodeID: 'n', Datacenter: 'dc1', Namespace: 'default', JobID: 'j', Healthy: true})
  const source = (get: () => CatalogInstance[]) => ({snapshot: async () => ({services: get(), variables: [], kv: {}})})
  const tpl = (over: Partial<Template>): Template => ({DestPath: 'local/db.conf', EmbeddedTmpl: '{{ range nomadService "db" }}{{ .Address }}:{{ .Port }}\n{{ end }}', ChangeMode: 'restart', Splay: 0, Perms: '644', LeftDelim: '{{', RightDelim: '}}', Envvars: false, ...over})

  test('env = true from nomadService at start', async () => {
    const task = makeTask({
      Name: 'app',
      Config: {command: 'sh', args: ['-c', 'echo "DB=$DB_ADDR"']},
      Templates: [tpl({DestPath: 'secrets/db.env', EmbeddedTmpl: '{{ range nomadService "db" }}DB_ADDR={{ .Address }}:{{ .Port }}{{ end }}', Envvars: true})],
    })
    const {r, allocDir} = run(makeJob([makeGroup([task])], {Type: 'batch'}), makeAlloc(), {templateSource: source(() => [inst(5432)])})
    await r.done
    expect(readFileSync(join(allocDir, 'alloc', 'logs', 'app.stdout.0'), 'utf8')).toBe('DB=127.0.1.2:5432\n')
  })

  test('a catalog change re-renders; change_mode restart restarts the task outside its restart policy', async () => {
    let list = [inst(5432)]
    const task = makeTask({Name: 'app', Config: {command: 'sh', args: ['-c', 'cat local/db.conf; exec sleep 30']}, Templates: [tpl({})]})
    const {rec, allocDir} = run(makeJob([makeGroup([task])]), makeAlloc(), {templateSource: source(() => list), templatePollMs: 50})
    const log = join(allocDir, 'alloc', 'logs', 'app.stdout.0')
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('5432'), 5000, 'first output')
    list = [inst(5432), inst(5433)]
    await waitFor(() => rec.tasks.app?.Restarts === 1 && rec.tasks.app.State === 'running', 5000, 'restarted')
    expect(rec.events('app').slice(-6)).toEqual([
      'Started: Task started by client',
      'Restart Signaled: Template with change_mode restart re-rendered',
      'Killing: Sent interrupt. Waiting 2s before force killing',
      'Terminated: Exit Code: 143, Signal: SIGTERM',
      'Restarting: Task restarting in 0s',
      'Started: Task started by client',
    ])
    await waitFor(() => readFileSync(log, 'utf8').split('\n').length >= 4, 3000, 'second output')
    expect(readFileSync(log, 'utf8')).toBe('127.0.1.2:5432\n127.0.1.2:5432\n127.0.1.2:5433\n')
  })

  test('change_mode signal delivers the signal; noop only rewrites the file', async () => {
    let list = [inst(1)]
    const script = 'trap "echo reloaded; cat local/db.conf" HUP; echo up; while :; do sleep 0.05; done'
    const task = makeTask({
      Name: 'app',
      Config: {command: 'sh', args: ['-c', script]},
      Templates: [tpl({ChangeMode: 'signal', ChangeSignal: 'SIGHUP'}), tpl({DestPath: 'local/quiet.conf', ChangeMode: 'noop'})],
    })
    const {rec, allocDir} = run(makeJob([makeGroup([task])]), makeAlloc(), {templateSource: source(() => list), templatePollMs: 50})
    const log = join(allocDir, 'alloc', 'logs', 'app.stdout.0')
    await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('up'), 5000, 'up')
    list = [inst(2)]
    await waitFor(() => readFileSync(log, 'utf8').includes('127.0.1.2:2'), 5000, 'reloaded')
    expect(readFileSync(log, 'utf8')).toBe('up\nreloaded\n127.0.1.2:2\n')
    expect(readFileSync(join(allocDir, 'app', 'local', 'quiet.conf'), 'utf8')).toBe('127.0.1.2:2\n')
    expect(rec.events('app').at(-1)).toBe('Signaling: Template re-rendered')
    expect(rec.tasks.app!.Restarts).toBe(0)
  })
})
