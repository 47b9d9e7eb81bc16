// Canary, promotion and failure sequences as Nomad runs them, each step asserting the exact plan:
// the group's update counts (Nomad's annotations), what was placed and what was stopped.
import {describe, expect, test} from 'vitest'
import type {Allocation, Deployment, TaskGroup} from '../../src/model/index.js'
import type {Plan} from '../../src/model/plan.js'
import {deploymentDecision, explainPlan} from '../../src/scheduler/index.js'
import {Harness, placed, stopped} from './harness.js'
import {makeJob, makeNodes, makeTask, updateStrategy} from './fixtures.js'

const tasks = (v: number) => [makeTask({Env: {VERSION: String(v)}})]
const canary1 = updateStrategy({MaxParallel: 1, Canary: 1})

function job(v: number, groups: Partial<TaskGroup>[] = [{Count: 3, Update: canary1}]) {
  return makeJob({}, groups.map((g) => ({...g, Tasks: tasks(v)})))
}

/** What a plan does, in one comparable value. */
function summary(plan: Plan, group = 'web') {
  const short = (a: Allocation) => `${a.Name}@v${a.JobVersion}${a.DeploymentStatus?.Canary ? ' canary' : ''}`
  return {
    annotation: explainPlan(plan).find((l) => l.startsWith(`Task group "${group}"`))?.replace(/ \(destructive:.*$/, ''),
    placed: placed(plan).filter((a) => a.TaskGroup === group).map(short).sort(),
    stopped: stopped(plan).filter((a) => a.TaskGroup === group).map((a) => `${short(a)}: ${a.DesiredDescription}`).sort(),
  }
}

/** The deployment watcher's part: health and deadlines → status, auto-promotion. */
function watch(h: Harness): void {
  for (const d of h.snap.deployments.filter((x) => x.Status === 'running')) {
    const dec = deploymentDecision(d, h.snap.jobs[d.JobID]!, h.snap.allocs, h.now)
    h.patchDeployment(d.ID, (x) => {
      const tgs = {...x.TaskGroups}
      for (const g of dec.promote) tgs[g] = {...tgs[g]!, Promoted: true}
      return {...x, TaskGroups: tgs, Status: dec.status, StatusDescription: dec.description}
    })
  }
}

const deploymentOf = (h: Harness, version: number): Deployment => h.snap.deployments.find((d) => d.JobVersion === version)!
const promote = (h: Harness, version: number) =>
  h.patchDeployment(deploymentOf(h, version).ID, (d) => ({...d, TaskGroups: Object.fromEntries(Object.entries(d.TaskGroups).map(([k, s]) => [k, {...s, Promoted: true}]))}))
const fail = (h: Harness, version: number) => h.patchDeployment(deploymentOf(h, version).ID, (d) => ({...d, Status: 'failed', StatusDescription: 'Deployment marked as failed'}))
const healthyAll = (h: Harness) => h.markHealthy((a) => a.DesiredStatus === 'run' && a.ClientStatus !== 'complete' && a.DeploymentStatus?.Healthy == null)

/** v0 running and healthy, its deployment successful. */
function running(groups?: Partial<TaskGroup>[]): Harness {
  const h = new Harness(makeNodes(5))
  h.register(job(0, groups))
  h.process('example')
  healthyAll(h)
  watch(h)
  return h
}

/** Rolls the current version out to the end: promote, then healthy batches until nothing moves. */
function rollOut(h: Harness, version: number): void {
  for (let i = 0; i < 12; i++) {
    healthyAll(h)
    watch(h)
    if (deploymentOf(h, version).TaskGroups.web?.DesiredCanaries && !deploymentOf(h, version).TaskGroups.web?.Promoted) promote(h, version)
    h.process('example')
  }
  healthyAll(h)
  watch(h)
}

const live = (h: Harness) => h.live('example').map((a) => `${a.Name}@v${a.JobVersion}`).sort()

describe('canary sequences (exact plans)', () => {
  test('a destructive change with canary 1 places one canary and ignores the rest', () => {
    const h = running()
    h.register(job(1))
    expect(summary(h.process('example'))).toEqual({annotation: 'Task group "web": 1 canary, 3 ignore', placed: ['example.web[0]@v1 canary'], stopped: []})
    // nothing more until promotion, however often it is evaluated
    expect(summary(h.process('example'))).toEqual({annotation: 'Task group "web": 3 ignore', placed: [], stopped: []})
    healthyAll(h)
    watch(h)
    expect(deploymentOf(h, 1)).toMatchObject({Status: 'running', StatusDescription: 'Deployment is running but requires manual promotion'})
    expect(summary(h.process('example'))).toEqual({annotation: 'Task group "web": 3 ignore', placed: [], stopped: []})
  })

  test('promotion stops the old allocation the canary replaced and starts the rolling update', () => {
    const h = running()
    h.register(job(1))
    h.process('example')
    healthyAll(h)
    promote(h, 1)
    expect(summary(h.process('example'))).toEqual({
      annotation: 'Task group "web": 1 create/destroy update, 1 destroy, 2 ignore',
      placed: ['example.web[1]@v1'],
      stopped: ['example.web[0]@v0: alloc not needed due to job update', 'example.web[1]@v0: alloc is being updated due to job update'],
    })
  })

  test('after a promoted canary, the next version gates on a new canary (the promoted one is not stale)', () => {
    const h = running()
    h.register(job(1))
    h.process('example')
    rollOut(h, 1)
    expect(live(h)).toEqual(['example.web[0]@v1', 'example.web[1]@v1', 'example.web[2]@v1'])
    expect(deploymentOf(h, 1).Status).toBe('successful')
    h.register(job(2))
    expect(summary(h.process('example'))).toEqual({annotation: 'Task group "web": 1 canary, 3 ignore', placed: ['example.web[0]@v2 canary'], stopped: []})
    expect(summary(h.process('example'))).toEqual({annotation: 'Task group "web": 3 ignore', placed: [], stopped: []})
    expect(h.live('example')).toHaveLength(4)
  })

  test('failing a deployment stops its unpromoted canary and places nothing', () => {
    const h = running()
    h.register(job(1))
    h.process('example')
    fail(h, 1)
    expect(summary(h.process('example'))).toEqual({
      annotation: 'Task group "web": 1 destroy, 3 ignore',
      placed: [],
      stopped: ['example.web[0]@v1 canary: alloc not needed due to job update'],
    })
    expect(live(h)).toEqual(['example.web[0]@v0', 'example.web[1]@v0', 'example.web[2]@v0'])
    expect(summary(h.process('example'))).toEqual({annotation: 'Task group "web": 3 ignore', placed: [], stopped: []})
  })

  test('a newer version stops the never-promoted canary of the older one and canaries again', () => {
    const h = running()
    h.register(job(1))
    h.process('example')
    h.register(job(2))
    const plan = h.process('example')
    expect(summary(plan)).toEqual({
      annotation: 'Task group "web": 1 canary, 1 destroy, 3 ignore',
      placed: ['example.web[0]@v2 canary'],
      stopped: ['example.web[0]@v1 canary: alloc not needed due to job update'],
    })
    expect(plan.DeploymentUpdates).toEqual([{DeploymentID: deploymentOf(h, 1).ID, Status: 'cancelled', StatusDescription: 'Cancelled due to newer version of job'}])
  })

  test('auto_revert: an unhealthy canary fails the deployment; the reverted version stops it and updates in place', () => {
    const revert = updateStrategy({MaxParallel: 1, Canary: 1, AutoRevert: true})
    const h = running([{Count: 3, Update: revert}])
    h.register(job(1, [{Count: 3, Update: revert}]))
    h.process('example')
    h.markHealthy((a) => a.JobVersion === 1, false)
    const dec = deploymentDecision(deploymentOf(h, 1), h.snap.jobs.example!, h.snap.allocs, h.now)
    expect(dec).toMatchObject({status: 'failed', revertTo: 0, description: 'Failed due to unhealthy allocations - rolling back to job version 0'})
    watch(h)
    h.register(job(0, [{Count: 3, Update: revert}])) // the revert: v0's spec as version 2
    expect(summary(h.process('example'))).toEqual({
      annotation: 'Task group "web": 1 destroy, 3 in-place update',
      placed: [],
      stopped: ['example.web[0]@v1 canary: alloc not needed due to job update'],
    })
    expect(live(h)).toEqual(['example.web[0]@v2', 'example.web[1]@v2', 'example.web[2]@v2'])
  })

  test('auto_promote: healthy canaries are promoted by the watcher and the update rolls on', () => {
    const auto = updateStrategy({MaxParallel: 1, Canary: 1, AutoPromote: true})
    const h = running([{Count: 3, Update: auto}])
    h.register(job(1, [{Count: 3, Update: auto}]))
    h.process('example')
    healthyAll(h)
    watch(h)
    expect(deploymentOf(h, 1).TaskGroups.web!.Promoted).toBe(true)
    expect(summary(h.process('example')).annotation).toBe('Task group "web": 1 create/destroy update, 1 destroy, 2 ignore')
  })

  test('max_parallel 2 without canaries: two destructive updates per healthy batch', () => {
    const two = updateStrategy({MaxParallel: 2})
    const h = running([{Count: 4, Update: two}])
    h.register(job(1, [{Count: 4, Update: two}]))
    expect(summary(h.process('example'))).toEqual({
      annotation: 'Task group "web": 2 create/destroy update, 2 ignore',
      placed: ['example.web[0]@v1', 'example.web[1]@v1'],
      stopped: ['example.web[0]@v0: alloc is being updated due to job update', 'example.web[1]@v0: alloc is being updated due to job update'],
    })
    expect(summary(h.process('example')).annotation).toBe('Task group "web": 4 ignore')
    healthyAll(h)
    expect(summary(h.process('example')).annotation).toBe('Task group "web": 2 create/destroy update, 2 ignore')
  })

  test('multi-group: each group keeps its own strategy inside one deployment', () => {
    const groups = [
      {Name: 'web', Count: 3, Update: canary1},
      {Name: 'api', Count: 2, Update: updateStrategy({MaxParallel: 1})},
    ]
    const h = running(groups)
    h.register(job(1, groups))
    const plan = h.process('example')
    expect(summary(plan, 'web').annotation).toBe('Task group "web": 1 canary, 3 ignore')
    expect(summary(plan, 'api')).toEqual({annotation: 'Task group "api": 1 create/destroy update, 1 ignore', placed: ['example.api[0]@v1'], stopped: ['example.api[0]@v0: alloc is being updated due to job update']})
    expect(plan.Deployment!.TaskGroups).toMatchObject({web: {DesiredCanaries: 1, DesiredTotal: 3}, api: {DesiredCanaries: 0, DesiredTotal: 2}})
  })
})
