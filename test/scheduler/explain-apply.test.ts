import {describe, expect, test} from 'vitest'
import {emptyPlan} from '../../src/model/plan.js'
import {applyPlan, explainPlan} from '../../src/scheduler/index.js'
import {explainMetric} from '../../src/scheduler/explain.js'
import {newMetric} from '../../src/scheduler/metrics.js'
import {Harness, placed} from './harness.js'
import {makeJob, makeNodes, makeTask} from './fixtures.js'

describe('explainMetric', () => {
  test.each([
    ['empty cluster', {}, 'no nodes were eligible for evaluation (the cluster has no nodes)'],
    ['nodes excluded before evaluation', {NodesExcluded: {'status down': 2, datacenter: 3}}, 'no nodes were eligible for evaluation — datacenter (3), status down (2)'],
    ['filtered by constraint', {NodesEvaluated: 3, NodesFiltered: 3, ConstraintFiltered: {'${attr.kernel.name} = windows': 3}}, '3 nodes filtered — ${attr.kernel.name} = windows (3)'],
    ['missing drivers named', {NodesEvaluated: 3, NodesFiltered: 3, ConstraintFiltered: {'missing drivers': 3}, DriversMissing: {docker: 3}}, '3 nodes filtered — missing driver docker (3)'],
    ['filtered and exhausted, biggest first', {NodesEvaluated: 4, NodesFiltered: 1, ConstraintFiltered: {distinct_hosts: 1}, NodesExhausted: 3, DimensionExhausted: {memory: 2, cpu: 1}}, '1 node filtered — distinct_hosts (1); 3 nodes exhausted — memory (2), cpu (1)'],
  ])('%s', (_d, over, want) => {
    expect(explainMetric({...newMetric(0, {}), ...over})).toBe(want)
  })
})

describe('explainPlan', () => {
  test('group summary, failure with coalesced count, placements with scores', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Name: 'web', Count: 2}, {Name: 'gpu', Count: 3, Tasks: [makeTask({Driver: 'docker'})]}]))
    const plan = h.process('example')
    const lines = explainPlan(plan)
    expect(lines[0]).toBe('Task group "web": 2 create')
    expect(lines[1]).toBe('Task group "gpu": 3 create')
    expect(lines[2]).toBe('Placement failed for group gpu: 2 nodes filtered — missing driver docker (2) (3 placements failed)')
    expect(lines[3]).toMatch(/^Group web: 2 allocations placed on 2 nodes; first choice scored -?\d\.\d{3} \(binpack \d\.\d{3}/)
  })

  test('empty plan explains nothing', () => {
    expect(explainPlan(emptyPlan('e', 'j', 50))).toEqual([])
  })
})

describe('applyPlan', () => {
  test('is pure: the input snapshot is untouched', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Count: 2}]))
    const before = h.snap
    const frozen = JSON.stringify(before)
    h.process('example')
    expect(JSON.stringify(before)).toBe(frozen)
    expect(h.snap.allocs).toHaveLength(2)
  })

  test('links a replacement to the allocation it replaces', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Count: 1}]))
    h.converge('example')
    const old = h.live('example')[0]!
    h.patchNode(old.NodeID, {Status: 'down'})
    const plan = h.process('example')
    const repl = placed(plan)[0]!
    expect(h.snap.allocs.find((a) => a.ID === old.ID)!.NextAllocation).toBe(repl.ID)
    expect(applyPlan(h.snap, emptyPlan('e', 'example', 50)).allocs).toHaveLength(2)
  })
})
