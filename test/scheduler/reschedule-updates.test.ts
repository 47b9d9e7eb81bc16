import {describe, expect, test} from 'vitest'
import type {Allocation, ReschedulePolicy} from '../../src/model/index.js'
import {decideReschedule, nextDelay, tasksUpdated} from '../../src/scheduler/index.js'
import {makeGroup, makeJob, makeTask} from './fixtures.js'

const S = 1e9
const policy = (over: Partial<ReschedulePolicy> = {}): ReschedulePolicy => ({Attempts: 0, Interval: 0, Delay: 30 * S, DelayFunction: 'exponential', MaxDelay: 3600 * S, Unlimited: true, ...over})
const tracker = (...delays: number[]) => ({Events: delays.map((d, i) => ({RescheduleTime: 1000 + i, PrevAllocID: `p${i}`, PrevNodeID: 'n', Delay: d * S}))})

describe('nextDelay', () => {
  test.each([
    ['first attempt uses the base delay', policy(), null, 30],
    ['exponential doubles', policy(), tracker(30, 60), 120],
    ['exponential capped by max_delay', policy({MaxDelay: 100 * S}), tracker(30, 60), 100],
    ['constant stays', policy({DelayFunction: 'constant'}), tracker(30, 30), 30],
    ['fibonacci adds the last two', policy({DelayFunction: 'fibonacci', Delay: 5 * S}), tracker(5, 5, 10), 15],
    ['fibonacci second attempt repeats the base', policy({DelayFunction: 'fibonacci', Delay: 5 * S}), tracker(5), 5],
  ])('%s', (_d, p, t, want) => expect(nextDelay(p, t) / S).toBe(want))
})

function failed(over: Partial<Allocation> = {}): Allocation {
  return {
    ID: 'a', EvalID: 'e', Name: 'j.g[0]', Namespace: 'default', NodeID: 'n', NodeName: 'n', JobID: 'j', JobVersion: 0, TaskGroup: 'g',
    AllocatedResources: {Tasks: {}, Shared: {DiskMB: 0, Ports: []}}, DesiredStatus: 'run', DesiredDescription: '', DesiredTransition: {},
    ClientStatus: 'failed', ClientDescription: '', DeploymentID: null, DeploymentStatus: null, RescheduleTracker: null, PreviousAllocation: null,
    NextAllocation: null, FollowupEvalID: null, Metrics: null,
    TaskStates: {t: {State: 'dead', Failed: true, Restarts: 0, LastRestart: null, StartedAt: 0, FinishedAt: 10_000, Events: []}}, CreateTime: 0, ModifyTime: 5_000, ...over,
  }
}

describe('decideReschedule', () => {
  const limited = policy({Attempts: 2, Interval: 3600 * S, Unlimited: false, DelayFunction: 'constant', Delay: 5 * S})
  test.each([
    ['delay measured from the task finish', limited, failed(), 12_000, {kind: 'later', at: 15_000, delayNs: 5 * S}],
    ['delay elapsed', limited, failed(), 15_000, {kind: 'now', delayNs: 5 * S}],
    ['attempts used up within the interval', limited, failed({RescheduleTracker: {Events: [{RescheduleTime: 9_000, PrevAllocID: 'x', PrevNodeID: 'n', Delay: 5 * S}, {RescheduleTime: 9_500, PrevAllocID: 'y', PrevNodeID: 'n', Delay: 5 * S}]}}), 20_000, {kind: 'never'}],
    ['old attempts outside the interval do not count', limited, failed({RescheduleTracker: {Events: [{RescheduleTime: 1, PrevAllocID: 'x', PrevNodeID: 'n', Delay: 5 * S}, {RescheduleTime: 2, PrevAllocID: 'y', PrevNodeID: 'n', Delay: 5 * S}]}}), 3_700_000, {kind: 'now', delayNs: 5 * S}],
    ['no policy (system jobs)', null, failed(), 20_000, {kind: 'never'}],
    ['zero attempts and not unlimited', policy({Attempts: 0, Unlimited: false}), failed(), 20_000, {kind: 'never'}],
  ])('%s', (_d, p, a, now, want) => expect(decideReschedule(a, p, now)).toEqual(want))
})

describe('tasksUpdated (Nomad rules)', () => {
  const job = makeJob()
  const tg = makeGroup()
  test.each([
    ['identical', {}, {}, null],
    ['count', {Count: 5}, {}, null],
    ['restart policy', {RestartPolicy: {Attempts: 9, Interval: 1, Delay: 1, Mode: 'delay' as const}}, {}, null],
    ['group network', {Networks: [{Mode: 'host', ReservedPorts: null, DynamicPorts: [{Label: 'http', Value: 0, To: 8080, HostNetwork: 'default'}]}]}, {}, 'network'],
    ['ephemeral disk size', {EphemeralDisk: {Sticky: false, Migrate: false, SizeMB: 500}}, {}, 'ephemeral disk'],
    ['task env', {}, {Env: {A: '1'}}, 'task app env'],
    ['task config', {}, {Config: {command: 'x'}}, 'task app config'],
    ['task user', {}, {User: 'nobody'}, 'task app user'],
    ['task memory', {}, {Resources: {CPU: 100, MemoryMB: 512}}, 'task app resources'],
    ['task kill timeout is in-place', {}, {KillTimeout: 30 * S}, null],
    ['task log config', {}, {LogConfig: {MaxFiles: 3, MaxFileSizeMB: 10}}, 'task app log config'],
    ['empty env equals no env', {}, {Env: {}}, null],
  ])('%s', (_d, groupOver, taskOver, want) => {
    const b = {...tg, ...groupOver, Tasks: [makeTask(taskOver)]}
    expect(tasksUpdated(job, tg, job, b)).toBe(want)
  })

  test('job meta reaches the tasks: destructive', () => {
    expect(tasksUpdated(job, tg, {...job, Meta: {owner: 'x'}}, tg)).toBe('task app meta')
  })
})
