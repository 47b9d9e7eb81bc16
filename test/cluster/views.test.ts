import {describe, expect, test} from 'vitest'
import {buildJobList, renderJobList} from '../../src/cluster/job-list.js'
import {buildJobStatus} from '../../src/cluster/job-status.js'
import {renderJobStatus} from '../../src/cluster/job-status-render.js'
import {buildNodeList, renderNodeList} from '../../src/cluster/node-list.js'
import {buildServerList, renderServerList} from '../../src/cluster/server-list.js'
import {buildDeploymentList, buildDeploymentView, renderDeploymentList, renderDeploymentStatus} from '../../src/cluster/deployment-view.js'
import {findAlloc, findNode} from '../../src/cluster/resolve.js'
import {T0, sampleState} from './fixtures.js'

describe('job list', () => {
  test('one row per job with Nomad status and type', () => {
    const rows = buildJobList(sampleState())
    expect(rows.map((r) => [r.id, r.type, r.status, r.version])).toEqual([
      ['needs-docker', 'service', 'pending', 0],
      ['tick', 'batch/periodic', 'running', 0],
      ['tick/periodic-1795424400', 'batch', 'dead', 0],
      ['web', 'service', 'running', 1],
    ])
    expect(renderJobList(rows)).toEqual([
      'ID                        Type            Priority  Status   Version  Submit Date',
      'needs-docker              service         50        pending  0        2026-11-23T09:00:01Z',
      'tick                      batch/periodic  50        running  0        2026-11-23T09:00:00Z',
      'tick/periodic-1795424400  batch           50        dead     0        2026-11-23T09:00:05Z',
      'web                       service         50        running  1        2026-11-23T09:00:00Z',
    ])
  })

  test('no jobs', () => {
    expect(renderJobList([])).toEqual(['No running jobs'])
  })
})

describe('job status', () => {
  test('group summary counts allocations by client status; queued from the blocked evaluation', () => {
    const st = sampleState()
    expect(buildJobStatus(st, 'web').groups).toEqual([{group: 'web', desired: 3, placed: 2, queued: 0, starting: 1, running: 1, failed: 1, complete: 0, lost: 0}])
    expect(buildJobStatus(st, 'needs-docker').groups).toEqual([{group: 'g', desired: 2, placed: 0, queued: 2, starting: 0, running: 0, failed: 0, complete: 0, lost: 0}])
  })

  test('latest deployment is the newest version; allocations newest first', () => {
    const v = buildJobStatus(sampleState(), 'web')
    expect(v.latestDeployment?.id).toBe('dep-11111111-aaaa')
    expect(v.allocations.map((a) => a.id)).toEqual(['a2222222-0000', 'a1111111-0000', 'a3333333-0000'])
    expect(v.placementFailures).toBeNull()
  })

  test('rendered like nomad job status', () => {
    const lines = renderJobStatus(buildJobStatus(sampleState(), 'web'), T0 + 65_000)
    expect(lines.slice(lines.indexOf('Summary'))).toEqual([
      'Summary',
      'Task Group  Desired  Placed  Queued  Starting  Running  Failed  Complete  Lost',
      'web         3        2       0       1         1        1       0         0',
      '',
      'Latest Deployment',
      'ID          = dep-1111',
      'Job Version = 1',
      'Status      = running',
      'Description = Deployment is running',
      '',
      'Deployed',
      'Task Group  Auto Revert  Desired  Placed  Healthy  Unhealthy  Progress Deadline',
      'web         true         3        2       1        0          2026-11-23T09:10:00Z',
      '',
      'Allocations',
      'ID        Node    Task Group  Version  Desired  Status   Health   Created   Modified',
      'a2222222  node-2  web         1        run      pending  -        1m5s ago  1m5s ago',
      'a1111111  node-1  web         1        run      running  healthy  1m5s ago  1m5s ago',
      'a3333333  node-2  web         0        run      failed   -        1m5s ago  1m5s ago',
    ])
    expect(lines[0]).toBe('ID            = web')
  })

  test('placement failures are explained per group', () => {
    const lines = renderJobStatus(buildJobStatus(sampleState(), 'needs-docker'), T0)
    const i = lines.indexOf('Placement Failure')
    expect(lines.slice(i, i + 3)).toEqual([
      'Placement Failure',
      'Task Group "g" (failed to place 2 allocations):',
      '  * Constraint "missing drivers": 3 nodes excluded by filter (docker)',
    ])
  })

  test('a periodic parent lists its children', () => {
    const v = buildJobStatus(sampleState(), 'tick')
    expect(v.children).toEqual([{id: 'tick/periodic-1795424400', status: 'dead', submitTime: T0 + 5000}])
    const lines = renderJobStatus(v, T0)
    expect(lines.slice(lines.indexOf('Children Job Summary'))).toEqual([
      'Children Job Summary',
      'Pending  Running  Dead',
      '0        0        1',
      '',
      'Previously Launched Jobs',
      'ID                        Status  Submit Date',
      'tick/periodic-1795424400  dead    2026-11-23T09:00:05Z',
    ])
  })

  test('unknown job: a user error naming the ID', () => {
    expect(() => buildJobStatus(sampleState(), 'nope')).toThrow('No job with ID "nope".')
  })
})

describe('resolve', () => {
  test.each([
    ['exact node name', 'node-2', 'node-2'],
    ['node id prefix', 'n3', 'node-3'],
  ])('%s', (_d, ref, name) => {
    expect(findNode(sampleState(), ref).Name).toBe(name)
  })

  test('ambiguous alloc prefix lists candidates', () => {
    expect(() => findAlloc(sampleState(), 'a')).toThrow('Allocation ID prefix "a" matches 3 allocations (a1111111, a2222222, a3333333); give more characters.')
  })

  test('unknown node', () => {
    expect(() => findNode(sampleState(), 'node-9')).toThrow('No node with ID or name "node-9".')
  })
})

describe('node list', () => {
  test('status, eligibility, drain and load per node', () => {
    const rows = buildNodeList(sampleState())
    expect(rows.map((r) => [r.name, r.status, r.eligibility, r.drain, r.drainComplete, r.allocs, r.cpuUsed, r.memoryUsedMB])).toEqual([
      ['node-1', 'ready', 'eligible', false, false, 1, 100, 64],
      ['node-2', 'ready', 'eligible', false, false, 1, 100, 64],
      ['node-3', 'down', 'ineligible', true, true, 0, 0, 0],
    ])
    expect(renderNodeList(rows)).toEqual([
      'ID        Name    DC   Class   Address    Status  Eligibility  Drain     Allocs  CPU (MHz)  Memory (MiB)',
      'n1-aaaaa  node-1  dc1  <none>  127.0.1.1  ready   eligible     false     1       100/4000   64/8192',
      'n2-bbbbb  node-2  dc1  edge    127.0.1.2  ready   eligible     false     1       100/4000   64/8192',
      'n3-ccccc  node-3  dc1  <none>  127.0.1.3  down    ineligible   complete  0       0/4000     0/8192',
    ])
  })
})

describe('server list', () => {
  test('sorted by name, leader marked', () => {
    const rows = buildServerList(sampleState(), 'server-2')
    expect(renderServerList(rows, T0)).toEqual([
      'Name      Address    PID  Leader  Started',
      'server-1  127.0.0.1  101  no      2026-11-23T08:58:55Z (1m5s ago)',
      'server-2  127.0.0.1  202  yes     2026-11-23T08:59:55Z (5s ago)',
    ])
  })
})

describe('deployments', () => {
  test('placed counts the allocations of the deployment when the stored count lags', () => {
    const st = sampleState()
    const d = {...st.deployments[1]!, TaskGroups: {web: {...st.deployments[1]!.TaskGroups.web!, PlacedAllocs: 0}}}
    expect(buildDeploymentView(d).groups[0]!.placed).toBe(0)
    expect(buildDeploymentView(d, st.allocs).groups[0]!.placed).toBe(2)
  })

  test('list newest first, status with per-group table', () => {
    const st = sampleState()
    expect(renderDeploymentList(buildDeploymentList(st))).toEqual([
      'ID        Job ID  Job Version  Status      Description',
      'dep-1111  web     1            running     Deployment is running',
      'dep-0000  web     0            successful  Deployment completed successfully',
    ])
    const canary = {...st.deployments[1]!, TaskGroups: {web: {...st.deployments[1]!.TaskGroups.web!, DesiredCanaries: 1, PlacedCanaries: ['x']}}}
    expect(renderDeploymentStatus(buildDeploymentView(canary))).toEqual([
      'ID          = dep-11111111-aaaa',
      'Job ID      = web',
      'Job Version = 1',
      'Status      = running',
      'Description = Deployment is running',
      '',
      'Deployed',
      'Task Group  Auto Revert  Promoted  Desired  Canaries  Placed  Healthy  Unhealthy  Progress Deadline',
      'web         true         false     3        1         2       1        0          2026-11-23T09:10:00Z',
    ])
  })
})
