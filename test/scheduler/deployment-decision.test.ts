import {describe, expect, test} from 'vitest'
import type {Allocation, Deployment} from '../../src/model/index.js'
import {deploymentDecision} from '../../src/scheduler/index.js'
import {makeJob, updateStrategy} from './fixtures.js'

const NOW = 1_000_000_000
function alloc(i: number, healthy: boolean | null, over: Partial<Allocation> = {}): Allocation {
  return {
    ID: `a${i}`, EvalID: 'e', Name: `example.web[${i}]`, Namespace: 'default', NodeID: 'n', NodeName: 'n', JobID: 'example', JobVersion: 1, TaskGroup: 'web',
    AllocatedResources: {Tasks: {}, Shared: {DiskMB: 0, Ports: []}}, DesiredStatus: 'run', DesiredDescription: '', DesiredTransition: {},
    ClientStatus: 'running', ClientDescription: '', DeploymentID: 'd1', DeploymentStatus: {Healthy: healthy, Canary: false, Timestamp: NOW - 1000},
    RescheduleTracker: null, PreviousAllocation: null, NextAllocation: null, FollowupEvalID: null, Metrics: null, TaskStates: null, CreateTime: NOW - 60_000, ModifyTime: NOW - 60_000, ...over,
  }
}
function dep(over: Partial<Deployment['TaskGroups'][string]> = {}): Deployment {
  return {
    ID: 'd1', Namespace: 'default', JobID: 'example', JobVersion: 3, Status: 'running', StatusDescription: 'Deployment is running', CreateTime: 0, ModifyTime: 0,
    TaskGroups: {web: {AutoRevert: false, AutoPromote: false, ProgressDeadline: 600e9, RequireProgressBy: NOW + 600_000, Promoted: false, PlacedCanaries: [], DesiredCanaries: 0, DesiredTotal: 2, PlacedAllocs: 2, HealthyAllocs: 0, UnhealthyAllocs: 0, ...over}},
  }
}
const job = makeJob({}, [{Count: 2, Update: updateStrategy({HealthyDeadline: 300e9})}])

describe('deploymentDecision', () => {
  const cases: [string, Deployment, Allocation[], number, {status: string; description: string; revertTo?: number}][] = [
    ['all healthy → successful', dep(), [alloc(0, true), alloc(1, true)], NOW, {status: 'successful', description: 'Deployment completed successfully'}],
    ['waiting for health → running', dep(), [alloc(0, true), alloc(1, null)], NOW, {status: 'running', description: 'Deployment is running'}],
    ['one unhealthy → failed', dep(), [alloc(0, true), alloc(1, false)], NOW, {status: 'failed', description: 'Failed due to unhealthy allocations'}],
    ['unhealthy with auto_revert → revert to previous version', dep({AutoRevert: true}), [alloc(0, false)], NOW, {status: 'failed', description: 'Failed due to unhealthy allocations - rolling back to job version 2', revertTo: 2}],
    ['healthy_deadline passed without a report → failed', dep(), [alloc(0, true), alloc(1, null, {CreateTime: NOW - 301_000, DeploymentStatus: {Healthy: null, Canary: false, Timestamp: NOW - 301_000}})], NOW, {status: 'failed', description: 'Failed due to unhealthy allocations'}],
    ['progress deadline passed → failed', dep({RequireProgressBy: NOW - 1}), [], NOW, {status: 'failed', description: 'Failed due to progress deadline'}],
    ['canaries waiting for promotion', dep({DesiredCanaries: 1}), [alloc(0, true, {DeploymentStatus: {Healthy: true, Canary: true, Timestamp: NOW}})], NOW, {status: 'running', description: 'Deployment is running but requires manual promotion'}],
  ]
  test.each(cases)('%s', (_d, d, allocs, now, want) => {
    const got = deploymentDecision(d, job, allocs, now)
    expect({status: got.status, description: got.description, ...(got.revertTo !== undefined ? {revertTo: got.revertTo} : {})}).toEqual(want)
  })

  test('a stable version list picks the revert target', () => {
    expect(deploymentDecision(dep({AutoRevert: true}), job, [alloc(0, false)], NOW, [3, 1, 0]).revertTo).toBe(1)
  })

  test('a healthy allocation pushes the progress deadline forward', () => {
    // the deployment started 100 s ago; an allocation turned healthy 1 s ago
    const got = deploymentDecision(dep({RequireProgressBy: NOW - 100_000 + 600_000}), job, [alloc(0, true), alloc(1, null)], NOW)
    expect(got.groups.web).toEqual({healthy: 1, unhealthy: 0, requireProgressBy: NOW - 1000 + 600_000})
  })

  test('a deployment that is not running is left alone', () => {
    expect(deploymentDecision({...dep(), Status: 'paused', StatusDescription: 'paused by operator'}, job, [], NOW)).toMatchObject({status: 'paused', description: 'paused by operator'})
  })
})
