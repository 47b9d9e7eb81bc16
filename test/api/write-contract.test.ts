// Contract tests of the write endpoints (Nomad's request and response shapes), on a real
// cluster: etcd, one server serving the API, two node agents. Every change goes through the
// API and is checked through the API.
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {MINUTE, SECOND, type Job} from '../../src/model/index.js'
import {waitFor} from '../support/agents.js'
import {testJob} from '../support/jobs.js'
import {call, startApiCluster, type ApiCluster} from './cluster.js'
import {expectShape} from './shape.js'

let c: ApiCluster
let port: number

beforeAll(async () => {
  c = await startApiCluster({cluster: 'api-write', servers: [{}], nodes: 2})
  port = c.servers[0]!.port
}, 90_000)

afterAll(async () => {
  await c?.stop()
})

const register = (job: Job, extra: Record<string, unknown> = {}) => call<Record<string, unknown>>(port, '/v1/jobs', {method: 'PUT', body: {Job: job, ...extra}})
const running = (id: string, n: number) =>
  waitFor(`${n} running allocations of ${id}`, async () => {
    const r = await call<{ClientStatus: string; DesiredStatus: string}[]>(port, `/v1/job/${encodeURIComponent(id)}/allocations`)
    return r.status === 200 && r.body.filter((a) => a.ClientStatus === 'running' && a.DesiredStatus === 'run').length === n ? r.body : null
  }, 30_000)

describe('register, plan, EnforceIndex', () => {
  test('PUT /v1/jobs registers: EvalID, EvalCreateIndex, JobModifyIndex; the job runs', async () => {
    const r = await register(testJob('api-web', 1))
    expect(r.status).toBe(200)
    expectShape(r.body, {EvalID: 'string', EvalCreateIndex: 'number', JobModifyIndex: 'number', Warnings: 'string'})
    await running('api-web', 1)
    const job = await call<{JobModifyIndex: number; Version: number}>(port, '/v1/job/api-web')
    expect(job.body.JobModifyIndex).toBe(r.body.JobModifyIndex)
    expect(job.body.Version).toBe(0)
  })

  test('plan with Diff: Nomad\'s JobDiff (Fields/Objects/TaskGroups/Tasks), annotations and the JobModifyIndex to enforce', async () => {
    const job = testJob('api-web', 3)
    job.TaskGroups[0]!.Tasks[0]!.Env = {MODE: 'blue'}
    const r = await call<Record<string, any>>(port, '/v1/job/api-web/plan', {method: 'POST', body: {Job: job, Diff: true}})
    expect(r.status).toBe(200)
    expectShape(r.body, {Index: 'number', JobModifyIndex: 'number', Diff: 'object', Annotations: 'object', FailedTGAllocs: 'null|object', NextPeriodicLaunch: 'string', Warnings: 'string'})
    const cur = await call<{JobModifyIndex: number}>(port, '/v1/job/api-web')
    expect(r.body.JobModifyIndex).toBe(cur.body.JobModifyIndex)
    const diff = r.body.Diff
    expect(diff).toMatchObject({Type: 'Edited', ID: 'api-web'})
    const g = diff.TaskGroups.find((x: {Name: string}) => x.Name === 'g')
    expect(g.Type).toBe('Edited')
    expect(g.Fields).toContainEqual({Type: 'Edited', Name: 'Count', Old: '1', New: '3', Annotations: null})
    const t = g.Tasks.find((x: {Name: string}) => x.Name === 't')
    expect(t.Fields).toContainEqual({Type: 'Added', Name: 'Env[MODE]', Old: '', New: 'blue', Annotations: null})
    expect(t.Annotations).toEqual(['forces create/destroy update'])
    expect(r.body.Annotations.DesiredTGUpdates.g).toMatchObject({Place: 2, DestructiveUpdate: 1})
    expect(g.Updates).toEqual({create: 2, 'create/destroy update': 1})
  })

  test('EnforceIndex: register at the planned JobModifyIndex works once; a stale index is refused and changes nothing', async () => {
    const plan = await call<{JobModifyIndex: number}>(port, '/v1/job/api-web/plan', {method: 'POST', body: {Job: testJob('api-web', 2), Diff: false}})
    const stale = plan.body.JobModifyIndex
    const ok = await register(testJob('api-web', 2), {EnforceIndex: true, JobModifyIndex: stale})
    expect(ok.status).toBe(200)
    const again = await register(testJob('api-web', 4), {EnforceIndex: true, JobModifyIndex: stale})
    expect(again.status).toBe(500)
    expect(again.text).toContain('Enforcing job modify index')
    const job = await call<Job>(port, '/v1/job/api-web')
    expect(job.body.TaskGroups[0]!.Count).toBe(2)
    const fresh = await register(testJob('new-job', 1), {EnforceIndex: true, JobModifyIndex: 0})
    expect(fresh.status).toBe(200)
    expect((await register(testJob('new-job', 1), {EnforceIndex: true, JobModifyIndex: 0})).text).toContain('job already exists')
  })

  test('a bad job is 400 naming the field; a path id that is not the job\'s is 400', async () => {
    const bad = testJob('bad', 1)
    bad.TaskGroups[0]!.Tasks[0]!.Driver = ''
    const r = await register(bad)
    expect(r.status).toBe(400)
    expect(r.text.toLowerCase()).toContain('driver')
    expect((await call(port, '/v1/job/other', {method: 'PUT', body: {Job: testJob('api-web', 1)}})).status).toBe(400)
    expect((await call(port, '/v1/jobs', {method: 'PUT', body: 'not json{'})).status).toBe(400)
  })
})

describe('versions, revert, scale, stop and purge', () => {
  test('versions list every version; revert to 0 makes a new version with its spec', async () => {
    const v = await call<{Versions: {Version: number}[]}>(port, '/v1/job/api-web/versions')
    expect(v.body.Versions.map((x) => x.Version)).toEqual([1, 0])
    const r = await call<Record<string, unknown>>(port, '/v1/job/api-web/revert', {method: 'PUT', body: {JobID: 'api-web', JobVersion: 0}})
    expectShape(r.body, {EvalID: 'string', EvalCreateIndex: 'number', JobModifyIndex: 'number'})
    const job = await call<Job>(port, '/v1/job/api-web')
    expect([job.body.Version, job.body.TaskGroups[0]!.Count]).toEqual([2, 1])
    expect((await call(port, '/v1/job/api-web/revert', {method: 'PUT', body: {JobVersion: 0, EnforcePriorVersion: 7}})).status).toBe(500)
  })

  test('scale sets a group\'s count; a missing group is 400', async () => {
    const r = await call<Record<string, unknown>>(port, '/v1/job/api-web/scale', {method: 'POST', body: {Count: 2, Target: {Group: 'g'}, Message: 'more'}})
    expectShape(r.body, {EvalID: 'string', EvalCreateIndex: 'number', JobModifyIndex: 'number'})
    await running('api-web', 2)
    expect((await call(port, '/v1/job/api-web/scale', {method: 'POST', body: {Count: 2, Target: {Group: 'nope'}}})).status).toBe(400)
  })

  test('DELETE stops (a Stop version), ?purge=true removes the job', async () => {
    const stop = await call<{EvalID: string}>(port, '/v1/job/new-job', {method: 'DELETE'})
    expect(stop.body.EvalID).toMatch(/^[0-9a-f-]{36}$/)
    expect((await call<{Stop: boolean}>(port, '/v1/job/new-job')).body.Stop).toBe(true)
    await call(port, '/v1/job/new-job?purge=true', {method: 'DELETE'})
    expect((await call(port, '/v1/job/new-job')).status).toBe(404)
    expect((await call(port, '/v1/job/new-job', {method: 'DELETE'})).status).toBe(404)
  })
})

describe('parse and validate', () => {
  test('jobs/parse turns HCL into API JSON with Nomad\'s defaults, with Variables', async () => {
    const hcl = 'variable "n" {\n  type = number\n}\njob "p" {\n  group "g" {\n    count = var.n\n    task "t" {\n      driver = "raw_exec"\n      config { command = "true" }\n    }\n  }\n}\n'
    const r = await call<Job>(port, '/v1/jobs/parse', {method: 'POST', body: {JobHCL: hcl, Canonicalize: true, Variables: 'n = 4\n'}})
    expect(r.status).toBe(200)
    expect(r.body.ID).toBe('p')
    expect(r.body.TaskGroups[0]!.Count).toBe(4)
    expect(r.body.TaskGroups[0]!.RestartPolicy).toMatchObject({Attempts: 2, Interval: 30 * MINUTE, Delay: 15 * SECOND, Mode: 'fail'})
    const bad = await call(port, '/v1/jobs/parse', {method: 'POST', body: {JobHCL: 'job "x" {'}})
    expect(bad.status).toBe(400)
  })

  test('validate/job answers ValidationErrors for a bad job and none for a good one', async () => {
    const good = await call<Record<string, unknown>>(port, '/v1/validate/job', {method: 'PUT', body: {Job: testJob('v', 1)}})
    expectShape(good.body, {DriverConfigValidated: 'boolean', ValidationErrors: 'array', Error: 'string', Warnings: 'string'})
    expect(good.body.ValidationErrors).toEqual([])
    const bad = testJob('v', 1)
    bad.TaskGroups[0]!.Tasks = []
    const r = await call<{ValidationErrors: string[]}>(port, '/v1/validate/job', {method: 'PUT', body: {Job: bad}})
    expect(r.body.ValidationErrors.length).toBeGreaterThan(0)
  })
})

describe('dispatch and periodic/force', () => {
  test('dispatch launches a child with ParentID and meta; missing required meta is 400', async () => {
    const parent = {...testJob('param', 1), Type: 'batch' as const, ParameterizedJob: {Payload: 'optional', MetaRequired: ['who'], MetaOptional: null}}
    parent.TaskGroups[0]!.Tasks[0]!.Config = {command: 'true'}
    expect((await register(parent)).status).toBe(200)
    const r = await call<Record<string, string>>(port, '/v1/job/param/dispatch', {method: 'PUT', body: {Meta: {who: 'me'}}})
    expectShape(r.body, {Index: 'number', JobCreateIndex: 'number', EvalCreateIndex: 'number', EvalID: 'string', DispatchedJobID: 'string'})
    expect(r.body.DispatchedJobID).toMatch(/^param\/dispatch-\d+-[0-9a-f]{8}$/)
    const child = await call<Job>(port, `/v1/job/${encodeURIComponent(r.body.DispatchedJobID!)}`)
    expect([child.body.ParentID, child.body.Meta?.who]).toEqual(['param', 'me'])
    expect((await call(port, '/v1/job/param/dispatch', {method: 'PUT', body: {Meta: {}}})).status).toBe(400)
    expect((await call(port, '/v1/job/api-web/dispatch', {method: 'PUT', body: {}})).status).toBe(400)
  })

  test('periodic/force launches a child now', async () => {
    const parent = {...testJob('cron', 1), Type: 'batch' as const, Periodic: {Enabled: true, Spec: '0 0 1 1 *', SpecType: 'cron' as const, ProhibitOverlap: false, TimeZone: 'UTC'}}
    parent.TaskGroups[0]!.Tasks[0]!.Config = {command: 'true'}
    expect((await register(parent)).status).toBe(200)
    const r = await call<{EvalID: string}>(port, '/v1/job/cron/periodic/force', {method: 'POST'})
    expect(r.body.EvalID).toMatch(/^[0-9a-f-]{36}$/)
    const jobs = await call<{ID: string; ParentID: string}[]>(port, '/v1/jobs?prefix=cron/')
    expect(jobs.body.map((j) => j.ParentID)).toEqual(['cron'])
  })
})

describe('allocations, nodes, deployments', () => {
  test('alloc stop: the allocation stops and the scheduler replaces it', async () => {
    const all = (await running('api-web', 2)) as unknown as {ID: string; DesiredStatus: string; ClientStatus: string}[]
    const id = all.find((x) => x.DesiredStatus === 'run' && x.ClientStatus === 'running')!.ID
    const r = await call<Record<string, unknown>>(port, `/v1/allocation/${id}/stop`, {method: 'POST'})
    expectShape(r.body, {EvalID: 'string', Index: 'number'})
    await waitFor('the stopped allocation is replaced', async () => {
      const all = (await call<{ID: string; DesiredStatus: string; ClientStatus: string}[]>(port, '/v1/job/api-web/allocations')).body
      return all.find((x) => x.ID === id)?.DesiredStatus === 'stop' && all.filter((x) => x.DesiredStatus === 'run' && x.ClientStatus === 'running').length === 2
    }, 30_000)
  })

  test('node drain and eligibility', {timeout: 60_000}, async () => {
    const nodes = (await call<{ID: string; Name: string}[]>(port, '/v1/nodes')).body
    const n = nodes.find((x) => x.Name === 'node-2')!
    const r = await call<Record<string, unknown>>(port, `/v1/node/${n.ID}/eligibility`, {method: 'PUT', body: {Eligibility: 'ineligible'}})
    expectShape(r.body, {EvalIDs: 'array', EvalCreateIndex: 'number', NodeModifyIndex: 'number'})
    expect((await call<{SchedulingEligibility: string}>(port, `/v1/node/${n.ID}`)).body.SchedulingEligibility).toBe('ineligible')
    const d = await call<{EvalIDs: string[]}>(port, `/v1/node/${n.ID}/drain`, {method: 'PUT', body: {DrainSpec: {Deadline: -1, IgnoreSystemJobs: false}}})
    expect(d.status).toBe(200)
    expect((await call<{Drain: boolean}>(port, `/v1/node/${n.ID}`)).body.Drain).toBe(true)
    await waitFor('node-2 has no running allocations', async () => {
      const allocs = (await call<{DesiredStatus: string; ClientStatus: string}[]>(port, `/v1/node/${n.ID}/allocations`)).body
      return allocs.every((a) => a.DesiredStatus !== 'run' || ['complete', 'failed', 'lost'].includes(a.ClientStatus))
    }, 30_000)
    await call(port, `/v1/node/${n.ID}/drain`, {method: 'PUT', body: {DrainSpec: null, MarkEligible: true}})
    const after = (await call<{Drain: boolean; SchedulingEligibility: string}>(port, `/v1/node/${n.ID}`)).body
    expect([after.Drain, after.SchedulingEligibility]).toEqual([false, 'eligible'])
    expect((await call(port, `/v1/node/${n.ID}/eligibility`, {method: 'PUT', body: {Eligibility: 'maybe'}})).status).toBe(400)
  })

  test('deployment fail: a running deployment becomes failed; an unknown one is 404', async () => {
    const job = testJob('slow', 1)
    job.Update = {Stagger: 0, MaxParallel: 1, HealthCheck: 'task_states', MinHealthyTime: 10 * MINUTE, HealthyDeadline: 20 * MINUTE, ProgressDeadline: 30 * MINUTE, Canary: 0, AutoRevert: false, AutoPromote: false}
    job.TaskGroups[0]!.Update = job.Update
    expect((await register(job)).status).toBe(200)
    const dep = await waitFor('a running deployment', async () => {
      const d = (await call<{ID: string; Status: string} | null>(port, '/v1/job/slow/deployment')).body
      return d?.Status === 'running' ? d : null
    }, 30_000)
    const r = await call<Record<string, unknown>>(port, `/v1/deployment/fail/${dep.ID}`, {method: 'POST'})
    expectShape(r.body, {EvalID: 'string', EvalCreateIndex: 'number', DeploymentModifyIndex: 'number'})
    await waitFor('the deployment failed', async () => (await call<{Status: string}>(port, `/v1/deployment/${dep.ID}`)).body.Status === 'failed', 30_000)
    expect((await call(port, '/v1/deployment/fail/00000000-0000-0000-0000-000000000000', {method: 'POST'})).status).toBe(404)
    expect((await call(port, `/v1/deployment/promote/${dep.ID}`, {method: 'POST', body: {All: true}})).status).toBe(400)
  })
})
