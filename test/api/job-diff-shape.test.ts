import {describe, expect, test} from 'vitest'
import {dispatchChild} from '../../src/api/handlers/jobs-launch.js'
import {jobDiff, updatesOf} from '../../src/api/shapes/job-diff-shape.js'
import {renderDiff, renderPlan} from '../../src/remote/plan-render.js'
import {testJob} from '../support/jobs.js'

// Nomad's plan diff (api.JobDiff): Type Added/Deleted/Edited/None, Fields with Old/New as
// strings, maps flattened as `Meta[key]`, task groups and tasks matched by name.
describe('jobDiff', () => {
  test('a new job is Added with every field Added', () => {
    const d = jobDiff(null, testJob('web', 2))
    expect(d.Type).toBe('Added')
    expect(d.Fields).toContainEqual({Type: 'Added', Name: 'Priority', Old: '', New: '50', Annotations: null})
    expect(d.TaskGroups![0]).toMatchObject({Type: 'Added', Name: 'g'})
    expect(d.TaskGroups![0]!.Tasks![0]).toMatchObject({Type: 'Added', Name: 't', Annotations: ['forces create/destroy update']})
  })

  test('the same job is None with nothing listed', () => {
    const d = jobDiff(testJob('web', 2), testJob('web', 2))
    expect(d).toEqual({Type: 'None', ID: 'web', Fields: null, Objects: null, TaskGroups: [{Type: 'None', Name: 'g', Fields: null, Objects: null, Tasks: null, Updates: null}]})
  })

  test('store-set fields (Version, SubmitTime, indexes) are not differences', () => {
    const a = {...testJob('web', 1), Version: 3, SubmitTime: 1, JobModifyIndex: 9}
    expect(jobDiff(a, testJob('web', 1)).Type).toBe('None')
  })

  test('meta edits are Fields named Meta[key]; nested blocks are Objects; a stopped job counts as absent', () => {
    const b = testJob('web', 1)
    b.Meta = {v: '2', extra: 'x'}
    b.TaskGroups[0]!.RestartPolicy!.Attempts = 5
    const d = jobDiff(testJob('web', 1), b)
    expect(d.Type).toBe('Edited')
    expect(d.Fields).toEqual([
      {Type: 'Added', Name: 'Meta[extra]', Old: '', New: 'x', Annotations: null},
      {Type: 'Edited', Name: 'Meta[v]', Old: '1', New: '2', Annotations: null},
    ])
    expect(d.TaskGroups![0]!.Objects).toEqual([{Type: 'Edited', Name: 'RestartPolicy', Fields: [{Type: 'Edited', Name: 'Attempts', Old: '2', New: '5', Annotations: null}], Objects: null}])
    expect(jobDiff({...testJob('web', 1), Stop: true}, b).Type).toBe('Added')
  })

  test('a removed group is Deleted; a task change in a group with in-place updates forces in-place', () => {
    const a = testJob('web', 1)
    a.TaskGroups.push({...a.TaskGroups[0]!, Name: 'old'})
    const b = testJob('web', 1)
    b.TaskGroups[0]!.Tasks[0]!.KillTimeout = 1
    const d = jobDiff(a, b, {updates: {g: {'in-place update': 1}}})
    expect(d.TaskGroups!.find((g) => g.Name === 'old')!.Type).toBe('Deleted')
    const g = d.TaskGroups!.find((x) => x.Name === 'g')!
    expect(g.Updates).toEqual({'in-place update': 1})
    expect(g.Tasks![0]!.Annotations).toEqual(['forces in-place update'])
  })

  test('updatesOf names counts as Nomad does and leaves out zeros', () => {
    expect(updatesOf({Place: 2, Stop: 0, Migrate: 0, InPlaceUpdate: 1, DestructiveUpdate: 3, Canary: 0, Ignore: 4})).toEqual({create: 2, 'in-place update': 1, 'create/destroy update': 3, ignore: 4})
  })
})

describe('dispatchChild (Nomad: required/optional meta, payload rules)', () => {
  const parent = {...testJob('p', 1), ParameterizedJob: {Payload: 'required', MetaRequired: ['a'], MetaOptional: ['b']}}
  test.each([
    [{a: '1'}, 'x', null],
    [{}, 'x', 'Dispatch did not provide required meta keys: [a]'],
    [{a: '1', c: '2'}, 'x', 'Dispatch specified unpermitted meta keys: [c]'],
    [{a: '1'}, '', 'Payload is not provided but required by parameterized job'],
  ])('meta %j payload %j', (meta, payload, err) => {
    const r = dispatchChild(parent, meta as Record<string, string>, payload, 1_700_000_000_000, 'abcd0123')
    if (err) expect(r).toBe(err)
    else expect(r).toMatchObject({ID: 'p/dispatch-1700000000-abcd0123', ParentID: 'p', ParameterizedJob: null, Dispatched: true, Payload: 'x', Meta: {v: '1', a: '1'}})
  })
  test('a job that is not parameterized is refused', () => {
    expect(dispatchChild(testJob('q', 1), {}, '', 0, 'x')).toBe('Specified job "q" is not a parameterized job')
  })
})

describe('renderDiff / renderPlan (the text of nomad job plan)', () => {
  test('edited fields, blocks, groups and tasks with their marks and annotations', () => {
    const b = testJob('web', 3)
    b.TaskGroups[0]!.RestartPolicy!.Attempts = 5
    b.TaskGroups[0]!.Tasks[0]!.Env = {MODE: 'blue'}
    const d = jobDiff(testJob('web', 1), b, {updates: {g: {create: 2, 'create/destroy update': 1}}, destructive: new Set(['g'])})
    expect(renderDiff(d)).toEqual([
      '+/- Job: "web"',
      '+/- Task Group: "g" (2 create, 1 create/destroy update)',
      '  +/- Count: "1" => "3"',
      '  +/- RestartPolicy {',
      '    +/- Attempts: "2" => "5"',
      '    }',
      '  +/- Task: "t" (forces create/destroy update)',
      '    + Env[MODE]: "blue"',
    ])
  })

  test('placement failures and the job modify index', () => {
    const metric = {NodesEvaluated: 1, NodesFiltered: 0, NodesInPool: 1, NodesAvailable: {}, ClassFiltered: {}, ConstraintFiltered: {}, NodesExhausted: 1, ClassExhausted: {}, DimensionExhausted: {memory: 1}, QuotaExhausted: [], ScoreMetaData: [], CoalescedFailures: 1}
    const lines = renderPlan({Index: 1, JobModifyIndex: 42, Diff: null, Annotations: null, FailedTGAllocs: {g: metric}})
    expect(lines).toEqual(['', 'Scheduler dry-run:', '- WARNING: Failed to place all allocations.', '  Task Group "g" (failed to place 2 allocations):', '    * Resources exhausted on 1 nodes: Dimension "memory" exhausted', '', 'Job Modify Index: 42'])
  })
})
