// Rolling updates, canaries, deployments, drains: the harness plays clients reporting health.
import {describe, expect, test} from 'vitest'
import type {Allocation} from '../../src/model/index.js'
import {isPlanEmpty} from '../../src/model/plan.js'
import {deploymentDecision} from '../../src/scheduler/index.js'
import {Harness, placed, stopped} from './harness.js'
import {makeJob, makeNodes, makeTask, updateStrategy} from './fixtures.js'

const v = (n: number) => [makeTask({Env: {VERSION: String(n)}})]

function deployed(count: number, update = updateStrategy({MaxParallel: 1})) {
  const h = new Harness(makeNodes(4))
  h.register(makeJob({}, [{Count: count, Update: update, Tasks: v(0)}]))
  h.process('example')
  h.markHealthy(() => true)
  const d = h.snap.deployments[0]!
  const decision = deploymentDecision(d, h.snap.jobs.example!, h.snap.allocs, h.now)
  h.patchDeployment(d.ID, (x) => ({...x, Status: decision.status, StatusDescription: decision.description}))
  return h
}

const isNew = (version: number) => (a: Allocation) => a.JobVersion === version && a.DesiredStatus === 'run'

describe('deployments and rolling updates', () => {
  test('first registration creates a deployment and places everything at once', () => {
    const h = new Harness(makeNodes(3))
    h.register(makeJob({}, [{Count: 3, Update: updateStrategy({MaxParallel: 1})}]))
    const plan = h.process('example')
    expect(placed(plan)).toHaveLength(3)
    expect(plan.Deployment).toMatchObject({JobVersion: 0, Status: 'running', StatusDescription: 'Deployment is running'})
    expect(plan.Deployment!.TaskGroups.web).toMatchObject({DesiredTotal: 3, DesiredCanaries: 0, Promoted: false})
    expect(placed(plan).every((a) => a.DeploymentID === plan.Deployment!.ID)).toBe(true)
    expect(h.snap.deployments[0]!.TaskGroups.web!.PlacedAllocs).toBe(3)
    h.markHealthy(() => true)
    expect(deploymentDecision(h.snap.deployments[0]!, h.snap.jobs.example!, h.snap.allocs, h.now)).toMatchObject({status: 'successful', description: 'Deployment completed successfully'})
  })

  test('max_parallel 1: one destructive update per healthy allocation', () => {
    const h = deployed(3)
    expect(h.snap.deployments[0]!.Status).toBe('successful')
    h.register(makeJob({}, [{Count: 3, Update: updateStrategy({MaxParallel: 1}), Tasks: v(1)}]))
    const rounds: number[] = []
    for (let i = 0; i < 6; i++) {
      const plan = h.process('example')
      rounds.push(placed(plan).length)
      const again = h.process('example')
      expect(placed(again)).toHaveLength(0) // nothing more until health is reported
      h.markHealthy(isNew(1))
    }
    expect(rounds).toEqual([1, 1, 1, 0, 0, 0])
    expect(h.live('example').map((a) => a.JobVersion)).toEqual([1, 1, 1])
    expect(h.snap.deployments.find((d) => d.JobVersion === 1)!.TaskGroups.web!.PlacedAllocs).toBe(3)
  })

  test('max_parallel 2 replaces two at a time', () => {
    const h = deployed(4, updateStrategy({MaxParallel: 2}))
    h.register(makeJob({}, [{Count: 4, Update: updateStrategy({MaxParallel: 2}), Tasks: v(1)}]))
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({DestructiveUpdate: 2, Ignore: 2})
  })

  test('a newer version cancels the running deployment', () => {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Count: 2, Update: updateStrategy()}]))
    const first = h.process('example')
    h.register(makeJob({}, [{Count: 2, Update: updateStrategy(), Tasks: v(1)}]))
    const plan = h.process('example')
    expect(plan.DeploymentUpdates).toEqual([{DeploymentID: first.Deployment!.ID, Status: 'cancelled', StatusDescription: 'Cancelled due to newer version of job'}])
    expect(plan.Deployment!.JobVersion).toBe(1)
  })

  test('a failed deployment halts the rolling update', () => {
    const h = deployed(3)
    h.register(makeJob({}, [{Count: 3, Update: updateStrategy({MaxParallel: 1}), Tasks: v(1)}]))
    h.process('example')
    h.markHealthy(isNew(1), false)
    const dep = h.snap.deployments.find((d) => d.JobVersion === 1)!
    const decision = deploymentDecision(dep, h.snap.jobs.example!, h.snap.allocs, h.now)
    expect(decision).toMatchObject({status: 'failed', description: 'Failed due to unhealthy allocations'})
    h.patchDeployment(dep.ID, (d) => ({...d, Status: 'failed'}))
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({DestructiveUpdate: 0})
  })
})

describe('canaries', () => {
  const canary = updateStrategy({MaxParallel: 1, Canary: 1})
  test('canary first, old allocations untouched until promotion, then rolling', () => {
    const h = deployed(3, canary)
    h.register(makeJob({}, [{Count: 3, Update: canary, Tasks: v(1)}]))
    const plan = h.process('example')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({Canary: 1, DestructiveUpdate: 0, Stop: 0})
    expect(plan.Deployment).toMatchObject({StatusDescription: 'Deployment is running but requires manual promotion'})
    expect(plan.Deployment!.TaskGroups.web!.DesiredCanaries).toBe(1)
    const [c] = placed(plan)
    expect(c!.DeploymentStatus).toMatchObject({Canary: true, Healthy: null})
    expect(h.snap.deployments.find((d) => d.JobVersion === 1)!.TaskGroups.web!.PlacedCanaries).toEqual([c!.ID])
    expect(isPlanEmpty(h.process('example'))).toBe(true)
    h.markHealthy(isNew(1))
    const dep = h.snap.deployments.find((d) => d.JobVersion === 1)!
    expect(deploymentDecision(dep, h.snap.jobs.example!, h.snap.allocs, h.now)).toMatchObject({status: 'running', description: 'Deployment is running but requires manual promotion', promote: []})
    expect(isPlanEmpty(h.process('example'))).toBe(true)

    h.patchDeployment(dep.ID, (d) => ({...d, TaskGroups: {web: {...d.TaskGroups.web!, Promoted: true}}}))
    const promoted = h.process('example')
    expect(promoted.Annotations.DesiredTGUpdates.web).toMatchObject({Stop: 1, DestructiveUpdate: 1})
    for (let i = 0; i < 4; i++) {
      h.markHealthy(isNew(1))
      h.process('example')
    }
    const live = h.live('example')
    expect(live.map((a) => a.JobVersion)).toEqual([1, 1, 1])
    expect(new Set(live.map((a) => a.Name)).size).toBe(3)
  })

  test('auto_promote: the decision promotes once canaries are healthy', () => {
    const auto = updateStrategy({MaxParallel: 1, Canary: 2, AutoPromote: true})
    const h = deployed(2, auto)
    h.register(makeJob({}, [{Count: 2, Update: auto, Tasks: v(1)}]))
    h.process('example')
    h.markHealthy(isNew(1))
    const dep = h.snap.deployments.find((d) => d.JobVersion === 1)!
    expect(deploymentDecision(dep, h.snap.jobs.example!, h.snap.allocs, h.now).promote).toEqual(['web'])
  })
})

describe('node drain migrations', () => {
  function drained(maxParallel: number, deadlineNs = 0) {
    const h = new Harness(makeNodes(2))
    h.register(makeJob({}, [{Count: 3, Constraints: null, Migrate: {MaxParallel: maxParallel, HealthCheck: 'checks', MinHealthyTime: 10e9, HealthyDeadline: 300e9}}]))
    h.process('example')
    // put all three on node-000 for a clear picture
    h.patchAllocs(() => true, () => ({NodeID: 'node-000', ClientStatus: 'running'}))
    h.snap = {...h.snap}
    h.patchNode('node-000', {DrainStrategy: {Deadline: deadlineNs, IgnoreSystemJobs: false, StartedAt: h.now}})
    return h
  }

  test('max_parallel 1: one migration until the replacement is healthy', () => {
    const h = drained(1)
    const plan = h.process('example', 'node-drain')
    expect(plan.Annotations.DesiredTGUpdates.web).toMatchObject({Migrate: 1, Ignore: 2})
    expect(stopped(plan)[0]).toMatchObject({DesiredDescription: 'alloc is being migrated', DesiredTransition: {Migrate: true}})
    expect(placed(plan)[0]!.NodeID).toBe('node-001')
    expect(h.process('example').Annotations.DesiredTGUpdates.web).toMatchObject({Migrate: 0})
    h.markHealthy((a) => a.NodeID === 'node-001')
    expect(h.process('example').Annotations.DesiredTGUpdates.web).toMatchObject({Migrate: 1})
  })

  test('past the drain deadline everything migrates at once', () => {
    const h = drained(1, 1e9)
    h.advance(2000)
    expect(h.process('example').Annotations.DesiredTGUpdates.web).toMatchObject({Migrate: 3})
  })
})
