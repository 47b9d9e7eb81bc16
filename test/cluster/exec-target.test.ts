import {describe, expect, test} from 'vitest'
import {parseEnviron, taskMainProcess} from '../../src/cluster/exec-process.js'
import {execPlanFor} from '../../src/cluster/exec-run.js'
import {dockerExecPlan} from '../../src/cluster/exec-docker.js'
import {allocExecTarget, jobExecTarget} from '../../src/cluster/exec-target.js'
import type {Allocation, Job} from '../../src/model/index.js'
import type {ClusterState} from '../../src/store/cluster-state.js'

const alloc = (id: string, name: string, over: Partial<Allocation> = {}): Allocation =>
  ({ID: id, Name: name, JobID: 'web', JobVersion: 0, TaskGroup: 'web', NodeName: 'node-1', DesiredStatus: 'run', ClientStatus: 'running', TaskStates: {}, ...over}) as unknown as Allocation
const job = {ID: 'web', Version: 0, TaskGroups: [{Name: 'web', Tasks: [{Name: 'app', Driver: 'docker'}, {Name: 'side', Driver: 'raw_exec', Lifecycle: {Hook: 'prestart', Sidecar: true}}]}]} as unknown as Job
const state = (allocs: Allocation[]): ClusterState => ({jobs: {web: job}, jobVersions: {}, allocs} as unknown as ClusterState)

describe('exec targets', () => {
  test('exec JOB: the running allocation with the lowest index (numeric order), main task by default', () => {
    const st = state([alloc('c', 'web.web[10]'), alloc('b', 'web.web[2]'), alloc('a', 'web.web[1]', {ClientStatus: 'failed'})])
    expect(jobExecTarget(st, 'web')).toMatchObject({alloc: {ID: 'b'}, task: 'app', driver: 'docker'})
    expect(jobExecTarget(st, 'web', {task: 'side'})).toMatchObject({task: 'side', driver: 'raw_exec'})
  })

  test('no running allocation, or an allocation that is not running: clear errors', () => {
    expect(() => jobExecTarget(state([alloc('a', 'web.web[0]', {ClientStatus: 'complete'})]), 'web')).toThrow('Job "web" has no running allocation to exec into.')
    expect(() => allocExecTarget(state([alloc('abcdef12', 'web.web[0]', {ClientStatus: 'lost'})]), 'abc')).toThrow('Allocation abcdef12 (web.web[0]) is lost, not running')
  })

  test('docker tasks go through docker exec on the daemon the node found; no command is a clear error', async () => {
    const t = allocExecTarget(state([alloc('a1', 'web.web[0]')]), 'a1')
    expect(t.driver).toBe('docker')
    expect(dockerExecPlan('app-a1', ['sh'], true, 'unix:///run/d.sock')).toMatchObject({command: 'docker', args: ['exec', '-i', '-t', 'app-a1', 'sh'], env: {DOCKER_HOST: 'unix:///run/d.sock'}})
    expect(dockerExecPlan('c', ['ls', '-l'], false).args).toEqual(['exec', '-i', 'c', 'ls', '-l'])
    await expect(execPlanFor(t, [], false)).rejects.toThrow(/Give the command to run after --/)
  })
})

describe('the task process on the host', () => {
  test('parseEnviron splits NUL-separated pairs, values may hold =', () => {
    expect(parseEnviron('A=1\0B=x=y\0\0C=\0junk\0')).toEqual({A: '1', B: 'x=y', C: ''})
  })

  test('the main process is the one whose parent is not a process of the same task', () => {
    const env = (alloc: string, task: string) => ({NOMAD_ALLOC_ID: alloc, NOMAD_TASK_NAME: task})
    const procs = [
      {pid: 50, ppid: 40, env: env('a', 'web')}, // the child of the task's shell
      {pid: 40, ppid: 10, env: env('a', 'web')}, // the task
      {pid: 30, ppid: 10, env: env('a', 'other')},
      {pid: 20, ppid: 10, env: env('b', 'web')},
    ]
    expect(taskMainProcess(procs, 'a', 'web')?.pid).toBe(40)
    expect(taskMainProcess(procs, 'z', 'web')).toBeUndefined()
  })
})
