import {describe, expect, test} from 'vitest'
import {taskDirs} from '../../../src/client/runner/alloc-dir.js'
import {buildTaskEnv} from '../../../src/client/runner/task-env.js'
import {makeAlloc, makeGroup, makeJob, makeNode, makeTask} from '../helpers.js'

function input(opts: {hostEnv?: Record<string, string>; templateEnv?: Record<string, string>} = {}) {
  const task = makeTask({Name: 'server', Env: {BIND: '${NOMAD_ADDR_http}', DC: 'in ${node.datacenter}', RACK: '${meta.rack}', HOME: '/override'}, Meta: {Version: 'v2'}})
  const group = makeGroup([task], {Meta: {tier: 'front'}})
  const job = makeJob([group], {Meta: {owner: 'me'}, ParentID: 'batch-parent'})
  const alloc = makeAlloc({
    AllocatedResources: {
      Tasks: {},
      Shared: {DiskMB: 0, Ports: [{Label: 'http', Value: 23456, To: 0, HostIP: '127.0.1.3'}, {Label: 'admin', Value: 23457, To: 9000, HostIP: ''}]},
    },
  })
  return {alloc, job, group, task, node: makeNode({Address: '127.0.1.3'}), dirs: taskDirs('/a/0123', 'server'), ...opts}
}

describe('buildTaskEnv', () => {
  const env = buildTaskEnv(input({hostEnv: {PATH: '/usr/bin', HOME: '/root', VAULT_TOKEN: 'secret', CONSUL_HTTP_TOKEN: 'x'}}))

  test.each([
    ['NOMAD_ALLOC_DIR', '/a/0123/alloc'],
    ['NOMAD_TASK_DIR', '/a/0123/server/local'],
    ['NOMAD_SECRETS_DIR', '/a/0123/server/secrets'],
    ['NOMAD_ALLOC_ID', '0123abcd-0000-4000-8000-000000000001'],
    ['NOMAD_SHORT_ALLOC_ID', '0123abcd'],
    ['NOMAD_ALLOC_NAME', 'demo.web[2]'],
    ['NOMAD_ALLOC_INDEX', '2'],
    ['NOMAD_JOB_ID', 'demo'],
    ['NOMAD_JOB_NAME', 'demo'],
    ['NOMAD_JOB_PARENT_ID', 'batch-parent'],
    ['NOMAD_GROUP_NAME', 'web'],
    ['NOMAD_TASK_NAME', 'server'],
    ['NOMAD_DC', 'dc1'],
    ['NOMAD_REGION', 'global'],
    ['NOMAD_NAMESPACE', 'default'],
    ['NOMAD_NODE_ID', 'node-1-id'],
    ['NOMAD_NODE_NAME', 'node-1'],
    ['NOMAD_CPU_LIMIT', '100'],
    ['NOMAD_MEMORY_LIMIT', '64'],
    ['NOMAD_IP_http', '127.0.1.3'],
    ['NOMAD_PORT_http', '23456'],
    ['NOMAD_ADDR_http', '127.0.1.3:23456'],
    ['NOMAD_HOST_IP_http', '127.0.1.3'],
    ['NOMAD_HOST_PORT_http', '23456'],
    ['NOMAD_HOST_ADDR_http', '127.0.1.3:23456'],
    ['NOMAD_ALLOC_PORT_http', '23456'],
    ['NOMAD_PORT_admin', '9000'], // mapped with `to`: the task-side port
    ['NOMAD_HOST_PORT_admin', '23457'],
    ['NOMAD_IP_admin', '127.0.1.3'], // no HostIP: the node's address
    ['NOMAD_META_owner', 'me'],
    ['NOMAD_META_OWNER', 'me'],
    ['NOMAD_META_tier', 'front'],
    ['NOMAD_META_Version', 'v2'],
    ['NOMAD_META_VERSION', 'v2'],
    ['BIND', '127.0.1.3:23456'],
    ['DC', 'in dc1'],
    ['RACK', 'r1'],
    ['HOME', '/override'],
    ['PATH', '/usr/bin'],
  ])('%s = %s', (key, want) => {
    expect(env[key]).toBe(want)
  })

  test('secrets of the host environment are withheld', () => {
    expect(env.VAULT_TOKEN).toBeUndefined()
    expect(env.CONSUL_HTTP_TOKEN).toBeUndefined()
  })

  test('template env vars win over the env block', () => {
    expect(buildTaskEnv(input({templateEnv: {RACK: 'from-template'}})).RACK).toBe('from-template')
  })

  test('NOMAD_JOB_PARENT_ID is absent for a job without parent', () => {
    const i = input()
    expect(buildTaskEnv({...i, job: {...i.job, ParentID: undefined}}).NOMAD_JOB_PARENT_ID).toBeUndefined()
  })
})
