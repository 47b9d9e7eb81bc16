import {describe, expect, test} from 'vitest'
import {UserError, UserErrors} from '../../src/lib/errors.js'
import type {Job} from '../../src/model/job.js'
import {FILE, groupJob, load, messagesOf, taskJob} from './helpers.js'

// `job render` (= `nomad job run -output`) is parse + canonicalize; `job validate` adds Nomad's
// server-side checks. Each case is a difference from Nomad found by using both.

const g0 = (j: Job) => j.TaskGroups[0]!
const t0 = (j: Job) => g0(j).Tasks[0]!
const render = (src: string) => load(src, {serverChecks: false})
type Loose = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const CONNECT = `network {
  mode = "bridge"
}
service {
  name = "api"
  port = "9001"
  connect {
    sidecar_service {
      proxy {
        upstreams {
          destination_name = "db"
          local_bind_port  = 5432
        }
        config {
          protocol      = "http"
          envoy_prometheus_bind_addr = "0.0.0.0:9102"
        }
        expose {
          path {
            path            = "/health"
            protocol        = "http"
            local_path_port = 9001
            listener_port   = "expose"
          }
        }
      }
      meta {
        some_Key = "v"
      }
    }
    sidecar_task {
      config {
        image_name = "envoy"
      }
      env {
        LOG_level = "debug"
      }
      resources {
        cpu    = 50
        memory = 64
      }
      kill_timeout = "3s"
    }
  }
}`

describe('render: the API JSON Nomad stores', () => {
  test('Connect: upstreams and expose paths are lists, opaque maps keep their keys, durations in ns', async () => {
    const s = g0(await render(groupJob(CONNECT))).Services![0] as Loose
    const proxy = s.Connect.SidecarService.Proxy
    expect(proxy.Upstreams).toEqual([{DestinationName: 'db', LocalBindPort: 5432}])
    expect(proxy.Config).toEqual({protocol: 'http', envoy_prometheus_bind_addr: '0.0.0.0:9102'})
    expect(proxy.Expose).toEqual({Paths: [{Path: '/health', Protocol: 'http', LocalPathPort: 9001, ListenerPort: 'expose'}]})
    expect(s.Connect.SidecarService.Meta).toEqual({some_Key: 'v'})
    expect(s.Connect.SidecarTask).toEqual({Config: {image_name: 'envoy'}, Env: {LOG_level: 'debug'}, Resources: {CPU: 50, MemoryMB: 64}, KillTimeout: 3e9})
  })

  test('two upstreams stay two list items', async () => {
    const src = groupJob(CONNECT.replace('upstreams {', 'upstreams {\n  destination_name = "cache"\n  local_bind_port = 6379\n}\nupstreams {'))
    const s = g0(await render(src)).Services![0] as Loose
    expect(s.Connect.SidecarService.Proxy.Upstreams.map((u: Loose) => u.DestinationName)).toEqual(['cache', 'db'])
  })

  test('ingress gateway listeners and services, multiregion regions and ui links are lists', async () => {
    const gw = 'service {\n  name = "ig"\n  port = "8080"\n  connect {\n    gateway {\n      proxy {\n        connect_timeout = "5s"\n      }\n      ingress {\n        listener {\n          port = 8080\n          protocol = "tcp"\n          service {\n            name = "api"\n          }\n        }\n      }\n    }\n  }\n}'
    const j = (await render(groupJob(gw, {task: null, job: 'multiregion {\n  region "west" {\n    count = 2\n    meta {\n      my_key = "v"\n    }\n  }\n}\nui {\n  description = "d"\n  link {\n    label = "docs"\n    url = "https://example.com"\n  }\n}'}))) as Loose
    expect(j.TaskGroups[0].Services[0].Connect.Gateway).toEqual({Proxy: {ConnectTimeout: 5e9}, Ingress: {Listeners: [{Port: 8080, Protocol: 'tcp', Services: [{Name: 'api'}]}]}})
    expect(j.Multiregion).toEqual({Regions: [{Name: 'west', Count: 2, Meta: {my_key: 'v'}}]})
    expect(j.UI).toEqual({Description: 'd', Links: [{Label: 'docs', URL: 'https://example.com'}]})
  })

  test('task config, meta and env keys are never renamed', async () => {
    const t = t0(await render(taskJob('config {\n  some_key = 1\n  Mixed_Case = "x"\n  nested_block {\n    inner_key = 2\n  }\n}\nmeta {\n  my_key = "v"\n}\nenv {\n  MY_var = "1"\n}')))
    expect(t.Config).toEqual({some_key: 1, Mixed_Case: 'x', nested_block: [{inner_key: 2}]})
    expect(t.Meta).toEqual({my_key: 'v'})
    expect(t.Env).toEqual({MY_var: '1'})
  })

  test.each([
    ['distinct_hosts = true', 'true'],
    ['distinct_hosts = false', 'false'],
  ])('compact %s is {Operand distinct_hosts, RTarget %j} as the operator/value form', async (attr, want) => {
    const compact = g0(await render(groupJob(`constraint {\n  ${attr}\n}`))).Constraints
    const opValue = g0(await render(groupJob(`constraint {\n  operator = "distinct_hosts"\n  value = "${want}"\n}`))).Constraints
    expect(compact).toEqual([{LTarget: '', RTarget: want, Operand: 'distinct_hosts'}])
    expect(compact).toEqual(opValue)
  })

  test('identity blocks: the default goes to Identity, named ones to Identities, aud → Audience, ttl in ns', async () => {
    const t = t0(await render(taskJob('identity {\n  env = true\n  file = true\n}\nidentity {\n  name = "foo"\n  aud = ["bar"]\n  file = true\n  ttl = "2h"\n  change_mode = "signal"\n  change_signal = "sighup"\n}'))) as Loose
    expect(t.Identity).toEqual({Name: '', Audience: null, ChangeMode: '', ChangeSignal: '', Env: true, File: true, Filepath: '', ServiceName: '', TTL: 0})
    expect(t.Identities).toEqual([{Name: 'foo', Audience: ['bar'], ChangeMode: 'signal', ChangeSignal: 'sighup', Env: false, File: true, Filepath: '', ServiceName: '', TTL: 2 * 3600e9}])
  })

  test('API defaults: Consul.Cluster and Service.Cluster "default", template defaults, Periodic.Specs', async () => {
    const j = await render(groupJob('consul {\n  namespace = "ns"\n}\nnetwork {\n  port "http" {}\n}\nservice {\n  port = "http"\n}', {job: 'type = "batch"\nperiodic {\n  cron = "@daily"\n}', task: 'task "t" {\n  driver = "exec"\n  consul {}\n  template {\n    data = "x"\n    destination = "local/x"\n    change_mode = "signal"\n  }\n}'}))
    expect((g0(j) as Loose).Consul).toEqual({Namespace: 'ns', Cluster: 'default'})
    expect((t0(j) as Loose).Consul).toEqual({Cluster: 'default'})
    expect((g0(j).Services![0] as Loose).Cluster).toBe('default')
    expect(t0(j).Templates![0]).toMatchObject({ChangeMode: 'signal', ChangeSignal: 'SIGHUP', ErrMissingKey: false, Once: false, Splay: 5e9})
    expect(j.Periodic).toEqual({Enabled: true, Spec: '@daily', Specs: [], SpecType: 'cron', ProhibitOverlap: false, TimeZone: 'UTC'})
  })

  test('render does not run server checks; validate does', async () => {
    const src = groupJob('', {task: 'task "t" {\n}'})
    expect(t0(await render(src)).Driver).toBe('')
    expect(await messagesOf(src)).toEqual([`${FILE}:6: Missing task driver for task "t"; set driver = "docker", "exec" or "raw_exec".`])
  })
})

describe('validate: what Nomad accepts and refuses', () => {
  test('update { max_parallel = 0 } (a server dump) is the empty strategy: not checked', async () => {
    expect(await messagesOf(groupJob('update {\n  max_parallel = 0\n  min_healthy_time = "10m"\n  healthy_deadline = "5m"\n}'))).toEqual([])
    expect(await messagesOf(groupJob('update {\n  max_parallel = 1\n  min_healthy_time = "10m"\n  healthy_deadline = "5m"\n}'))).toEqual([`${FILE}:5: Minimum healthy time (600s) must be less than healthy deadline (300s).`])
  })

  test('a group service naming an undeclared port is accepted with a warning', async () => {
    const warnings: string[] = []
    await load(groupJob('service {\n  port = "http"\n  check {\n    type = "tcp"\n    port = "admin"\n    interval = "10s"\n    timeout = "2s"\n  }\n}'), {warnings})
    expect(warnings).toEqual([
      `${FILE}:5: Port label "http" referenced by service "j-g" is not declared; add port "http" {} to the group's network block. (Nomad accepts this for a group service; it gets no port until one is declared)`,
      `${FILE}:7: Port label "admin" referenced by check "service: \\"j-g\\" check" of service "j-g" is not declared; add port "admin" {} to the group's network block. (Nomad accepts this for a group service; it gets no port until one is declared)`,
    ])
  })

  test('a task service naming an undeclared port is still an error', async () => {
    expect(await messagesOf(taskJob('service {\n  port = "http"\n}'))).toEqual([`${FILE}:8: Port label "http" referenced by service "j-g-t" is not declared; add port "http" {} to the group's network block.`])
  })

  test.each([
    ['env attribute and block', 'env = { a = "b" }\nenv {\n  c = "d"\n}', `${FILE}:9: Duplicate env block; Only one "env" block or attribute is allowed. Another was defined at ${FILE}:8.`],
    ['two env blocks', 'env {\n  a = "b"\n}\nenv {\n  c = "d"\n}', `${FILE}:11: Duplicate env block; Only one "env" block or attribute is allowed. Another was defined at ${FILE}:8.`],
    ['two meta blocks', 'meta {\n  a = "b"\n}\nmeta {\n  c = "d"\n}', `${FILE}:11: Duplicate meta block; Only one "meta" block or attribute is allowed. Another was defined at ${FILE}:8.`],
  ])('%s are refused', async (_d, task, msg) => {
    expect(await messagesOf(taskJob(task))).toEqual([msg])
  })

  test('an empty variable error_message is refused', async () => {
    const src = groupJob('', {head: 'variable "n" {\n  default = 1\n  validation {\n    condition = var.n > 0\n    error_message = ""\n  }\n}'})
    expect(await messagesOf(src)).toEqual([`${FILE}:5: Invalid validation error message; An empty string is not a valid nor useful error message.`])
  })

  test('an unset variable gives one error, without follow-on null errors', async () => {
    const src = taskJob('config {\n  image = var.image\n}\nenv {\n  IMG = "${var.image}-x"\n}', {group: 'count = var.n'}).replace('job "j"', 'variable "image" {\n  type = string\n}\nvariable "n" {\n  type = number\n}\njob "j"')
    const errs = await messagesOf(src)
    expect(errs).toEqual([
      `${FILE}:2: Unset variable "image"; A used variable must be set or have a default value: pass -var image=…, a -var-file, or NOMAD_VAR_image.`,
      `${FILE}:5: Unset variable "n"; A used variable must be set or have a default value: pass -var n=…, a -var-file, or NOMAD_VAR_n.`,
    ])
  })

  test('errors stay UserErrors', async () => {
    await expect(load(groupJob('count = -1'))).rejects.toBeInstanceOf(UserError)
    await expect(load(groupJob('count = -1\n', {job: 'priority = 500'}))).rejects.toBeInstanceOf(UserErrors)
  })
})
