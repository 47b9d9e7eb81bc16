import {describe, expect, test} from 'vitest'
import {buildAllocStatus} from '../../src/cluster/alloc-status.js'
import {renderAllocStatus} from '../../src/cluster/alloc-status-render.js'
import {explainFailedGroups, explainMetricLines} from '../../src/cluster/explain.js'
import {buildJobHistory, diffJobs, renderJobHistory} from '../../src/cluster/job-history.js'
import {buildDrainRecord, buildEligibilityRecord, evalsForNodeChange} from '../../src/cluster/node-drain.js'
import {parseDurationFlag} from '../../src/cluster/cli-support.js'
import {parseVarArgs} from '../../src/jobspec/index.js'
import {makeJob} from '../scheduler/fixtures.js'
import {T0, makeAlloc, metric, sampleState} from './fixtures.js'

describe('placement failure explanations', () => {
  test.each([
    ['missing driver, names the driver', metric({NodesFiltered: 3, ConstraintFiltered: {'missing drivers': 3}, DriversMissing: {docker: 3}}), ['* Constraint "missing drivers": 3 nodes excluded by filter (docker)']],
    ['constraint and exhaustion', metric({NodesFiltered: 2, ConstraintFiltered: {'${attr.kernel.name} = windows': 2}, NodesExhausted: 1, DimensionExhausted: {memory: 1}}), [
      '* Constraint "${attr.kernel.name} = windows": 2 nodes excluded by filter',
      '* Resources exhausted on 1 node',
      '* Dimension "memory" exhausted on 1 node',
    ]],
    ['no nodes at all', metric({NodesEvaluated: 0, NodesAvailable: {dc9: 0}}), ['* No nodes were eligible for evaluation', '* No nodes are available in datacenter "dc9"']],
    ['class filter', metric({ClassFiltered: {edge: 1}}), ['* Class "edge": 1 node excluded by filter']],
    ['nothing recorded', metric(), ['* 3 nodes evaluated, none fit']],
  ])('%s', (_d, m, want) => {
    expect(explainMetricLines(m)).toEqual(want)
  })

  test('groups sorted, failed count includes coalesced failures', () => {
    expect(explainFailedGroups({web: metric({NodesExhausted: 3, DimensionExhausted: {cpu: 3}, CoalescedFailures: 2}), api: metric({NodesEvaluated: 0})})).toEqual([
      'Task Group "api" (failed to place 1 allocation):',
      '  * No nodes were eligible for evaluation',
      'Task Group "web" (failed to place 3 allocations):',
      '  * Resources exhausted on 3 nodes',
      '  * Dimension "cpu" exhausted on 3 nodes',
    ])
  })
})

describe('alloc status', () => {
  const st = sampleState()
  st.allocs[0] = makeAlloc({
    ...st.allocs[0]!,
    AllocatedResources: {Tasks: {web: {CpuShares: 100, MemoryMB: 64}}, Shared: {DiskMB: 0, Ports: [{Label: 'http', Value: 23456, To: 0, HostIP: '127.0.1.1'}]}},
    RescheduleTracker: {Events: [{RescheduleTime: T0 - 1000, PrevAllocID: 'zz999999-0', PrevNodeID: 'n2-bbbbbbbb-2222', Delay: 5e9}]},
    PreviousAllocation: 'zz999999-0',
    TaskStates: {web: {State: 'running', Failed: false, Restarts: 1, LastRestart: T0 + 1000, StartedAt: T0, FinishedAt: null, Events: [
      {Type: 'Received', Time: T0, Message: 'Task received by client'},
      {Type: 'Started', Time: T0 + 500, Message: 'Task started by client'},
    ]}},
    Metrics: metric({ScoreMetaData: [{NodeID: 'n1-aaaaaaaa-1111', Scores: {binpack: 0.2, 'job-anti-affinity': 0}, NormScore: 0.1}, {NodeID: 'n2-bbbbbbbb-2222', Scores: {binpack: 0.1}, NormScore: 0.05}]}),
  })
  st.jobVersions.web![1]!.TaskGroups[0]!.ReschedulePolicy = {Attempts: 3, Interval: 3600e9, Delay: 5e9, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false}

  test('view: tasks, addresses, reschedule attempts against the policy', () => {
    const v = buildAllocStatus(st, 'a111')
    expect(v.addresses).toEqual([{label: 'http', address: '127.0.1.1:23456', to: 0}])
    expect(v.reschedule.attempts).toBe(1)
    expect(v.reschedule.limit).toBe(3)
    expect(v.deploymentHealth).toBe('healthy')
    expect(v.tasks.map((t) => [t.name, t.state, t.restarts, t.cpu])).toEqual([['web', 'running', 1, 100]])
  })

  test('rendered like nomad alloc status', () => {
    const lines = renderAllocStatus(buildAllocStatus(st, 'a111'), T0 + 2000)
    expect(lines.slice(0, 20)).toEqual([
      'ID                  = a1111111',
      'Eval ID             = eval-web',
      'Name                = web.web[0]',
      'Node ID             = n1-aaaaa',
      'Node Name           = node-1',
      'Job ID              = web',
      'Job Version         = 1',
      'Client Status       = running',
      'Client Description  = Tasks are running',
      'Desired Status      = run',
      'Desired Description = <none>',
      'Created             = 2s ago',
      'Modified            = 2s ago',
      'Deployment ID       = dep-1111',
      'Deployment Health   = healthy',
      'Canary              = false',
      'Previous Allocation = zz999999',
      'Reschedule Attempts = 1/3',
      '',
      'Allocation Addresses:',
    ])
    expect(lines.slice(lines.indexOf('Recent Events:'))).toEqual([
      'Recent Events:',
      'Time                  Type      Description',
      '2026-11-23T09:00:00Z  Started   Task started by client',
      '2026-11-23T09:00:00Z  Received  Task received by client',
      '',
      'Reschedule History:',
      'Time                  Previous Alloc  Previous Node  Delay',
      '2026-11-23T08:59:59Z  zz999999        n2-bbbbb       5s',
      '',
      'Placement Metrics',
      'Nodes Evaluated = 3',
      'Nodes Filtered  = 0',
      'Nodes Exhausted = 0',
      '',
      'Node      binpack  job-anti-affinity  final score',
      'n1-aaaaa  0.200    0.000              0.100',
      'n2-bbbbb  0.100    0.000              0.050',
    ])
  })
})

describe('job history', () => {
  test('newest first with a diff against the previous version', () => {
    const v0 = makeJob({ID: 'web', Version: 0, SubmitTime: T0, Stable: true}, [{Name: 'web', Count: 2}])
    const v1 = makeJob({ID: 'web', Version: 1, SubmitTime: T0 + 1000}, [{Name: 'web', Count: 3}])
    v1.TaskGroups[0]!.Tasks[0]!.Env = {VERSION: 'v2'}
    const rows = buildJobHistory([v0, v1])
    expect(rows.map((r) => [r.version, r.stable, r.changes])).toEqual([
      [1, false, ['group web: Count 2 → 3', 'task web.app: Env']],
      [0, true, []],
    ])
    expect(renderJobHistory(rows)).toEqual([
      'Version     = 1',
      'Stable      = false',
      'Submit Date = 2026-11-23T09:00:01Z',
      'Diff:',
      '  group web: Count 2 → 3',
      '  task web.app: Env',
      '',
      'Version     = 0',
      'Stable      = true',
      'Submit Date = 2026-11-23T09:00:00Z',
    ])
  })

  test('added and removed groups', () => {
    const a = makeJob({}, [{Name: 'a'}])
    const b = makeJob({Priority: 70}, [{Name: 'b'}])
    expect(diffJobs(a, b)).toEqual(['job: Priority', 'group a: removed', 'group b: added'])
  })
})

describe('node drain records', () => {
  test.each([
    ['enable with deadline', {enable: true, deadlineNs: 60e9, ignoreSystemJobs: true, keepIneligible: false}, {SchedulingEligibility: 'ineligible', DrainStrategy: {Deadline: 60e9, IgnoreSystemJobs: true, StartedAt: T0}}],
    ['force', {enable: true, deadlineNs: -1, ignoreSystemJobs: false, keepIneligible: false}, {SchedulingEligibility: 'ineligible', DrainStrategy: {Deadline: -1, IgnoreSystemJobs: false, StartedAt: T0}}],
    ['disable makes eligible', {enable: false, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: false}, {SchedulingEligibility: 'eligible', DrainStrategy: null}],
    ['disable, keep ineligible', {enable: false, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: true}, {SchedulingEligibility: 'ineligible', DrainStrategy: null}],
  ])('%s', (_d, opts, want) => {
    expect(buildDrainRecord(opts, T0)).toEqual(want)
  })

  test('eligibility keeps the drain strategy; a draining node cannot be made eligible', () => {
    const st = sampleState()
    expect(buildEligibilityRecord(st.nodes[0]!, false)).toEqual({SchedulingEligibility: 'ineligible', DrainStrategy: null})
    expect(() => buildEligibilityRecord(st.nodes[2]!, true)).toThrow('Node node-3 is draining, so it cannot be made eligible.')
  })

  test('draining evaluates every job with live allocations on the node', () => {
    const st = sampleState()
    let n = 0
    const clock = {now: () => T0, newId: () => `ev-${++n}`}
    const evals = evalsForNodeChange(st, st.nodes[1]!, buildDrainRecord({enable: true, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: false}, T0), clock)
    expect(evals.map((e) => [e.JobID, e.TriggeredBy, e.NodeID, e.Status])).toEqual([['web', 'node-drain', 'n2-bbbbbbbb-2222', 'pending']])
    const back = evalsForNodeChange(st, st.nodes[1]!, buildDrainRecord({enable: false, deadlineNs: 0, ignoreSystemJobs: false, keepIneligible: false}, T0), clock)
    expect(back.map((e) => [e.JobID, e.TriggeredBy])).toEqual([['needs-docker', 'node-update']])
  })
})

describe('flags', () => {
  test('durations', () => {
    expect(parseDurationFlag('timeout', '5m')).toBe(300_000)
    expect(parseDurationFlag('deadline', '1m30s')).toBe(90_000)
    expect(() => parseDurationFlag('timeout', 'soon')).toThrow('Invalid --timeout "soon"; use a duration such as 30s, 5m or 1h.')
  })

  test('vars', () => {
    expect(parseVarArgs(['count=3', 'image=a=b'])).toEqual({count: '3', image: 'a=b'})
    expect(() => parseVarArgs(['count'])).toThrow('Invalid -var "count"; use -var name=value.')
  })
})
