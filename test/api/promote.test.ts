// Acceptance: a job promoted from a "dev" zdev cluster to a "prod" one through the HTTP API
// only (`zdev promote`): prod runs it; a change made on prod between plan and register aborts
// the promotion; a bad token is refused with 403 and never printed.
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {UserError} from '../../src/lib/errors.js'
import type {Job} from '../../src/model/index.js'
import {NomadClient} from '../../src/remote/nomad-client.js'
import {promoteJob} from '../../src/remote/promote.js'
import {waitFor} from '../support/agents.js'
import {call, startApiCluster, type ApiCluster} from './cluster.js'

const run = promisify(execFile)
const BIN = path.resolve(import.meta.dirname, '../../bin/run.js')
const TOKEN = 'prod-token-0123456789'
let dev: ApiCluster
let prod: ApiCluster
let dir: string
let jobFile: string

const HCL = `variable "count" {
  type    = number
  default = 1
}
job "shop" {
  group "web" {
    count = var.count
    task "app" {
      driver = "raw_exec"
      config {
        command = "sleep"
        args    = ["300"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}
`

const devPort = () => dev.servers[0]!.port
const prodPort = () => prod.servers[0]!.port
const prodAddr = () => `http://127.0.0.1:${prodPort()}`

async function runningOn(port: number, token: string | undefined, n: number) {
  return waitFor(`${n} running shop allocations on :${port}`, async () => {
    const r = await call<{ClientStatus: string; DesiredStatus: string; JobVersion: number}[]>(port, '/v1/job/shop/allocations', {token})
    return r.status === 200 && r.body.filter((a) => a.ClientStatus === 'running' && a.DesiredStatus === 'run').length === n ? r.body : null
  }, 30_000)
}

async function zdev(args: string[]): Promise<{code: number; out: string}> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {cwd: dir, env: {...process.env, NOMAD_TOKEN: '', NOMAD_ADDR: ''}, timeout: 120_000})
    return {code: 0, out: r.stdout + r.stderr}
  } catch (err) {
    const e = err as {code: number; stdout: string; stderr: string}
    return {code: e.code, out: e.stdout + e.stderr}
  }
}

beforeAll(async () => {
  ;[dev, prod] = await Promise.all([
    startApiCluster({cluster: 'dev', servers: [{}], nodes: 1}),
    startApiCluster({cluster: 'prod', servers: [{token: TOKEN}], nodes: 1}),
  ])
  dir = fs.mkdtempSync(path.join(dev.agents.dir, 'promote-'))
  jobFile = path.join(dir, 'shop.nomad.hcl')
  fs.writeFileSync(jobFile, HCL)
  fs.writeFileSync(path.join(dir, 'prod.vars.hcl'), 'count = 2\n')
  // the job runs on dev, registered through dev's API (parsed by its jobs/parse)
  const parsed = await call<Job>(devPort(), '/v1/jobs/parse', {method: 'POST', body: {JobHCL: HCL}})
  expect((await call(devPort(), '/v1/jobs', {method: 'PUT', body: {Job: parsed.body}})).status).toBe(200)
  await runningOn(devPort(), undefined, 1)
}, 120_000)

afterAll(async () => {
  await Promise.all([dev?.stop(), prod?.stop()])
})

describe('zdev promote between two zdev clusters', () => {
  test('promote --yes: prints the plan, registers, follows; prod runs the job dev ran, with prod\'s variables', {timeout: 120_000}, async () => {
    const r = await zdev(['promote', jobFile, '--addr', prodAddr(), '--token', TOKEN, '--var-file', path.join(dir, 'prod.vars.hcl'), '--yes'])
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('+ Job: "shop"')
    expect(r.out).toContain('+ Task Group: "web" (2 create)')
    expect(r.out).toContain('- All tasks successfully allocated.')
    expect(r.out).toMatch(/Job "shop" registered on http:\/\/127\.0\.0\.1:\d+ as version 0/)
    expect(r.out).toContain('Evaluation status changed: "complete"')
    expect(r.out).not.toContain(TOKEN)
    await runningOn(prodPort(), TOKEN, 2)
    const a = (await call<Job>(devPort(), '/v1/job/shop')).body
    const b = (await call<Job>(prodPort(), '/v1/job/shop', {token: TOKEN})).body
    expect(b.TaskGroups[0]!.Tasks).toEqual(a.TaskGroups[0]!.Tasks)
    expect([a.TaskGroups[0]!.Count, b.TaskGroups[0]!.Count]).toEqual([1, 2])
  })

  test('promoting the same spec again changes nothing', {timeout: 60_000}, async () => {
    const r = await zdev(['promote', jobFile, '--addr', prodAddr(), '--token', TOKEN, '--var', 'count=2', '--yes'])
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('already runs this spec; nothing to promote')
  })

  test('zdev job diff: what differs between the file and prod (exit 1), nothing (exit 0)', {timeout: 60_000}, async () => {
    const d = await zdev(['job', 'diff', jobFile, '--addr', prodAddr(), '--token', TOKEN, '--var', 'count=3'])
    expect(d.code, d.out).toBe(1)
    expect(d.out).toContain('+/- Job: "shop"')
    expect(d.out).toContain('+/- Count: "2" => "3"')
    const same = await zdev(['job', 'diff', jobFile, '--addr', prodAddr(), '--token', TOKEN, '--var', 'count=2'])
    expect(same.code, same.out).toBe(0)
    expect(same.out).toMatch(/Job "shop" on http:\/\/127\.0\.0\.1:\d+ runs this spec\./)
  })

  test('a change on prod between plan and register aborts the promotion; prod keeps that change', {timeout: 60_000}, async () => {
    const client = new NomadClient({addr: prodAddr(), token: TOKEN})
    const lines: string[] = []
    let err: unknown
    try {
      await promoteJob(client, {
        file: jobFile, vars: {count: '3'}, varFiles: [], env: {}, yes: false, say: (l) => lines.push(l), timeoutMs: 30_000,
        confirm: async () => {
          // someone else scales prod while we look at the diff
          const r = await call(prodPort(), '/v1/job/shop/scale', {method: 'POST', token: TOKEN, body: {Count: 4, Target: {Group: 'web'}}})
          expect(r.status).toBe(200)
          return true
        },
      })
    } catch (e) {
      err = e
    } finally {
      client.close()
    }
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).code).toBe('changed_since_plan')
    expect((err as UserError).message).toMatch(/^Job "shop" changed on http:\/\/127\.0\.0\.1:\d+ after the plan \(the plan was made at job modify index \d+\); nothing was registered\.$/)
    expect(lines.join('\n')).toContain('+/- Count: "2" => "3"')
    const job = (await call<Job>(prodPort(), '/v1/job/shop', {token: TOKEN})).body
    expect(job.TaskGroups[0]!.Count).toBe(4)
  })

  test('a bad token is refused with 403; the token is not printed', {timeout: 60_000}, async () => {
    const bad = 'wrong-token-do-not-print'
    const r = await zdev(['promote', jobFile, '--addr', prodAddr(), '--token', bad, '--yes'])
    expect(r.code).toBe(1)
    expect(r.out).toContain('HTTP 403: Permission denied')
    expect(r.out).not.toContain(bad)
    expect(r.out).not.toContain('    at ')
  })

  test('no confirmation and no --yes off a terminal is refused before registering', {timeout: 60_000}, async () => {
    const r = await zdev(['promote', jobFile, '--addr', prodAddr(), '--token', TOKEN, '--var', 'count=5'])
    expect(r.code).toBe(1)
    expect(r.out).toContain('pass --yes')
    expect((await call<Job>(prodPort(), '/v1/job/shop', {token: TOKEN})).body.TaskGroups[0]!.Count).toBe(4)
  })
})
