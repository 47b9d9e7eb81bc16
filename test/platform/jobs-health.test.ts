import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {loadJobFile} from '../../src/jobspec/index.js'
import type {Allocation, Job, ServiceRegistration} from '../../src/model/index.js'
import {jobsHealthOf} from '../../src/platform/platform-jobs.js'
import type {ClusterState, ProxyRecord} from '../../src/store/cluster-state.js'

// `up` returns when the platform's jobs are running, healthy AND routed: an allocation whose
// service is not registered yet is not healthy, and a proxy whose table lags is not ready.

let dir = ''
let job: Job
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zdev-jobs-health-'))
  writeFileSync(path.join(dir, 'web.nomad.hcl'), `job "web" {
  group "web" {
    count = 2
    network {
      port "http" {}
    }
    service {
      name = "web"
      port = "http"
      tags = ["traefik.enable=true"]
    }
    task "web" {
      driver = "raw_exec"
      config {
        command = "/bin/true"
      }
    }
  }
}
`)
  job = await loadJobFile(path.join(dir, 'web.nomad.hcl'))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const alloc = (id: string): Allocation => ({ID: id, JobID: 'web', TaskGroup: 'web', DesiredStatus: 'run', ClientStatus: 'running'}) as Allocation
const reg = (alloc: string, healthy = true, tags: string[] = ['traefik.enable=true']): ServiceRegistration =>
  ({ID: `r-${alloc}`, ServiceName: 'web', Namespace: 'default', NodeID: 'n1', Datacenter: 'dc1', AllocID: alloc, JobID: 'web', Tags: tags, Address: '127.0.0.1', Port: alloc === 'a' ? 21001 : 21002, Canary: false, Healthy: healthy})
const proxy = (name: string, web: number | undefined): ProxyRecord => ({Name: name, HealthyByService: web === undefined ? {} : {web}}) as ProxyRecord
const state = (s: Partial<ClusterState>): ClusterState =>
  ({revision: 1, jobs: {}, jobModRevisions: {}, jobVersions: {}, nodes: [], allocs: [], evals: [], deployments: [], services: [], servers: [], proxies: [], events: [], ...s})

describe('jobsHealthOf: running, healthy and routed', () => {
  const cases: {name: string; st: Partial<ClusterState>; ready: boolean; line: string}[] = [
    {name: 'both running, registered, healthy, routed by both proxies', st: {allocs: [alloc('a'), alloc('b')], services: [reg('a'), reg('b')], proxies: [proxy('proxy-1', 2), proxy('proxy-2', 2)]}, ready: true, line: 'web 2/2'},
    {name: 'a running allocation whose service is not registered yet is not healthy', st: {allocs: [alloc('a'), alloc('b')], services: [reg('a')], proxies: [proxy('proxy-1', 1)]}, ready: false, line: 'web 1/2'},
    {name: 'a failing check is not healthy', st: {allocs: [alloc('a'), alloc('b')], services: [reg('a'), reg('b', false)], proxies: []}, ready: false, line: 'web 1/2'},
    {name: 'one proxy still routes one instance', st: {allocs: [alloc('a'), alloc('b')], services: [reg('a'), reg('b')], proxies: [proxy('proxy-1', 2), proxy('proxy-2', 1)]}, ready: false, line: 'web 2/2 (not yet routed by proxy-2)'},
    {name: 'a proxy whose table has not got the service at all', st: {allocs: [alloc('a'), alloc('b')], services: [reg('a'), reg('b')], proxies: [proxy('proxy-1', undefined)]}, ready: false, line: 'web 2/2 (not yet routed by proxy-1)'},
    {name: 'a service the proxies do not route (traefik.enable=false) needs no route', st: {allocs: [alloc('a'), alloc('b')], services: [reg('a', true, ['traefik.enable=false']), reg('b', true, ['traefik.enable=false'])], proxies: [proxy('proxy-1', undefined)]}, ready: true, line: 'web 2/2'},
    {name: 'no proxies: healthy is enough', st: {allocs: [alloc('a'), alloc('b')], services: [reg('a'), reg('b')]}, ready: true, line: 'web 2/2'},
  ]
  for (const c of cases) {
    test(c.name, () => {
      expect(jobsHealthOf(state(c.st), [job])).toEqual({ready: c.ready, line: c.line})
    })
  }
})
