import {describe, expect, test} from 'vitest'
import {canonicalizeJob} from '../../src/jobspec/index.js'
import type {Job} from '../../src/model/job.js'
import {groupJob, load} from './helpers.js'

// Nomad's defaults, per job type where they differ.

const S = 1e9
const M = 60 * S
const H = 60 * M

describe('job defaults', () => {
  test('a bare job gets region, namespace, type, priority, datacenters, node pool', async () => {
    const j = await load(groupJob(''))
    expect([j.Region, j.Namespace, j.Type, j.Priority, j.Datacenters, j.NodePool, j.AllAtOnce, j.Stop, j.Name]).toEqual(['global', 'default', 'service', 50, ['*'], 'default', false, false, 'j'])
  })

  test('group and task defaults', async () => {
    const g = (await load(groupJob(''))).TaskGroups[0]!
    const t = g.Tasks[0]!
    expect([g.Count, g.EphemeralDisk, t.Resources.CPU, t.Resources.MemoryMB, t.KillTimeout, t.LogConfig]).toEqual([1, {Sticky: false, Migrate: false, SizeMB: 300}, 100, 300, 5 * S, {MaxFiles: 10, MaxFileSizeMB: 10, Disabled: false}])
  })
})

describe('defaults per job type', () => {
  test.each([
    ['service', {Attempts: 2, Interval: 30 * M, Delay: 15 * S, Mode: 'fail', RenderTemplates: false}, {Attempts: 0, Interval: 0, Delay: 30 * S, DelayFunction: 'exponential', MaxDelay: H, Unlimited: true}],
    ['batch', {Attempts: 3, Interval: 24 * H, Delay: 15 * S, Mode: 'fail', RenderTemplates: false}, {Attempts: 1, Interval: 24 * H, Delay: 5 * S, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false}],
    ['system', {Attempts: 2, Interval: 30 * M, Delay: 15 * S, Mode: 'fail', RenderTemplates: false}, null],
    ['sysbatch', {Attempts: 3, Interval: 24 * H, Delay: 15 * S, Mode: 'fail', RenderTemplates: false}, null],
  ])('%s: restart and reschedule', async (type, restart, reschedule) => {
    const g = (await load(groupJob('', {job: `type = "${type}"`}))).TaskGroups[0]!
    expect(g.RestartPolicy).toEqual(restart)
    expect(g.Tasks[0]!.RestartPolicy).toEqual(restart)
    expect(g.ReschedulePolicy).toEqual(reschedule)
  })

  const fullUpdate = {Stagger: 30 * S, MaxParallel: 1, HealthCheck: 'checks', MinHealthyTime: 10 * S, HealthyDeadline: 5 * M, ProgressDeadline: 10 * M, Canary: 0, AutoRevert: false, AutoPromote: false}
  test.each([
    ['service', '', fullUpdate, fullUpdate],
    ['system', '', null, null],
    ['system', 'update {\n  max_parallel = 2\n}', {...fullUpdate, MaxParallel: 2}, {...fullUpdate, MaxParallel: 2}],
    ['batch', '', null, null],
    ['sysbatch', '', null, null],
  ])('%s %s: update only for service and system', async (type, block, jobUpdate, groupUpdate) => {
    const j = await load(groupJob('', {job: `type = "${type}"\n${block}`}))
    expect(j.Update).toEqual(jobUpdate)
    expect(j.TaskGroups[0]!.Update).toEqual(groupUpdate)
  })

  test.each([
    ['service', {MaxParallel: 1, HealthCheck: 'checks', MinHealthyTime: 10 * S, HealthyDeadline: 5 * M}],
    ['batch', null],
    ['system', null],
  ])('%s: migrate', async (type, migrate) => {
    expect((await load(groupJob('', {job: `type = "${type}"`}))).TaskGroups[0]!.Migrate).toEqual(migrate)
  })
})

describe('canonicalizeJob', () => {
  test('fills a minimal API job', () => {
    const j = canonicalizeJob({ID: 'x', TaskGroups: [{Name: 'g', Tasks: [{Name: 't', Driver: 'exec'}]}]} as unknown as Job)
    expect([j.Name, j.Type, j.TaskGroups[0]!.Count, j.TaskGroups[0]!.Tasks[0]!.Resources.CPU]).toEqual(['x', 'service', 1, 100])
  })

  test('keeps values already set, zero included', () => {
    const j = canonicalizeJob({ID: 'x', Type: 'batch', TaskGroups: [{Name: 'g', Count: 0, Tasks: [{Name: 't', Driver: 'exec', KillTimeout: 0}]}]} as unknown as Job)
    expect([j.TaskGroups[0]!.Count, j.TaskGroups[0]!.Tasks[0]!.KillTimeout]).toEqual([0, 0])
  })
})
