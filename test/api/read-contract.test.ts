// Contract tests of the read endpoints against Nomad's HTTP API documentation (field names and
// types of the sample responses, index headers, blocking queries, error codes), on a real
// cluster: etcd, two server processes serving the API, one node agent.
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {newId} from '../../src/lib/ids.js'
import {submitJob} from '../../src/store/jobs.js'
import {waitFor} from '../support/agents.js'
import {testJob} from '../support/jobs.js'
import {call, startApiCluster, type ApiCluster} from './cluster.js'
import {expectIndexHeaders, expectShape} from './shape.js'

const clock = {now: () => Date.now(), newId}
const TOKEN = 'secret-token-for-tests'
let c: ApiCluster
let port: number // server-1: no token
let tokenPort: number // server-2: needs TOKEN

beforeAll(async () => {
  c = await startApiCluster({cluster: 'api-read', servers: [{}, {token: TOKEN}], nodes: 1})
  port = c.servers[0]!.port
  tokenPort = c.servers[1]!.port
  await submitJob(c.store, testJob('web', 2), clock)
  await waitFor('2 running allocations', async () => {
    const r = await call<{ClientStatus: string}[]>(port, '/v1/job/web/allocations')
    return r.status === 200 && r.body.filter((a) => a.ClientStatus === 'running').length === 2
  }, 30_000)
}, 90_000)

afterAll(async () => {
  await c?.stop()
})

describe('status and agent', () => {
  test('status/leader is the leader\'s address as a JSON string, status/peers every server', async () => {
    const leader = await call<string>(port, '/v1/status/leader')
    expect(leader.status).toBe(200)
    expectIndexHeaders(leader.headers)
    expect(leader.headers.get('x-nomad-knownleader')).toBe('true')
    const addrs = c.servers.map((s) => `127.0.0.1:${s.port}`)
    expect(addrs).toContain(leader.body)
    const peers = await call<string[]>(port, '/v1/status/peers')
    expect([...peers.body].sort()).toEqual([...addrs].sort())
  })

  test('regions, namespaces', async () => {
    expect((await call(port, '/v1/regions')).body).toEqual(['global'])
    const ns = await call<unknown[]>(port, '/v1/namespaces')
    expect(ns.body).toHaveLength(1)
    expectShape(ns.body[0], {Name: 'string', Description: 'string', CreateIndex: 'number', ModifyIndex: 'number'})
  })

  test('agent/self and agent/members', async () => {
    const self = await call<Record<string, unknown>>(port, '/v1/agent/self')
    expectShape(self.body, {config: 'object', member: 'object', stats: 'object'})
    expectShape(self.body.member, {Name: 'string', Addr: 'string', Port: 'number', Tags: 'object', Status: 'string'}, 'member')
    const members = await call<{Members: unknown[]}>(port, '/v1/agent/members')
    expectShape(members.body, {ServerName: 'string', ServerRegion: 'string', ServerDC: 'string', Members: 'array'})
    expect(members.body.Members).toHaveLength(2)
  })
})

describe('jobs', () => {
  test('GET /v1/jobs: JobListStub fields and a JobSummary', async () => {
    const r = await call<Record<string, unknown>[]>(port, '/v1/jobs')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('application/json')
    expectIndexHeaders(r.headers)
    const web = r.body.find((j) => j.ID === 'web')!
    expectShape(web, {
      ID: 'string', ParentID: 'string', Name: 'string', Namespace: 'string', Datacenters: 'array', Type: 'string', Priority: 'number',
      Periodic: 'boolean', ParameterizedJob: 'boolean', Stop: 'boolean', Status: 'string', StatusDescription: 'string', JobSummary: 'object',
      CreateIndex: 'number', ModifyIndex: 'number', JobModifyIndex: 'number', SubmitTime: 'number',
    })
    expect(web.Status).toBe('running')
    expectShape(web.JobSummary, {JobID: 'string', Namespace: 'string', Summary: 'object', Children: 'object', CreateIndex: 'number', ModifyIndex: 'number'}, 'JobSummary')
    expectShape((web.JobSummary as {Summary: Record<string, unknown>}).Summary.g, {Queued: 'number', Complete: 'number', Failed: 'number', Running: 'number', Starting: 'number', Lost: 'number', Unknown: 'number'}, 'Summary.g')
    // SubmitTime is Unix nanoseconds
    expect(web.SubmitTime as number).toBeGreaterThan(Date.now() * 1e6 - 3600e9 * 1e3)
  })

  test('?prefix= narrows the list; ?namespace=other is empty', async () => {
    expect((await call<unknown[]>(port, '/v1/jobs?prefix=we')).body).toHaveLength(1)
    expect((await call<unknown[]>(port, '/v1/jobs?prefix=zz')).body).toHaveLength(0)
    expect((await call<unknown[]>(port, '/v1/jobs?namespace=other')).body).toHaveLength(0)
    expect((await call<unknown[]>(port, '/v1/jobs?namespace=*')).body).toHaveLength(1)
  })

  test('GET /v1/job/:id is the job with indexes; versions, summary, allocations, evaluations, deployments', async () => {
    const job = await call<Record<string, unknown>>(port, '/v1/job/web')
    expectShape(job.body, {ID: 'string', TaskGroups: 'array', Version: 'number', Stable: 'boolean', Status: 'string', SubmitTime: 'number', CreateIndex: 'number', ModifyIndex: 'number', JobModifyIndex: 'number'})
    expect(job.body.JobModifyIndex).toBeGreaterThan(0)
    const versions = await call<{Versions: Record<string, unknown>[]}>(port, '/v1/job/web/versions')
    expect(versions.body.Versions.map((v) => v.Version)).toEqual([0])
    const summary = await call<Record<string, unknown>>(port, '/v1/job/web/summary')
    expect((summary.body.Summary as Record<string, {Running: number}>).g!.Running).toBe(2)
    const allocs = await call<Record<string, unknown>[]>(port, '/v1/job/web/allocations')
    expect(allocs.body).toHaveLength(2)
    expectShape(allocs.body[0], {
      ID: 'string', EvalID: 'string', Name: 'string', Namespace: 'string', NodeID: 'string', NodeName: 'string', JobID: 'string', JobType: 'string',
      JobVersion: 'number', TaskGroup: 'string', DesiredStatus: 'string', DesiredDescription: 'string', ClientStatus: 'string', ClientDescription: 'string',
      TaskStates: 'object', CreateIndex: 'number', ModifyIndex: 'number', CreateTime: 'number', ModifyTime: 'number',
    }, 'AllocListStub')
    const t = (allocs.body[0]!.TaskStates as Record<string, Record<string, unknown>>).t!
    expectShape(t, {State: 'string', Failed: 'boolean', Restarts: 'number', StartedAt: 'string', FinishedAt: 'string', Events: 'array'}, 'TaskState')
    expect(t.StartedAt as string).toMatch(/^\d{4}-\d\d-\d\dT/)
    const evals = await call<Record<string, unknown>[]>(port, '/v1/job/web/evaluations')
    expectShape(evals.body[0], {ID: 'string', Priority: 'number', Type: 'string', TriggeredBy: 'string', JobID: 'string', Status: 'string', CreateIndex: 'number', ModifyIndex: 'number', CreateTime: 'number'}, 'Evaluation')
    const deps = await call<unknown[]>(port, '/v1/job/web/deployments')
    expect(deps.status).toBe(200)
    const scale = await call<Record<string, unknown>>(port, '/v1/job/web/scale')
    expectShape(scale.body, {JobID: 'string', Namespace: 'string', JobModifyIndex: 'number', JobStopped: 'boolean', TaskGroups: 'object'})
  })

  test('a missing job is 404 with Nomad\'s text body; an unknown endpoint is 404; a wrong method 405', async () => {
    const r = await call(port, '/v1/job/nope')
    expect([r.status, r.text]).toEqual([404, 'job not found'])
    expect(r.headers.get('content-type')).toContain('text/plain')
    expect((await call(port, '/v1/nonsense')).status).toBe(404)
    expect((await call(port, '/v1/regions', {method: 'DELETE'})).status).toBe(405)
  })
})

describe('allocations, evaluations, nodes, services', () => {
  test('lists and single reads carry Nomad\'s fields', async () => {
    const allocs = await call<{ID: string; EvalID: string}[]>(port, '/v1/allocations')
    expect(allocs.body.length).toBeGreaterThanOrEqual(2)
    const one = await call<Record<string, unknown>>(port, `/v1/allocation/${allocs.body[0]!.ID}`)
    expectShape(one.body, {ID: 'string', Job: 'object', AllocatedResources: 'object', TaskStates: 'object', CreateIndex: 'number'}, 'Allocation')
    expect((await call(port, '/v1/allocation/00000000-0000-0000-0000-000000000000')).text).toBe('alloc not found')
    const ev = await call<Record<string, unknown>>(port, `/v1/evaluation/${allocs.body[0]!.EvalID}`)
    expect(ev.body.ID).toBe(allocs.body[0]!.EvalID)
    const evAllocs = await call<unknown[]>(port, `/v1/evaluation/${allocs.body[0]!.EvalID}/allocations`)
    expect(evAllocs.body.length).toBeGreaterThan(0)
    const nodes = await call<Record<string, unknown>[]>(port, '/v1/nodes')
    expect(nodes.body).toHaveLength(1)
    expectShape(nodes.body[0], {Address: 'string', ID: 'string', Datacenter: 'string', Name: 'string', NodeClass: 'string', NodePool: 'string', Drain: 'boolean', SchedulingEligibility: 'string', Status: 'string', Drivers: 'object', CreateIndex: 'number', ModifyIndex: 'number'}, 'NodeListStub')
    const node = await call<Record<string, unknown>>(port, `/v1/node/${nodes.body[0]!.ID}`)
    expectShape(node.body, {ID: 'string', Attributes: 'object', Meta: 'object', NodeResources: 'object', DrainStrategy: 'null|object', Status: 'string'}, 'Node')
    expect((await call<unknown[]>(port, `/v1/node/${nodes.body[0]!.ID}/allocations`)).body.length).toBeGreaterThanOrEqual(2)
    expect((await call(port, '/v1/services')).body).toEqual([])
  })
})

describe('headers and blocking queries', () => {
  test('a blocking read waits until the index moves past ?index, then answers with the new index', async () => {
    const first = await call(port, '/v1/jobs')
    const index = expectIndexHeaders(first.headers)
    let settled = false
    const pending = call<{ID: string}[]>(port, `/v1/jobs?index=${index}&wait=30s`, {timeoutMs: 40_000}).finally(() => (settled = true))
    // it must not answer while nothing changes (a wrong implementation answers at once)
    await new Promise((r) => setTimeout(r, 400))
    expect(settled).toBe(false)
    await submitJob(c.store, testJob('blocker', 1), clock)
    const r = await pending
    expect(expectIndexHeaders(r.headers)).toBeGreaterThan(index)
    expect(r.body.map((j) => j.ID)).toContain('blocker')
  })

  test('a blocking read returns at the end of ?wait with the same index when nothing changed', async () => {
    const first = await call(port, '/v1/nodes')
    const index = expectIndexHeaders(first.headers)
    const r = await call(port, `/v1/nodes?index=${index}&wait=300ms`)
    expect(r.status).toBe(200)
    // a node's lease-bound registration may be re-put, which legitimately moves the index
    expect(expectIndexHeaders(r.headers)).toBeGreaterThanOrEqual(index)
  })

  test('bad ?index or ?wait is 400', async () => {
    expect((await call(port, '/v1/jobs?index=abc')).status).toBe(400)
    expect((await call(port, '/v1/jobs?index=5&wait=5')).status).toBe(400)
  })

  test('a follower answers reads from the KV with the same index', async () => {
    const a = await call(port, '/v1/job/web')
    const b = await call(tokenPort, '/v1/job/web', {token: TOKEN})
    expect(b.status).toBe(200)
    expect((b.body as {JobModifyIndex: number}).JobModifyIndex).toBe((a.body as {JobModifyIndex: number}).JobModifyIndex)
  })
})

describe('token', () => {
  test('with a token set, a request without it or with a wrong one is 403; the right one passes', async () => {
    const none = await call(tokenPort, '/v1/jobs')
    expect([none.status, none.text]).toEqual([403, 'Permission denied'])
    expect((await call(tokenPort, '/v1/jobs', {token: 'wrong-token-wrong-xx'})).status).toBe(403)
    expect((await call(tokenPort, '/v1/jobs', {token: TOKEN})).status).toBe(200)
  })
})

describe('logs and the event stream', () => {
  test('client/fs/logs: plain text and Nomad\'s frames (base64 Data); unknown task is 400', {timeout: 60_000}, async () => {
    const job = testJob('talker', 1)
    job.TaskGroups[0]!.Tasks[0]!.Config = {command: 'sh', args: ['-c', 'echo hello-logs; sleep 60']}
    await submitJob(c.store, job, clock)
    const alloc = await waitFor('a running talker', async () => {
      const r = await call<{ID: string; ClientStatus: string}[]>(port, '/v1/job/talker/allocations')
      return r.body.find((a) => a.ClientStatus === 'running')
    }, 30_000)
    const plain = await waitFor('the log line', async () => {
      const r = await call(port, `/v1/client/fs/logs/${alloc.ID}?task=t&type=stdout&plain=true`)
      return r.status === 200 && r.text.includes('hello-logs') ? r : null
    }, 20_000)
    expect(plain.headers.get('content-type')).toContain('text/plain')
    const framed = await call(port, `/v1/client/fs/logs/${alloc.ID}?task=t&type=stdout&origin=end&offset=11`)
    const frame = JSON.parse(framed.text) as {File: string; Offset: number; Data: string}
    expect(frame.File).toBe('alloc/logs/t.stdout')
    expect(Buffer.from(frame.Data, 'base64').toString()).toBe('hello-logs\n')
    expect((await call(port, `/v1/client/fs/logs/${alloc.ID}?task=nope`)).status).toBe(400)
    expect((await call(port, '/v1/client/fs/logs/00000000-0000-0000-0000-000000000000?task=t')).status).toBe(404)
  })

  test('event/stream: NDJSON {Index, Events} filtered by ?topic=Job:<id>', {timeout: 60_000}, async () => {
    const ctl = new AbortController()
    const res = await fetch(`http://127.0.0.1:${port}/v1/event/stream?topic=Job:evjob`, {signal: ctl.signal})
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    await submitJob(c.store, testJob('other-ev', 1), clock)
    await submitJob(c.store, testJob('evjob', 1), clock)
    let buf = ''
    let found: {Index: number; Events: {Topic: string; Type: string; Key: string; Index: number; Payload: {Job: {ID: string}}}[]} | null = null
    const deadline = Date.now() + 20_000
    while (!found && Date.now() < deadline) {
      const {value, done} = await reader.read()
      if (done) break
      buf += Buffer.from(value).toString()
      for (const line of buf.split('\n').slice(0, -1)) {
        const msg = JSON.parse(line)
        if (msg.Events) {
          expect(msg.Events.every((e: {Key: string}) => e.Key === 'evjob')).toBe(true)
          found = msg
        }
      }
      buf = buf.slice(buf.lastIndexOf('\n') + 1)
    }
    ctl.abort()
    expect(found?.Events[0]).toMatchObject({Topic: 'Job', Type: 'JobRegistered', Key: 'evjob', Payload: {Job: {ID: 'evjob'}}})
    expect(found!.Index).toBe(found!.Events[0]!.Index)
  })
})

describe('?filter= (go-bexpr) on the lists', () => {
  const ids = async (p: string, field = 'ID') => {
    const r = await call<Record<string, unknown>[]>(port, p)
    expect(r.status, r.text).toBe(200)
    return r.body.map((x) => x[field])
  }
  const q = (f: string) => `filter=${encodeURIComponent(f)}`

  test('jobs: ==, matches, in, not, and/or, Meta; applied after ?prefix=', async () => {
    expect(await ids(`/v1/jobs?${q('ID == "web"')}`)).toEqual(['web'])
    expect(await ids(`/v1/jobs?${q('Name matches "^we" and Status == "running"')}`)).toEqual(['web'])
    const all = await ids('/v1/jobs')
    expect(all.length).toBeGreaterThan(1) // the event-stream test's jobs are there too
    expect(await ids(`/v1/jobs?${q('not (ID == "web")')}`)).toEqual(all.filter((id) => id !== 'web'))
    expect(await ids(`/v1/jobs?${q('ID == "web" and (Status == "dead" or Type == "service")')}`)).toEqual(['web'])
    expect(await ids(`/v1/jobs?${q('ID == "web" and "*" in Datacenters')}`)).toEqual(['web'])
    expect(await ids(`/v1/jobs?${q('ID == web and Priority == 50 and Stop == false and Meta.v == "1"')}`)).toEqual(['web'])
    expect(await ids(`/v1/jobs?prefix=zz&${q('ID == "web"')}`)).toEqual([])
    expect(await ids(`/v1/jobs?prefix=we&${q('ID != "web"')}`)).toEqual([])
  })

  test('allocations, nodes, evaluations, deployments, services, a job\'s allocations', async () => {
    const allocs = await call<{JobID: string; ClientStatus: string}[]>(port, `/v1/allocations?${q('JobID == "web" and ClientStatus == "running"')}`)
    expect(allocs.body).toHaveLength(2)
    expect(await ids(`/v1/allocations?${q('ClientStatus == "failed"')}`)).toEqual([])
    expect(await ids(`/v1/job/web/allocations?${q('TaskGroup == "g"')}`)).toHaveLength(2)
    expect(await ids(`/v1/job/web/allocations?${q('TaskGroup != "g"')}`)).toHaveLength(0)
    expect(await ids(`/v1/nodes?${q('Status == "ready" and Datacenter == "dc1"')}`, 'Name')).toEqual(['node-1'])
    expect(await ids(`/v1/nodes?${q('Status == "down"')}`)).toEqual([])
    const evals = await ids(`/v1/evaluations?${q('JobID == "web"')}`, 'JobID')
    expect(evals.length).toBeGreaterThan(0)
    expect(new Set(evals)).toEqual(new Set(['web']))
    expect(await ids(`/v1/evaluations?${q('JobID == "nope"')}`)).toEqual([])
    const deps = await call<{ID: string; JobID: string}[]>(port, '/v1/deployments')
    expect(await ids(`/v1/deployments?${q('JobID matches "^web$"')}`)).toEqual(deps.body.filter((d) => d.JobID === 'web').map((d) => d.ID))
    expect(await ids(`/v1/deployments?${q('JobID not matches "^web$"')}`)).toEqual(deps.body.filter((d) => d.JobID !== 'web').map((d) => d.ID))
    expect(await ids(`/v1/deployments?${q('JobID == "nope"')}`)).toEqual([])
    const svc = await call<{Namespace: string}[]>(port, '/v1/services')
    expect(await ids(`/v1/services?${q('Namespace == "default"')}`, 'Namespace')).toEqual(svc.body.filter((x) => x.Namespace === 'default').map((x) => x.Namespace))
    expect(await ids(`/v1/services?${q('Namespace == "other"')}`)).toEqual([])
  })

  test('a bad expression is 400 with Nomad-like plain text, at once even on a blocking read; a type clash is 400', async () => {
    const bad = await call(port, `/v1/jobs?${q('Status = "x"')}`)
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('text/plain')
    expect(bad.text).toBe('failed to read filter expression: 1:8 (7): unexpected character "="')
    const index = Number((await call(port, '/v1/jobs')).headers.get('x-nomad-index'))
    const t0 = Date.now()
    const blocking = await call(port, `/v1/jobs?index=${index}&wait=30s&${q('ID ==')}`)
    expect(blocking.status).toBe(400)
    expect(Date.now() - t0).toBeLessThan(25_000) // not held for the 30 s wait
    const clash = await call(port, `/v1/jobs?${q('Priority == "high"')}`)
    expect(clash).toMatchObject({status: 400, text: 'failed to apply filter: Priority is a number; "high" is not'})
  })
})
